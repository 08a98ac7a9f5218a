import type { TDatasetProblem } from "./dataset-problems";
import type { TZipFile } from "./read-zip";

export const IMAGE_EXTENSIONS = [".png", ".jpg", ".jpeg", ".tif", ".tiff"] as const;

/** One image of the upload with what identifies it in the normalized dataset. */
export interface TLayoutFile {
  /** Path inside the zip (as the user sees it, for problem reports). */
  path: string;
  /** Name in the normalized dataset (`images/<name>.png`), sanitized. */
  name: string;
  data: Buffer;
  /** Class index (classification uploads). */
  label?: number;
}

export type TLayout =
  | { kind: "segmentation"; images: TLayoutFile[]; masks: TLayoutFile[] }
  | { kind: "classification"; classes: string[]; images: (TLayoutFile & { label: number })[] };

const SAFE_NAME = /[^A-Za-z0-9._-]+/g;

/** A file-system-safe sample name (the original stays in problem reports). */
export function sanitizeName(text: string): string {
  const safe = text.replace(SAFE_NAME, "_").replace(/^[._]+/, "");
  return safe === "" ? "_" : safe;
}

function splitExtension(file: string): { stem: string; ext: string } {
  const dot = file.lastIndexOf(".");
  if (dot <= 0) return { stem: file, ext: "" };
  return { stem: file.slice(0, dot), ext: file.slice(dot).toLowerCase() };
}

/** Drops one folder that wraps everything (`my-data/images/…`), as zipping a folder produces. */
function stripWrapper(files: TZipFile[]): TZipFile[] {
  const first = files[0]?.path.split("/")[0];
  if (first === undefined || first === "images" || first === "masks") return files;
  const wrapped = files.every((f) => {
    const parts = f.path.split("/");
    return parts[0] === first && parts.length >= 3;
  });
  return wrapped ? files.map((f) => ({ ...f, path: f.path.slice(first.length + 1) })) : files;
}

/**
 * Files of one folder as dataset images: image extensions only, unique names. Problems name the
 * zip path of each file refused.
 */
function collectImages(
  files: TZipFile[],
  folderLabel: string,
  namePrefix: string,
  problems: TDatasetProblem[],
  pathOf: (f: TZipFile) => string,
): TLayoutFile[] {
  const byName = new Map<string, string>();
  const out: TLayoutFile[] = [];
  for (const file of files) {
    const base = file.path.split("/").pop()!;
    const { stem, ext } = splitExtension(base);
    const shown = pathOf(file);
    if (!(IMAGE_EXTENSIONS as readonly string[]).includes(ext)) {
      problems.push({
        path: shown,
        message: `${shown} is not an image: ${folderLabel} holds only ${IMAGE_EXTENSIONS.join(", ")} files`,
      });
      continue;
    }
    const name = namePrefix + sanitizeName(stem);
    const previous = byName.get(name);
    if (previous !== undefined) {
      problems.push({
        path: shown,
        message: `${shown} has the same name as ${previous}; names must be unique without their extension`,
      });
      continue;
    }
    byName.set(name, shown);
    out.push({ path: shown, name, data: file.data });
  }
  return out;
}

function segmentationLayout(
  files: TZipFile[],
  problems: TDatasetProblem[],
  pathOf: (f: TZipFile) => string,
): TLayout {
  const inFolder = (folder: string) =>
    files.filter((f) => {
      const parts = f.path.split("/");
      return parts[0] === folder && parts.length === 2;
    });
  for (const f of files) {
    const parts = f.path.split("/");
    if ((parts[0] === "images" || parts[0] === "masks") && parts.length === 2) continue;
    const shown = pathOf(f);
    problems.push({
      path: shown,
      message:
        parts[0] === "images" || parts[0] === "masks"
          ? `${shown} is in a sub-folder; ${parts[0]}/ must hold its files directly`
          : `${shown} is outside images/ and masks/; a segmentation zip holds only those two folders`,
    });
  }
  const images = collectImages(inFolder("images"), "images/", "", problems, pathOf);
  const masks = collectImages(inFolder("masks"), "masks/", "", problems, pathOf);
  if (masks.length === 0 && !files.some((f) => f.path.startsWith("masks/")))
    problems.push({
      path: "masks/",
      message: "masks/ is missing: a segmentation zip needs a masks/ folder beside images/",
    });
  return { kind: "segmentation", images, masks };
}

function classificationLayout(
  files: TZipFile[],
  problems: TDatasetProblem[],
  pathOf: (f: TZipFile) => string,
): TLayout {
  const byClass = new Map<string, TZipFile[]>();
  for (const f of files) {
    const parts = f.path.split("/");
    const shown = pathOf(f);
    if (parts.length === 1) {
      problems.push({
        path: shown,
        message: `${shown} is not in a folder: put segmentation data in images/ + masks/, or classification data in one folder per class`,
      });
    } else if (parts.length > 2) {
      problems.push({
        path: shown,
        message: `${shown} is nested too deep: each class folder (${parts[0]}/) must hold its images directly`,
      });
    } else {
      byClass.set(parts[0]!, [...(byClass.get(parts[0]!) ?? []), f]);
    }
  }
  const classes = [...byClass.keys()].sort();
  const taken = new Map<string, string>();
  const images: (TLayoutFile & { label: number })[] = [];
  classes.forEach((cls, label) => {
    const prefix = `${sanitizeName(cls)}-`;
    const clash = taken.get(prefix);
    if (clash !== undefined) {
      problems.push({
        path: `${cls}/`,
        message: `Class folders ${clash}/ and ${cls}/ differ only in characters that are not allowed in names; rename one`,
      });
      return;
    }
    taken.set(prefix, cls);
    const found = collectImages(byClass.get(cls)!, `${cls}/`, prefix, problems, pathOf);
    for (const image of found) images.push({ ...image, label });
  });
  if (classes.length < 2)
    problems.push({
      path: classes[0] ? `${classes[0]}/` : "",
      message: `A classification zip needs at least 2 class folders; found ${classes.length}${classes[0] ? ` (${classes[0]}/)` : ""}`,
    });
  return { kind: "classification", classes, images };
}

/**
 * Recognises the upload's layout: `images/` + `masks/` (segmentation) or one folder per class
 * (classification), optionally wrapped in one folder. Every file that does not fit is a problem
 * naming its path in the zip.
 */
export function detectLayout(zipFiles: TZipFile[], problems: TDatasetProblem[]): TLayout {
  const files = stripWrapper(zipFiles);
  const original = new Map(files.map((f, i) => [f, zipFiles[i]!.path]));
  const pathOf = (f: TZipFile) => original.get(f) ?? f.path;
  const isSegmentation = files.some((f) => f.path.startsWith("images/"));
  return isSegmentation
    ? segmentationLayout(files, problems, pathOf)
    : classificationLayout(files, problems, pathOf);
}
