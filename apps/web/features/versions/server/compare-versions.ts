import type { PrismaClient } from "@layerwise/db";
import { diffModels, type TModelDiff, type TModelFlow } from "@layerwise/graph-core";
import type { TActor } from "@/lib/server-only/actor";
import {
  computeModelGeometry,
  type THighlight,
  type TModelGeometry,
} from "@/features/projects/model-geometry";
import { getVersion, type TVersionRow } from "./find-versions";

/** Two versions, graph-core's diff between them and both pictures with the changes marked. */
export interface TVersionComparison {
  before: Omit<TVersionRow, "diagnostics">;
  after: Omit<TVersionRow, "diagnostics">;
  diff: TModelDiff;
  /** `before` with removed nodes red and changed ones amber. */
  beforeGeometry: TModelGeometry;
  /** `after` with added nodes green and changed ones amber. */
  afterGeometry: TModelGeometry;
}

/** Compares two versions of one project (any member); `beforeId` is the older side. */
export async function compareVersions(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  beforeId: string,
  afterId: string,
): Promise<TVersionComparison> {
  const {
    model: beforeModel,
    diagnostics: _b,
    ...before
  } = await getVersion(db, actor, projectId, beforeId);
  const {
    model: afterModel,
    diagnostics: _a,
    ...after
  } = await getVersion(db, actor, projectId, afterId);
  const diff = diffModels(beforeModel, afterModel);
  const { beforeMarks, afterMarks } = diffHighlights(beforeModel, afterModel, diff);
  return {
    before,
    after,
    diff,
    beforeGeometry: computeModelGeometry(beforeModel, beforeMarks, { labels: true }),
    afterGeometry: computeModelGeometry(afterModel, afterMarks, { labels: true }),
  };
}

/**
 * The highlights of a diff on both pictures: `before` marks removed and changed layers, `after`
 * added and changed ones. A Block node whose block definition changed is marked changed too,
 * since it behaves differently though its own params did not. (Run comparison uses it as well.)
 */
export function diffHighlights(
  beforeModel: TModelFlow,
  afterModel: TModelFlow,
  diff: TModelDiff,
): { beforeMarks: Map<string, THighlight>; afterMarks: Map<string, THighlight> } {
  const beforeMarks = new Map<string, THighlight>();
  const afterMarks = new Map<string, THighlight>();
  for (const id of diff.removed) beforeMarks.set(id, "removed");
  for (const id of diff.added) afterMarks.set(id, "added");
  for (const change of diff.changed) {
    beforeMarks.set(change.id, "changed");
    afterMarks.set(change.id, "changed");
  }
  const changedBlocks = new Set(diff.blocks?.changed.map((c) => c.id) ?? []);
  for (const [model, marks] of [
    [beforeModel, beforeMarks],
    [afterModel, afterMarks],
  ] as const) {
    for (const node of model.nodes) {
      const block = node.type === "Block" ? node.params?.block : undefined;
      if (typeof block === "string" && changedBlocks.has(block) && !marks.has(node.id)) {
        marks.set(node.id, "changed");
      }
    }
  }
  return { beforeMarks, afterMarks };
}
