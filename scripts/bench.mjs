// `npm run bench`: every workspace's benchmark (scripts that print numbers). Extra arguments
// (e.g. `-- --json`) are passed to each.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./lib/env.mjs";
import { bold } from "./lib/log.mjs";

const extra = process.argv.slice(2);
const dirs = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(ROOT, group)).map((name) => join(ROOT, group, name)),
);
let failed = 0;
for (const dir of dirs) {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) continue;
  const pkg = JSON.parse(readFileSync(manifest, "utf8"));
  if (!pkg.scripts?.bench) continue;
  if (!extra.includes("--json")) console.log(bold(`\n${pkg.name}`));
  const r = spawnSync("npm", ["run", "bench", "--silent", "--", ...extra], {
    cwd: dir,
    stdio: "inherit",
  });
  if (r.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
