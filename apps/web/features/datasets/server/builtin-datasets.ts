import type { TDatasetTask } from "./validate-dataset";

/** A dataset the platform generates itself (apps/trainer/python `layerwise_trainer.datasets`). */
export interface TBuiltinDataset {
  id: "nuclei" | "shapes";
  name: string;
  description: string;
  task: TDatasetTask;
  classes: string[];
  count: number;
  trainCount: number;
  valCount: number;
  sampleShape: [number, number, number];
}

/**
 * The built-ins with their known counts and shapes, so they can be listed (and bound to an Input)
 * before a worker generated them on first use. Must match the runner's generators.
 */
export const BUILTIN_DATASETS: readonly TBuiltinDataset[] = [
  {
    id: "nuclei",
    name: "Nuclei (H&E histology)",
    description:
      "Binary segmentation of cell nuclei in synthetic H&E-stained colon tissue: lymphocytes, epithelial and stromal nuclei, many touching.",
    task: "binary-segmentation",
    classes: ["background", "nucleus"],
    count: 213,
    trainCount: 191,
    valCount: 22,
    sampleShape: [3, 256, 256],
  },
  {
    id: "shapes",
    name: "Shapes",
    description:
      "Classify a drawn shape (circle, square, triangle, star, cross, ring) of varied size, rotation and colour on a noisy background.",
    task: "classification",
    classes: ["circle", "square", "triangle", "star", "cross", "ring"],
    count: 600,
    trainCount: 480,
    valCount: 120,
    sampleShape: [3, 64, 64],
  },
];

/** The built-in with this id, or undefined. */
export function findBuiltin(id: string): TBuiltinDataset | undefined {
  return BUILTIN_DATASETS.find((d) => d.id === id);
}
