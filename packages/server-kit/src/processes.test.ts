import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pidsWorkingIn } from "./processes";

describe("pidsWorkingIn", () => {
  it("finds a process by its working directory, also after the directory is deleted", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lw-pids-"));
    const child = spawn("sleep", ["30"], { cwd: dir, stdio: "ignore" });
    try {
      expect(pidsWorkingIn(dir)).toContain(child.pid);
      await rm(dir, { recursive: true });
      expect(pidsWorkingIn(dir)).toContain(child.pid);
      expect(pidsWorkingIn(`${dir}-other`)).not.toContain(child.pid);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
