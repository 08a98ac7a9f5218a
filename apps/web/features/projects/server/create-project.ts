import { parseModelFlow, type TModelFlow, type TTemplateId } from "@layerwise/graph-core";
import type { PrismaClient, Project } from "@layerwise/db";
import type { TActor } from "@/lib/server-only/actor";
import { requireTeamRole } from "@/lib/server-only/authz";
import { ValidationError, parseInput } from "@/lib/server-only/errors";
import { encodeNewModelState } from "@layerwise/model-doc";
import { ZCreateProjectInput } from "../schemas";
import { laidOutTemplate } from "./load-project-model";
import { blankModel } from "./model-state";

/** The error for a document that is not valid model-flow; the message names the first fields at fault. */
export function invalidModelError(
  errors: readonly { path: string; message: string }[],
): ValidationError {
  const issues = errors.map((e) => ({
    path: `model${e.path ? `.${e.path}` : ""}`,
    message: e.message,
  }));
  const first = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`);
  return new ValidationError(
    `The model is not a valid model-flow document — ${first.join("; ")}`,
    issues,
  );
}

/** Validates an imported model-flow document; errors name the offending field. */
export function parseImportedModel(raw: unknown): TModelFlow {
  const parsed = parseModelFlow(raw);
  if (parsed.ok) return parsed.doc;
  throw invalidModelError(parsed.errors);
}

/**
 * Creates a project in a team (editors and owners): blank, from a graph-core template, or from
 * an imported model-flow document. The model is stored as Y.Doc state from the start.
 */
export async function createProject(
  db: PrismaClient,
  actor: TActor | null,
  teamId: string,
  input: unknown,
): Promise<Project> {
  const { actor: user } = await requireTeamRole(db, actor, teamId, "editor");
  const { name, description, template, model: imported } = parseInput(ZCreateProjectInput, input);
  let model: TModelFlow;
  if (imported !== undefined) model = { ...parseImportedModel(imported), name };
  else if (template && template !== "blank") model = laidOutTemplate(template as TTemplateId, name);
  else model = blankModel(name);
  return db.project.create({
    data: {
      teamId,
      name,
      description: description ?? "",
      createdById: user.id,
      ydocState: encodeNewModelState(model),
      modelSavedAt: new Date(),
    },
  });
}
