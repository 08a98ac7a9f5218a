/**
 * The starter models shipped with graph-core (templates/*.json), importable in the browser and
 * on the server alike (JSON modules, no file system). Each is a model-flow v1 document that
 * analyses without errors; tests pin their parameter counts to torchvision's.
 */
import { parseModelFlow } from "./graph/parse-model-flow";
import type { TModelFlow } from "./graph/types";
import lenet5 from "../templates/lenet5.json";
import resnet18 from "../templates/resnet18.json";
import unetSmall from "../templates/unet-small.json";
import unet from "../templates/unet.json";
import vgg16 from "../templates/vgg16.json";
import vitSmall from "../templates/vit-small.json";

const RAW = {
  lenet5,
  vgg16,
  resnet18,
  unet,
  "unet-small": unetSmall,
  "vit-small": vitSmall,
} as const satisfies Record<string, unknown>;

/** A template id (the file name under templates/ without `.json`). */
export type TTemplateId = keyof typeof RAW;

/** Every template id, in palette order. */
export const TEMPLATE_IDS = Object.keys(RAW) as TTemplateId[];

/** What a template picker shows. */
export interface TTemplateInfo {
  id: TTemplateId;
  name: string;
  description: string;
}

/** All templates' names and descriptions, without parsing the graphs. */
export function listTemplates(): TTemplateInfo[] {
  return TEMPLATE_IDS.map((id) => ({ id, name: RAW[id].name, description: RAW[id].description }));
}

/**
 * A fresh, validated copy of a template (callers may mutate it). Throws if a shipped template is
 * not a valid document — a packaging bug that the tests catch first.
 */
export function loadTemplate(id: TTemplateId): TModelFlow {
  const parsed = parseModelFlow(structuredClone(RAW[id]));
  if (!parsed.ok) {
    throw new Error(
      `template ${id} is invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
    );
  }
  return parsed.doc;
}
