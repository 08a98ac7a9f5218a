import "server-only";
import { createHash } from "node:crypto";
import { MAX_REPORTED_PROBLEMS, type TDatasetProblem } from "./dataset-problems";
import { detectLayout, type TLayoutFile } from "./dataset-layout";
import {
  DEFAULT_IMAGE_LIMITS,
  decodeImage,
  encodeGreyPng,
  encodePng,
  greyValues,
  ImageDecodeError,
  isGrey,
  sniffFormat,
  type TDecodedImage,
  type TImageLimits,
} from "./decode-image";
import { judgeMasks, type TMaskSummary, type TMaskVerdict } from "./mask-values";
import type { TZipFile } from "./read-zip";

export type TDatasetTask = "binary-segmentation" | "multiclass-segmentation" | "classification";

/** One normalized sample: PNG bytes in the contract's layout. */
export interface TSample {
  name: string;
  image: Buffer;
  mask?: Buffer;
  label?: number;
}

/** What the dataset page shows: sizes, formats, class balance. */
export interface TDatasetStats {
  width: number;
  height: number;
  channels: 1 | 3;
  formats: Record<string, number>;
  /** Per class: samples (classification) or masks containing it and its pixel share (segmentation). */
  classBalance: { name: string; count: number; fraction: number }[];
}

export interface TNormalizedDataset {
  task: TDatasetTask;
  classes: string[];
  sampleShape: [number, number, number];
  samples: TSample[];
  stats: TDatasetStats;
}

export type TValidation =
  { ok: true; dataset: TNormalizedDataset } | { ok: false; problems: TDatasetProblem[] };

/** Fewest samples a dataset may have: one to train on and one to validate. */
export const MIN_SAMPLES = 2;

interface TProbe {
  file: TLayoutFile;
  width: number;
  height: number;
  grey: boolean;
}

function tryDecode(
  file: TLayoutFile,
  limits: TImageLimits,
  problems: TDatasetProblem[],
): TDecodedImage | null {
  try {
    return decodeImage(file.data, limits);
  } catch (error) {
    const reason = error instanceof ImageDecodeError ? error.message : "could not be decoded";
    problems.push({ path: file.path, message: `${file.path} ${reason}` });
    return null;
  }
}

/** Reports byte-identical images (a copy under another name leaks between train and validation). */
function findDuplicates(files: TLayoutFile[], problems: TDatasetProblem[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    const hash = createHash("sha256").update(file.data).digest("hex");
    const first = seen.get(hash);
    if (first === undefined) seen.set(hash, file.path);
    else
      problems.push({
        path: file.path,
        message: `${file.path} is identical to ${first} (duplicate image)`,
      });
  }
}

/** The most common size; every image that differs from it is a problem. */
function checkSizes(
  probes: TProbe[],
  problems: TDatasetProblem[],
): { width: number; height: number } | null {
  const counts = new Map<string, number>();
  for (const p of probes)
    counts.set(`${p.width}×${p.height}`, (counts.get(`${p.width}×${p.height}`) ?? 0) + 1);
  const [common] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (common === undefined) return null;
  for (const p of probes) {
    if (`${p.width}×${p.height}` !== common)
      problems.push({
        path: p.file.path,
        message: `${p.file.path} is ${p.width}×${p.height} but the other images are ${common}; every image must have the same size`,
      });
  }
  const [width, height] = common.split("×").map(Number) as [number, number];
  return { width, height };
}

function probeAll(
  files: TLayoutFile[],
  limits: TImageLimits,
  problems: TDatasetProblem[],
): TProbe[] {
  const probes: TProbe[] = [];
  for (const file of files) {
    const image = tryDecode(file, limits, problems);
    if (image) probes.push({ file, width: image.width, height: image.height, grey: isGrey(image) });
  }
  return probes;
}

interface TMaskPlan {
  verdict: TMaskVerdict;
  maskOf: Map<string, TLayoutFile>;
}

