import { describe, expect, it } from "vitest";
import { createLogger } from "./log";

describe("createLogger", () => {
  it("writes one JSON object per line with service, level and fields, honouring the level", () => {
    const lines: string[] = [];
    const log = createLogger("trainer", "info", (l) => lines.push(l)).child({ runId: "r1" });
    log.debug("hidden");
    log.warn("slow epoch", { seconds: 12, error: new Error("boom") });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    const record = JSON.parse(lines[0]!);
    expect(record).toMatchObject({
      level: "warn",
      service: "trainer",
      msg: "slow epoch",
      runId: "r1",
      seconds: 12,
    });
    expect(record.error.message).toBe("boom");
    expect(Number.isNaN(Date.parse(record.time))).toBe(false);
  });
});
