// `npm run bench -w apps/web`: the editor's interactive speed (editor-bench.mjs, headless
// Chromium on a production build) and the runs table's queries (runs-bench.ts, Postgres), one
// after the other. Arguments (`--json`) go to both; `BENCH_ONLY=editor|runs` runs one of them.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const only = process.env.BENCH_ONLY;
const benches = [
  ["editor", ["bench/editor-bench.mjs"]],
  // react-server: the server functions import `server-only`, which throws under plain Node.
  ["runs", ["--conditions=react-server", "--import", "tsx", "bench/runs-bench.ts"]],
].filter(([name]) => !only || only === name);
let failed = 0;
for (const [, argv] of benches) {
  const r = spawnSync(process.execPath, [...argv, ...args], {
    cwd: join(HERE, ".."),
    stdio: "inherit",
  });
  if (r.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
