import type { PrismaClient, Role } from "@layerwise/db";
import type { TModelFlow } from "@layerwise/graph-core";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole, requireTeamRole } from "@/lib/server-only/authz";
import { computeModelGeometry, type TModelGeometry } from "../model-geometry";
import { ZProjectSort, type TProjectSort } from "../schemas";
import { loadProjectModel } from "./load-project-model";
import { summarizeModel, type TModelSummary } from "./summarize-model";

/** A dashboard card: the project, graph-core's counts and the thumbnail geometry. */
export interface TProjectCard {
  id: string;
  name: string;
  description: string;
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
  summary: Omit<TModelSummary, "diagnostics">;
  thumbnail: TModelGeometry;
}

export interface TFindProjectsOptions {
  q?: string;
  sort?: TProjectSort | string;
  /** Archived projects instead of active ones. */
  archived?: boolean;
}

/**
 * A team's projects for its dashboard (any member). Counts and thumbnails are computed here by
 * graph-core from the stored model, so they always match what the editor would show.
 */
export async function findProjects(
  db: PrismaClient,
  actor: TActor | null,
  teamId: string,
  options: TFindProjectsOptions = {},
): Promise<TProjectCard[]> {
  await requireTeamRole(db, actor, teamId, "viewer");
  const q = options.q?.trim().slice(0, 100);
  const sort = ZProjectSort.parse(options.sort);
  const rows = await db.project.findMany({
    where: {
      teamId,
      archivedAt: options.archived ? { not: null } : null,
      ...(q
        ? {
            OR: [
              { name: { contains: q, mode: "insensitive" as const } },
              { description: { contains: q, mode: "insensitive" as const } },
            ],
          }
        : {}),
    },
    orderBy:
      sort === "name"
        ? { name: "asc" }
        : sort === "created"
          ? { createdAt: "desc" }
          : { updatedAt: "desc" },
    take: 200,
  });
  const cards = rows.map((row) => {
    const { model } = loadProjectModel(row);
    const { diagnostics: _d, ...summary } = summarizeModel(model);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      archived: row.archivedAt !== null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      summary,
      thumbnail: computeModelGeometry(model),
    };
  });
  if (sort === "errors") {
    cards.sort(
      (a, b) =>
        b.summary.errorCount - a.summary.errorCount ||
        b.summary.warningCount - a.summary.warningCount,
    );
  }
  return cards;
}

/** A project page's data: the project, the actor's role, the model and graph-core's summary. */
export interface TProjectDetail {
  project: {
    id: string;
    name: string;
    description: string;
    teamId: string;
    teamName: string;
    archived: boolean;
    modelSavedAt: Date | null;
  };
  role: Role;
  model: TModelFlow;
  /** Base64 Y.Doc state for the editor; null for a project never saved. */
  ydocState: string | null;
  corrupt: boolean;
  summary: TModelSummary;
}

/** Loads one project for a member of its team. */
export async function getProject(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
): Promise<TProjectDetail> {
  const { project, role } = await requireProjectRole(db, actor, projectId, "viewer");
  const team = await db.team.findUniqueOrThrow({
    where: { id: project.teamId },
    select: { name: true },
  });
  const { model, corrupt } = loadProjectModel(project);
  return {
    project: {
      id: project.id,
      name: project.name,
      description: project.description,
      teamId: project.teamId,
      teamName: team.name,
      archived: project.archivedAt !== null,
      modelSavedAt: project.modelSavedAt,
    },
    role,
    model,
    ydocState: project.ydocState ? Buffer.from(project.ydocState).toString("base64") : null,
    corrupt,
    summary: summarizeModel(model),
  };
}
