import { z } from "zod";
import { describe, expect, it } from "vitest";
import { EnvError, envFields, parseEnv } from "./env";

const schema = z.object({
  DATABASE_URL: envFields.databaseUrl,
  REDIS_URL: envFields.redisUrl,
  COLLAB_PORT: envFields.port(1234),
  COLLAB_SECRET: envFields.secret,
});

const good = {
  DATABASE_URL: "postgresql://u:p@localhost:5432/db",
  REDIS_URL: "redis://localhost:6379",
  COLLAB_SECRET: "x".repeat(32),
};

describe("parseEnv", () => {
  it("returns typed values with defaults", () => {
    const env = parseEnv("collab", schema, good);
    expect(env.COLLAB_PORT).toBe(1234);
    expect(env.DATABASE_URL).toBe(good.DATABASE_URL);
  });

  it("names each bad variable and what it expected", () => {
    const bad = {
      ...good,
      REDIS_URL: "localhost:6379",
      COLLAB_PORT: "99999",
      COLLAB_SECRET: undefined,
    };
    let error: unknown;
    try {
      parseEnv("collab", schema, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message).toContain("collab: invalid environment");
    expect(message).toMatch(/REDIS_URL: must be a redis:\/\/ URL \(got "localhost:6379"\)/);
    expect(message).toMatch(/COLLAB_PORT: must be between 1 and 65535 \(got "99999"\)/);
    expect(message).toMatch(/COLLAB_SECRET: .*\(not set\)/);
    expect(message).not.toContain("DATABASE_URL");
  });
});
