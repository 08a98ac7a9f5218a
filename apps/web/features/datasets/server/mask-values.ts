import type { TDatasetProblem } from "./dataset-problems";

/** Most classes a class-index mask may hold (indices 0 … MAX_CLASSES − 1). */
export const MAX_CLASSES = 64;

/** What one mask holds, from its 256-bin histogram. */
export interface TMaskSummary {
  path: string;
  histogram: Float64Array;
}

export interface TMaskVerdict {
  task: "binary-segmentation" | "multiclass-segmentation";
  /** Number of classes, background included (2 for binary). */
  numClasses: number;
  /** Maps a stored value to the normalized one (binary: 0/1/255 → 0/255; classes: identity). */
  mapValue: (value: number) => number;
  /** Pixels per class over all masks (index = class). */
  pixels: number[];
  /** Masks that contain each class. */
  images: number[];
}

function valuesOf(histogram: Float64Array): number[] {
  const out: number[] = [];
  for (let v = 0; v < 256; v++) if (histogram[v]! > 0) out.push(v);
  return out;
}

function listValues(values: number[]): string {
  const shown = values.slice(0, 6).join(", ");
  return values.length > 6 ? `${shown} … (${values.length} values)` : shown;
}

/**
 * Decides what the masks encode — binary (0/1 or 0/255) or class indices (0 … N−1) — and
 * reports every mask that does not fit: values that are neither, or a mask using one encoding
 * while the others use the other (the minority is named).
 */
export function judgeMasks(
  masks: TMaskSummary[],
  problems: TDatasetProblem[],
): TMaskVerdict | null {
  const before = problems.length;
  const with255: TMaskSummary[] = [];
  const withIndices: TMaskSummary[] = [];
  let maxIndex = 0;
  for (const mask of masks) {
    const values = valuesOf(mask.histogram);
    const bad = values.filter((v) => v >= MAX_CLASSES && v !== 255);
    if (bad.length > 0) {
      problems.push({
        path: mask.path,
        message: `${mask.path} holds values ${listValues(bad)}: masks must be binary (0/1 or 0/255) or class indices 0–${MAX_CLASSES - 1} — was it saved with anti-aliasing or as JPEG?`,
      });
      continue;
    }
    const indices = values.filter((v) => v >= 2 && v < MAX_CLASSES);
    if (values.includes(255) && indices.length > 0) {
      problems.push({
        path: mask.path,
        message: `${mask.path} mixes 255 with class indices ${listValues(indices)}: use 0/255 for a binary mask or indices 0–N−1 for classes, not both`,
      });
      continue;
    }
    if (values.includes(255)) with255.push(mask);
    if (indices.length > 0) withIndices.push(mask);
    maxIndex = Math.max(maxIndex, ...values.filter((v) => v < MAX_CLASSES));
  }
  if (with255.length > 0 && withIndices.length > 0) {
    const [minority, other] =
      with255.length <= withIndices.length
        ? [with255, "class indices 0–N−1"]
        : [withIndices, "binary 0/255"];
    for (const mask of minority)
      problems.push({
        path: mask.path,
        message: `${mask.path} is encoded ${other === "binary 0/255" ? "with class indices" : "as binary 0/255"} but the other masks use ${other}; use one encoding for every mask`,
      });
  }
  if (problems.length > before) return null;
  return verdict(masks, withIndices.length > 0 ? maxIndex + 1 : 2, problems);
}

function verdict(
  masks: TMaskSummary[],
  numClasses: number,
  problems: TDatasetProblem[],
): TMaskVerdict | null {
  const binary = numClasses === 2;
  const pixels = new Array<number>(numClasses).fill(0);
  const images = new Array<number>(numClasses).fill(0);
  for (const mask of masks) {
    for (let v = 0; v < 256; v++) {
      const count = mask.histogram[v]!;
      if (count === 0) continue;
      const cls = binary ? (v === 0 ? 0 : 1) : v;
      pixels[cls]! += count;
      images[cls]! += 1;
    }
  }
  if (pixels.slice(1).every((p) => p === 0)) {
    problems.push({
      path: "masks/",
      message: "Every mask is empty (all pixels 0): there is nothing to segment",
    });
    return null;
  }
  return {
    task: binary ? "binary-segmentation" : "multiclass-segmentation",
    numClasses,
    mapValue: binary ? (v) => (v === 0 ? 0 : 255) : (v) => v,
    pixels,
    images,
  };
}
