import type { PrismaClient, VersionKind } from "@layerwise/db";
import { parseModelFlow, type TDiagnostic, type TModelFlow } from "@layerwise/graph-core";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole } from "@/lib/server-only/authz";
import { NotFoundError } from "@/lib/server-only/errors";

/** A row of the version list. */
export interface TVersionRow {
  id: string;
  number: number;
  message: string;
  kind: VersionKind;
  authorName: string | null;
  createdAt: Date;
  totalParams: number;
  errorCount: number;
  warningCount: number;
  diagnostics: TDiagnostic[];
  restoredFromNumber: number | null;
}

const ROW_INCLUDE = { author: { select: { name: true } } } as const;

function toRow(
  v: {
    id: string;
    number: number;
    message: string;
    kind: VersionKind;
    createdAt: Date;
    totalParams: bigint;
    errorCount: number;
    warningCount: number;
    diagnostics: unknown;
    restoredFromId: string | null;
    author: { name: string } | null;
  },
  numbers: ReadonlyMap<string, number>,
): TVersionRow {
  return {
    id: v.id,
    number: v.number,
    message: v.message,
    kind: v.kind,
    authorName: v.author?.name ?? null,
    createdAt: v.createdAt,
    totalParams: Number(v.totalParams),
    errorCount: v.errorCount,
    warningCount: v.warningCount,
    diagnostics: Array.isArray(v.diagnostics) ? (v.diagnostics as TDiagnostic[]) : [],
    restoredFromNumber: v.restoredFromId ? (numbers.get(v.restoredFromId) ?? null) : null,
  };
}

/** A project's versions, newest first (any member of its team). */
export async function findVersions(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
): Promise<TVersionRow[]> {
  await requireProjectRole(db, actor, projectId, "viewer");
  const versions = await db.projectVersion.findMany({
    where: { projectId },
    orderBy: { number: "desc" },
    include: ROW_INCLUDE,
  });
  const numbers = new Map(versions.map((v) => [v.id, v.number]));
  return versions.map((v) => toRow(v, numbers));
}

/**
 * One version with its model (any member). The version must belong to `projectId`: an id from
 * another project — even one the actor can see — is "not found" here.
 */
export async function getVersion(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  versionId: string,
): Promise<TVersionRow & { model: TModelFlow }> {
  await requireProjectRole(db, actor, projectId, "viewer");
  const version = await db.projectVersion.findFirst({
    where: { id: versionId, projectId },
    include: ROW_INCLUDE,
  });
  if (!version) throw new NotFoundError("Version not found in this project.");
  const parsed = parseModelFlow(version.model);
  if (!parsed.ok) throw new Error(`version ${version.id} holds an invalid model`);
  let restoredFrom = new Map<string, number>();
  if (version.restoredFromId) {
    const source = await db.projectVersion.findUnique({
      where: { id: version.restoredFromId },
      select: { number: true },
    });
    if (source) restoredFrom = new Map([[version.restoredFromId, source.number]]);
  }
  return { ...toRow(version, restoredFrom), model: parsed.doc };
}
