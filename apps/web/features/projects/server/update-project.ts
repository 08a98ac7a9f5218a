import type { PrismaClient, Project } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireProjectRole, requireTeamRole } from "@/lib/server-only/authz";
import { ConflictError, ValidationError, parseInput } from "@/lib/server-only/errors";
import {
  ZArchiveProjectInput,
  ZDeleteProjectInput,
  ZDuplicateProjectInput,
  ZMoveProjectInput,
  ZUpdateProjectInput,
} from "../schemas";

/** Renames and/or re-describes a project (editors and owners). */
export async function updateProject(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  input: unknown,
): Promise<Project> {
  await requireProjectRole(db, actor, projectId, "editor");
  const data = parseInput(ZUpdateProjectInput, input);
  return db.project.update({ where: { id: projectId }, data });
}

/**
 * Copies a project (its current model and description, not its history) into the same team or
 * another one: the actor must see the source and be an editor of the destination.
 */
export async function duplicateProject(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  input: unknown,
): Promise<Project> {
  const { project, actor: user } = await requireProjectRole(db, actor, projectId, "viewer");
  const { teamId = project.teamId, name } = parseInput(ZDuplicateProjectInput, input);
  await requireTeamRole(db, user, teamId, "editor");
  return db.project.create({
    data: {
      teamId,
      name: name ?? `Copy of ${project.name}`.slice(0, 100),
      description: project.description,
      ydocState: project.ydocState,
      modelSavedAt: new Date(),
      createdById: user.id,
    },
  });
}

/**
 * Moves a project, with its history, to another team: owners of the current team only (it
 * leaves their team), and the actor must be an editor of the destination.
 */
export async function moveProject(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  input: unknown,
): Promise<Project> {
  const { project, actor: user } = await requireProjectRole(db, actor, projectId, "owner");
  const { teamId } = parseInput(ZMoveProjectInput, input);
  if (teamId === project.teamId) throw new ConflictError("The project is already in this team.");
  await requireTeamRole(db, user, teamId, "editor");
  return db.project.update({ where: { id: projectId }, data: { teamId } });
}

/** Archives (read-only, hidden from the default list) or unarchives a project. */
export async function setProjectArchived(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  input: unknown,
): Promise<Project> {
  await requireProjectRole(db, actor, projectId, "editor");
  const { archived } = parseInput(ZArchiveProjectInput, input);
  return db.project.update({
    where: { id: projectId },
    data: { archivedAt: archived ? new Date() : null },
  });
}

/**
 * Deletes a project and its versions for good (team owners only). The caller must send the
 * project's exact name as confirmation, so a stray request cannot delete by id alone.
 */
export async function deleteProject(
  db: PrismaClient,
  actor: TActor | null,
  projectId: string,
  input: unknown,
): Promise<void> {
  const { project } = await requireProjectRole(db, actor, projectId, "owner");
  const { confirmName } = parseInput(ZDeleteProjectInput, input);
  if (confirmName.trim() !== project.name) {
    throw new ValidationError(`To delete, type the project's name exactly: "${project.name}".`, [
      { path: "confirmName", message: "does not match the project's name" },
    ]);
  }
  await db.project.delete({ where: { id: projectId } });
}
