import type { PrismaClient, ProjectVersion, VersionKind } from "@layerwise/db";
import type { TModelFlow } from "@layerwise/graph-core";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";
import { parseInput } from "@/lib/server-only/errors";
import { loadCurrentProjectModel } from "@/features/projects/server/load-project-model";
import { summarizeModel } from "@/features/projects/server/summarize-model";
import { ZCreateVersionInput } from "../schemas";

type TTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Inserts the next version of a project (numbers 1, 2, 3… per project) with graph-core's
 * summary of `model`. Call inside a transaction that already checked authorization; a number
 * taken by a concurrent insert fails the unique index and the caller's retry takes the next one.
 */
export async function insertVersion(
  tx: TTx,
  data: {
    projectId: string;
    authorId: string | null;
    message: string;
    kind: VersionKind;
    model: TModelFlow;
    restoredFromId?: string;
  },
): Promise<ProjectVersion> {
  const last = await tx.projectVersion.findFirst({
    where: { projectId: data.projectId },
    orderBy: { number: "desc" },
    select: { number: true },
  });
  const summary = summarizeModel(data.model);
  return tx.projectVersion.create({
    data: {
      projectId: data.projectId,
      number: (last?.number ?? 0) + 1,
      message: data.message,
      kind: data.kind,
      authorId: data.authorId,
      model: data.model as object,
      totalParams: BigInt(summary.totalParams),
      errorCount: summary.errorCount,
      warningCount: summary.warningCount,
      diagnostics: summary.diagnostics as object[],
      restoredFromId: data.restoredFromId ?? null,
    },
  });
}

/** Retries `fn` when two versions raced for the same number (unique index P2002). */
export async function withVersionRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if ((error as { code?: string }).code === "P2002" && attempt < 3) continue;
      throw error;
    }
  }
}

/**
 * Saves the project's current model as a named version (editors and owners). `kind: "run"` is
 * for the training flow: submitting a run snapshots the model it trains.
 */
export async function createVersion(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  input: unknown,
  kind: VersionKind = "manual",
): Promise<ProjectVersion> {
  const { actor: user } = await requireProjectRole(db, actor, projectId, "editor");
  const { message } = parseInput(ZCreateVersionInput, input);
  return withVersionRetry(() =>
    db.$transaction(async (tx) => {
      const project = await tx.project.findUniqueOrThrow({ where: { id: projectId } });
      // The live log too: edits made seconds ago may not be compacted into ydocState yet.
      const { model } = await loadCurrentProjectModel(tx, project);
      return insertVersion(tx, { projectId, authorId: user.id, message, kind, model });
    }),
  );
}
