import { describe, expect, it } from "vitest";
import { readTrainerEnv } from "./env";

const base = {
  DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db",
  REDIS_URL: "redis://127.0.0.1:6379",
};

describe("trainer env", () => {
  it("reads the empty optional variables of .env.example as unset", () => {
    const env = readTrainerEnv({
      ...base,
      TRAINER_CONCURRENCY: "",
      TRAINER_CPU_THREADS: "",
      TRAINER_WORK_DIR: "",
      TRAINER_TEAMS: "",
      S3_BUCKET: "",
      STORAGE: "local",
    });
    expect(env.TRAINER_CONCURRENCY).toBeUndefined();
    expect(env.TRAINER_CPU_THREADS).toBeUndefined();
    expect(env.TRAINER_WORK_DIR).toBeUndefined();
    expect(env.TRAINER_TEAMS).toBeUndefined();
    expect(env.TRAINING_MAX_RUNNING_PER_TEAM).toBe(2);
  });

  it("names a bad per-team limit and splits the team list", () => {
    expect(() => readTrainerEnv({ ...base, TRAINING_MAX_RUNNING_PER_TEAM: "0" })).toThrow(
      /TRAINING_MAX_RUNNING_PER_TEAM/,
    );
    expect(readTrainerEnv({ ...base, TRAINER_TEAMS: "a, b" }).TRAINER_TEAMS).toEqual(["a", "b"]);
  });
});

describe("trainer env from .env.example", () => {
  it("accepts every default the example file ships", async () => {
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(new URL("../../../.env.example", import.meta.url), "utf8");
    const vars = Object.fromEntries(
      text
        .split("\n")
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    const env = readTrainerEnv(vars);
    expect(env.STORAGE).toBe("local");
    expect(env.TRAINER_QUEUE_PREFIX).toBe("bull");
  });
});
