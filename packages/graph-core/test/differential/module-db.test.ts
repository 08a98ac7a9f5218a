/**
 * torch's own module test suite as the measure of the catalogue: every module type in
 * `torch.testing._internal.common_modules.module_db` that is not a loss or lazy module, and each of
 * its sample (and error) inputs that a model-flow document can say, analysed by graph-core and
 * compared node by node with torch's verdict (module_db_cases.py; same comparison as the random
 * differential test). Samples model-flow cannot say (initial states, masks, batch_first=False
 * attention, 0-d inputs) are counted and listed by reason, not hidden.
 *
 * Needs python3 with torch 2.13; LAYERWISE_SKIP_TORCH=1 skips it (and says so).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/analyze";
import { getLayerDef } from "../../src/layers/registry";
import {
  compareCase,
  formatDisagreement,
  type TDifferentialCase,
  type TDisagreement,
} from "./compare-cases";

const HERE = dirname(fileURLToPath(import.meta.url));
const SKIP = process.env["LAYERWISE_SKIP_TORCH"] === "1";

interface TModuleDbFile {
  torch: string;
  types: string[];
  cases: TDifferentialCase[];
  skipped: { type: string; sample: string; reason: string }[];
  seconds: number;
}

if (SKIP) console.warn("module_db: SKIPPED (LAYERWISE_SKIP_TORCH=1)");

describe.skipIf(SKIP)("torch's module_db: graph-core vs torch", () => {
  let dir = "";
  let data: TModuleDbFile;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "layerwise-module-db-"));
    const out = join(dir, "module-db.json");
    execFileSync("python3", [join(HERE, "module_db_cases.py"), "--out", out], {
      stdio: ["ignore", "inherit", "pipe"],
      timeout: 300_000,
    });
    data = JSON.parse(readFileSync(out, "utf8")) as TModuleDbFile;
  }, 300_000);

  afterAll(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("knows every module type of the suite that is not a loss or lazy module", () => {
    const unknown = data.types.filter((t) => getLayerDef(t) === undefined);
    console.log(
      `module_db: graph-core knows ${data.types.length - unknown.length}/${data.types.length} module types`,
    );
    expect(unknown, "module_db types graph-core has no layer for").toEqual([]);
    // The suite's size at torch 2.13: a much smaller list means the import or filter broke.
    expect(data.types.length).toBeGreaterThanOrEqual(80);
  });

  it("agrees with torch on every sample input model-flow can express", () => {
    const failures: TDisagreement[] = [];
    let agreeing = 0;
    for (const c of data.cases) {
      const found = compareCase(c, analyze(c.model));
      if (found.length === 0) agreeing++;
      failures.push(...found);
    }
    const reasons = new Map<string, number>();
    for (const s of data.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    const why = [...reasons]
      .sort((a, b) => b[1] - a[1])
      .map(([r, n]) => `  ${n} × ${r}`)
      .join("\n");
    const refused = data.cases.filter((c) => c.expect["n1"]?.status === "error").length;
    const summary = `module_db: ${agreeing}/${data.cases.length} samples agree (${refused} refused by torch ${data.torch})`;
    console.log(
      `${summary}; ${data.skipped.length} samples not expressible in model-flow (${data.seconds} s):\n${why}`,
    );
    const shown = failures.slice(0, 30).map(formatDisagreement).join("\n");
    expect(failures.length, `${summary}; disagreeing nodes:\n${shown}`).toBe(0);
    expect(data.cases.length).toBeGreaterThan(300);
  });
});