/** Pairs images with masks by name, checks mask sizes and values. */
function planMasks(
  probes: TProbe[],
  masks: TLayoutFile[],
  limits: TImageLimits,
  problems: TDatasetProblem[],
): TMaskPlan | null {
  const maskOf = new Map(masks.map((m) => [m.name, m]));
  const imageNames = new Set(probes.map((p) => p.file.name));
  for (const mask of masks)
    if (!imageNames.has(mask.name))
      problems.push({
        path: mask.path,
        message: `${mask.path} has no image of the same name in images/`,
      });
  const summaries: TMaskSummary[] = [];
  for (const probe of probes) {
    const mask = maskOf.get(probe.file.name);
    if (!mask) {
      problems.push({
        path: probe.file.path,
        message: `${probe.file.path} has no mask: expected masks/${probe.file.name}.png (or .jpg, .tif)`,
      });
      continue;
    }
    const decoded = tryDecode(mask, limits, problems);
    if (!decoded) continue;
    if (decoded.width !== probe.width || decoded.height !== probe.height) {
      problems.push({
        path: mask.path,
        message: `${mask.path} is ${decoded.width}×${decoded.height} but its image ${probe.file.path} is ${probe.width}×${probe.height}`,
      });
      continue;
    }
    if (!isGrey(decoded)) {
      problems.push({
        path: mask.path,
        message: `${mask.path} is a colour image; a mask must be greyscale (one value per pixel)`,
      });
      continue;
    }
    const histogram = new Float64Array(256);
    for (const v of greyValues(decoded)) histogram[v]! += 1;
    summaries.push({ path: mask.path, histogram });
  }
  const verdict = judgeMasks(summaries, problems);
  return verdict ? { verdict, maskOf } : null;
}

function formatsOf(files: TLayoutFile[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of files) {
    const format = sniffFormat(f.data) ?? "unknown";
    out[format] = (out[format] ?? 0) + 1;
  }
  return out;
}

/** Second pass, once everything checked out: PNG images and normalized masks. */
function normalizeSamples(
  probes: TProbe[],
  plan: TMaskPlan | null,
  channels: 1 | 3,
  limits: TImageLimits,
): TSample[] {
  return probes.map((probe) => {
    const image = encodePng(decodeImage(probe.file.data, limits), channels);
    if (!plan) return { name: probe.file.name, image, label: probe.file.label };
    const decoded = decodeImage(plan.maskOf.get(probe.file.name)!.data, limits);
    const values = greyValues(decoded).map(plan.verdict.mapValue);
    return {
      name: probe.file.name,
      image,
      mask: encodeGreyPng(decoded.width, decoded.height, values),
    };
  });
}

/**
 * Validates the files of an uploaded zip as a dataset — layout, formats, names, sizes, mask
 * values, duplicates — and, when nothing is wrong, normalizes them into the contract's layout
 * (PNG images, 0/255 or class-index masks). Nothing is kept when any problem is found.
 */
export function validateDataset(
  files: TZipFile[],
  limits: TImageLimits = DEFAULT_IMAGE_LIMITS,
): TValidation {
  const problems: TDatasetProblem[] = [];
  const layout = detectLayout(files, problems);
  findDuplicates(layout.images, problems);
  const probes = probeAll(layout.images, limits, problems);
  const size = checkSizes(probes, problems);
  const plan =
    layout.kind === "segmentation" ? planMasks(probes, layout.masks, limits, problems) : null;
  if (layout.images.length < MIN_SAMPLES)
    problems.push({
      path: layout.kind === "segmentation" ? "images/" : "",
      message: `The dataset has ${layout.images.length} image(s); it needs at least ${MIN_SAMPLES} (one to train on, one to validate)`,
    });
  if (problems.length > 0 || size === null)
    return { ok: false, problems: problems.slice(0, MAX_REPORTED_PROBLEMS) };
  const channels: 1 | 3 = probes.every((p) => p.grey) ? 1 : 3;
  const base = { ...size, channels, formats: formatsOf(layout.images) };
  const sampleShape: [number, number, number] = [channels, size.height, size.width];
  const samples = normalizeSamples(probes, plan, channels, limits);
  if (layout.kind === "classification") {
    const classBalance = layout.classes.map((name, label) => {
      const count = samples.filter((s) => s.label === label).length;
      return { name, count, fraction: count / samples.length };
    });
    const stats = { ...base, classBalance };
    return {
      ok: true,
      dataset: { task: "classification", classes: layout.classes, sampleShape, samples, stats },
    };
  }
  const { verdict } = plan!;
  const classes =
    verdict.task === "binary-segmentation"
      ? ["background", "foreground"]
      : verdict.pixels.map((_, i) => `class ${i}`);
  const totalPixels = verdict.pixels.reduce((a, b) => a + b, 0);
  const classBalance = classes.map((name, i) => ({
    name,
    count: verdict.images[i]!,
    fraction: verdict.pixels[i]! / totalPixels,
  }));
  const stats = { ...base, classBalance };
  return { ok: true, dataset: { task: verdict.task, classes, sampleShape, samples, stats } };
}
