import { TEMPLATE_IDS } from "@layerwise/graph-core";
import { z } from "zod";

export const ZProjectName = z
  .string({ message: "Enter a project name." })
  .trim()
  .min(1, { message: "Enter a project name." })
  .max(100, { message: "A project name has at most 100 characters." });

export const ZProjectDescription = z
  .string({ message: "The description must be text." })
  .trim()
  .max(2000, { message: "A description has at most 2000 characters." });

/** An id as the database makes them (cuid); anything else is rejected before a query. */
export const ZId = z
  .string({ message: "An id is required." })
  .regex(/^[a-z0-9]{20,40}$/, { message: "This id is malformed." });

export const ZTemplateChoice = z.enum(["blank", ...TEMPLATE_IDS] as [string, ...string[]], {
  message: `The template must be one of: blank, ${TEMPLATE_IDS.join(", ")}.`,
});

export const ZCreateProjectInput = z.object({
  name: ZProjectName,
  description: ZProjectDescription.optional(),
  template: ZTemplateChoice.optional(),
  /** A model-flow document to start from (imported file); validated by graph-core. */
  model: z.unknown().optional(),
});
export type TCreateProjectInput = z.infer<typeof ZCreateProjectInput>;

export const ZUpdateProjectInput = z
  .object({ name: ZProjectName.optional(), description: ZProjectDescription.optional() })
  .refine((v) => v.name !== undefined || v.description !== undefined, {
    message: "Send a new name or a new description.",
  });

export const ZDuplicateProjectInput = z.object({
  teamId: ZId.optional(),
  name: ZProjectName.optional(),
});
export const ZMoveProjectInput = z.object({ teamId: ZId });
export const ZArchiveProjectInput = z.object({
  archived: z.boolean({ message: "archived must be true or false." }),
});
export const ZDeleteProjectInput = z.object({
  confirmName: z.string({ message: "Type the project's name to confirm." }).max(200),
});

/** The project model upload: the Y.Doc's encoded state, base64. */
export const ZSaveModelInput = z.object({
  state: z
    .string({ message: "The model state is missing." })
    .max(6 * 1024 * 1024, { message: "The model is larger than 4 MiB." })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: "The model state must be base64." }),
});

export const ZProjectSort = z.enum(["updated", "name", "created", "errors"]).catch("updated");
export type TProjectSort = z.infer<typeof ZProjectSort>;
