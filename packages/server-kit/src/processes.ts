import { spawnSync } from "node:child_process";
import { readdirSync, readlinkSync } from "node:fs";

/**
 * Pids of the processes working in `dir` (their cwd, also once `dir` was deleted) or naming it
 * on their command line: how a run's runner processes are found on Linux (a runner moves into
 * its run directory when it gets its run, and its DataLoader workers inherit that).
 */
export function pidsWorkingIn(dir: string): number[] {
  const pids = new Set<number>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd === dir || cwd === `${dir} (deleted)`) pids.add(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  const named = spawnSync("pgrep", ["-f", dir], { encoding: "utf8" }).stdout ?? "";
  for (const pid of named.split("\n").map(Number))
    if (pid > 0 && pid !== process.pid) pids.add(pid);
  return [...pids];
}
