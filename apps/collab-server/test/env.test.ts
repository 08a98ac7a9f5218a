import { describe, expect, it } from "vitest";
import { readCollabEnv } from "../src/env";

const base = {
  DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db",
  REDIS_URL: "redis://127.0.0.1:6379",
  COLLAB_SECRET: "s".repeat(40),
};

describe("collab environment", () => {
  it("allows the web app's own origin when no origins are configured (empty counts as unset)", () => {
    const env = readCollabEnv({
      ...base,
      NEXTAUTH_URL: "https://layerwise.example/app",
      COLLAB_ALLOWED_ORIGINS: "",
    });
    expect(env.COLLAB_ALLOWED_ORIGINS).toEqual([
      "https://layerwise.example",
      "http://localhost:3000",
      "http://127.0.0.1:3000",
    ]);
    expect(readCollabEnv(base).COLLAB_ALLOWED_ORIGINS).toEqual([
      "http://localhost:3000",
      "http://127.0.0.1:3000",
    ]);
  });

  it("takes a configured list and the limits, and names a wrong variable", () => {
    const env = readCollabEnv({
      ...base,
      COLLAB_ALLOWED_ORIGINS: "https://a.example, https://b.example",
      COLLAB_TRUST_PROXY: "true",
      COLLAB_AWARENESS_PER_SECOND: "12",
    });
    expect(env).toMatchObject({
      COLLAB_ALLOWED_ORIGINS: ["https://a.example", "https://b.example"],
      COLLAB_TRUST_PROXY: true,
      COLLAB_AWARENESS_PER_SECOND: 12,
    });
    expect(() => readCollabEnv({ ...base, COLLAB_MAX_MESSAGE_BYTES: "ten" })).toThrow(
      /COLLAB_MAX_MESSAGE_BYTES/,
    );
  });
});
