/*
 * Dataset upload through the real route handler and Postgres: every kind of defect gets its
 * precise problem (and nothing is kept), valid segmentation and classification uploads are
 * normalized into the dataset layout and listed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import type { TActor } from "@/lib/server-only/actor";
import {
  callRoute,
  makeTeam,
  makeUser,
  sessionCookie,
  testDb,
} from "@/lib/server-only/test-helpers";
import * as datasetsRoute from "@/app/api/datasets/route";
import * as sampleRoute from "@/app/api/datasets/[datasetId]/samples/[file]/route";
import * as teamDatasetsRoute from "@/app/api/teams/[teamId]/datasets/route";
import type { TDatasetDto, TDatasetStatsDto } from "../schemas";
import { createDataset } from "./create-dataset";
import { DEFAULT_ZIP_LIMITS } from "./read-zip";
import {
  binaryMask,
  jpg,
  lieAboutSize,
  maskPixels,
  noise,
  png,
  pngHeader,
  segmentationFiles,
  symlinkEntry,
  tiff,
  zip,
} from "./test-zips";

const dataDir = mkdtempSync(join(tmpdir(), "lw-datasets-"));
process.env.DATA_DIR = dataDir;

interface TAnswer {
  error?: string;
  problems: { path: string; message: string }[];
  dataset: TDatasetDto & { stats: TDatasetStatsDto };
}

const db = testDb();
let editor: TActor;
let viewer: TActor;
let teamId: string;

beforeAll(async () => {
  editor = await makeUser("ds-editor");
  viewer = await makeUser("ds-viewer");
  teamId = await makeTeam("ds-team", [
    [editor, "editor"],
    [viewer, "viewer"],
  ]);
});
afterAll(async () => {
  await db.$disconnect();
});

async function upload(body: Buffer | null, options: { name?: string; actor?: TActor } = {}) {
  const form = new FormData();
  if (body)
    form.set("file", new Blob([new Uint8Array(body)], { type: "application/zip" }), "data.zip");
  form.set("name", options.name ?? "My data");
  const req = new Request("http://localhost:3000/api/teams/x/datasets", {
    method: "POST",
    headers: { cookie: await sessionCookie(options.actor ?? editor) },
    body: form,
  });
  const res = await teamDatasetsRoute.POST(req, { params: Promise.resolve({ teamId }) });
  return { status: res.status, json: (await res.json()) as TAnswer };
}

const storedDirs = () =>
  existsSync(join(dataDir, "datasets")) ? readdirSync(join(dataDir, "datasets")) : [];

/** Uploads `files`, expects a 422 whose problems include one at `path` matching `message`. */
async function expectProblem(body: Buffer, path: string, message: RegExp) {
  const before = await db.dataset.count({ where: { teamId } });
  const dirs = storedDirs().length;
  const res = await upload(body);
  expect(res.status, JSON.stringify(res.json)).toBe(422);
  expect(typeof res.json.error).toBe("string");
  const problems = res.json.problems;
  const found = problems.find((p) => p.path === path && message.test(p.message));
  expect(found, JSON.stringify(problems, null, 1)).toBeDefined();
  expect(await db.dataset.count({ where: { teamId } })).toBe(before);
  expect(storedDirs().length).toBe(dirs);
  return problems;
}

const img = (seed: number, size = 16) => png(size, size, noise(size, size, seed));

describe("dataset upload: defects", () => {
  it.each([
    ["path traversal", { "../evil.png": img(1) }, "../evil.png", /path traversal/],
    ["absolute path", { "/etc/evil.png": img(1) }, "/etc/evil.png", /absolute path/],
    ["backslash", { "images\\a.png": img(1) }, "images\\a.png", /backslash/],
    [
      "symbolic link",
      { "images/link.png": symlinkEntry("/etc/passwd") },
      "images/link.png",
      /symbolic link/,
    ],
    [
      "not an image file",
      { "images/notes.txt": new TextEncoder().encode("hi") },
      "images/notes.txt",
      /not an image/,
    ],
    [
      "text named .png",
      { "images/s0.png": new TextEncoder().encode("plain text") },
      "images/s0.png",
      /not a PNG, JPEG or TIFF/,
    ],
    ["damaged PNG", { "images/s0.png": img(1).slice(0, 60) }, "images/s0.png", /damaged PNG/],
    [
      "image too large",
      { "images/s0.png": pngHeader(5000, 5000) },
      "images/s0.png",
      /5000×5000 pixels, larger than the 4096×4096 limit/,
    ],
    [
      "missing mask",
      { "images/x.png": img(9) },
      "images/x.png",
      /has no mask: expected masks\/x.png/,
    ],
    [
      "mask without image",
      { "masks/x.png": binaryMask(16, 16, 3) },
      "masks/x.png",
      /no image of the same name/,
    ],
    [
      "mask of another size",
      { "images/x.png": img(9), "masks/x.png": binaryMask(8, 8, 3) },
      "masks/x.png",
      /is 8×8 but its image images\/x.png is 16×16/,
    ],
    [
      "image of another size",
      { "images/x.png": img(9, 20), "masks/x.png": binaryMask(20, 20, 3) },
      "images/x.png",
      /is 20×20 but the other images are 16×16/,
    ],
    [
      "anti-aliased mask",
      {
        "images/x.png": img(9),
        "masks/x.png": png(
          16,
          16,
          maskPixels(16, 16, (i) => (i % 3 === 0 ? 128 : 0)),
        ),
      },
      "masks/x.png",
      /holds values 128/,
    ],
    [
      "colour mask",
      { "images/x.png": img(9), "masks/x.png": img(10) },
      "masks/x.png",
      /colour image; a mask must be greyscale/,
    ],
    [
      "mask mixing 255 and indices",
      {
        "images/x.png": img(9),
        "masks/x.png": png(
          16,
          16,
          maskPixels(16, 16, (i) => [0, 2, 255][i % 3]!),
        ),
      },
      "masks/x.png",
      /mixes 255 with class indices 2/,
    ],
    [
      "duplicate name",
      { "images/s0.jpg": jpg(16, 16, noise(16, 16, 99)) },
      "images/s0.jpg",
      /same name as images\/s0.png/,
    ],
    [
      "identical content",
      { "images/copy.png": img(0), "masks/copy.png": binaryMask(16, 16, 0) },
      "images/copy.png",
      /identical to images\/s0.png/,
    ],
    [
      "file outside images/ and masks/",
      { "readme.md": new TextEncoder().encode("#") },
      "readme.md",
      /outside images\/ and masks\//,
    ],
    ["sub-folder in images/", { "images/deep/x.png": img(9) }, "images/deep/x.png", /sub-folder/],
  ] as const)("%s", async (_kind, extra, path, message) => {
    await expectProblem(zip({ ...segmentationFiles(3), ...extra }), path, message);
  });

  it("a zip bomb (huge expansion ratio) is refused before inflating", async () => {
    const bomb = new Uint8Array(20 * 1024 * 1024);
    await expectProblem(
      zip({ ...segmentationFiles(3), "images/bomb.png": bomb }),
      "images/bomb.png",
      /expands \d+× .* zip bomb/,
    );
  });

  it("an entry that inflates past its declared size is refused (lying header)", async () => {
    const big = new Uint8Array(randomBytes(1024 * 1024));
    const archive = lieAboutSize(
      zip({ ...segmentationFiles(3), "images/liar.png": big }),
      "images/liar.png",
      1000 * 1024,
    );
    await expectProblem(archive, "images/liar.png", /damaged or lies about its size/);
  });

  it("masks in two encodings: the minority is named", async () => {
    const files = {
      ...segmentationFiles(3),
      "images/s3.png": img(3),
      "masks/s3.png": png(
        16,
        16,
        maskPixels(16, 16, (i) => i % 3),
      ),
    };
    await expectProblem(
      zip(files),
      "masks/s3.png",
      /encoded with class indices but the other masks use binary 0\/255/,
    );
  });

  it("every mask empty", async () => {
    const files = segmentationFiles(3);
    for (const k of Object.keys(files))
      if (k.startsWith("masks/")) files[k] = binaryMask(16, 16, 0, 0);
    await expectProblem(zip(files), "masks/", /Every mask is empty/);
  });

  it("images/ without masks/", async () => {
    await expectProblem(
      zip({ "images/a.png": img(1), "images/b.png": img(2) }),
      "masks/",
      /masks\/ is missing/,
    );
  });

  it("too few samples", async () => {
    await expectProblem(zip(segmentationFiles(1)), "images/", /needs at least 2/);
  });

  it("not a zip at all", async () => {
    await expectProblem(Buffer.from("this is not a zip"), "", /not a readable zip archive/);
  });

  it("classification: one class folder, files at the root, nested folders", async () => {
    await expectProblem(
      zip({ "cat/a.png": img(1), "cat/b.png": img(2) }),
      "cat/",
      /at least 2 class folders; found 1/,
    );
    await expectProblem(
      zip({ "cat/a.png": img(1), "dog/b.png": img(2), "c.png": img(3) }),
      "c.png",
      /not in a folder/,
    );
    await expectProblem(
      zip({ "cat/a.png": img(1), "dog/x/b.png": img(2) }),
      "dog/x/b.png",
      /nested too deep/,
    );
  });

  it("too many files and too many bytes (archive limits)", async () => {
    const small = { ...DEFAULT_ZIP_LIMITS, maxEntries: 5 };
    await expect(
      createDataset(
        db,
        editor,
        teamId,
        async () => ({ name: "x", file: new Blob([new Uint8Array(zip(segmentationFiles(3)))]) }),
        { zipLimits: small },
      ),
    ).rejects.toMatchObject({
      status: 422,
      problems: [{ path: "", message: "The zip holds 6 entries, more than the limit of 5" }],
    });
    const tight = { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 1000 };
    await expect(
      createDataset(
        db,
        editor,
        teamId,
        async () => ({ name: "x", file: new Blob([new Uint8Array(zip(segmentationFiles(3)))]) }),
        { zipLimits: tight },
      ),
    ).rejects.toMatchObject({
      status: 422,
      problems: [
        {
          path: "",
          message: expect.stringMatching(/expands to \d+ bytes, more than the 1000-byte limit/),
        },
      ],
    });
  });

  it("no file, no name", async () => {
    expect((await upload(null)).status).toBe(400);
    const json = await callRoute(teamDatasetsRoute.POST, {
      method: "POST",
      params: { teamId },
      actor: editor,
      body: { name: "x" },
    });
    expect(json.status).toBe(415);
    expect(json.json.error).toMatch(/multipart\/form-data with fields 'file' and 'name'/);
    const res = await upload(zip(segmentationFiles(2)), { name: "  " });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/name must not be empty/);
  });
});

const PYTHON_DIR = join(__dirname, "../../../../trainer/python");

/** The runner's own reading of a stored dataset: its loader and its checksum of the files. */
function pythonChecksum(
  id: string,
  manifest: { task: string; split: { train: string[]; val: string[] } },
) {
  const script = [
    "import sys, json",
    "from pathlib import Path",
    "from layerwise_trainer.datasets import layout",
    "root = Path(sys.argv[1])",
    "m = layout.read_manifest(root)",
    "names = m['split']['train'] + m['split']['val']",
    "for n in names: layout.load_image(root, n)",
    "print(layout.file_checksum(root, names, m['task']))",
  ].join("\n");
  const out = execFileSync("python3", ["-c", script, join(dataDir, "datasets", id)], {
    env: { ...process.env, PYTHONPATH: PYTHON_DIR },
    encoding: "utf8",
  });
  expect(manifest.split.val.length).toBeGreaterThan(0);
  return out.trim();
}

function decodeStored(id: string, path: string) {
  return PNG.sync.read(readFileSync(join(dataDir, "datasets", id, path)));
}

describe("dataset upload: valid", () => {
  it("binary segmentation in PNG, JPEG and TIFF (wrapped in a folder, 0/1 masks) is normalized", async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 10; i++) {
      const rgba = noise(16, 16, 100 + i);
      files[
        `my data/images/${i === 3 ? "a b" : `s${i}`}.${i % 3 === 0 ? "png" : i % 3 === 1 ? "jpg" : "tif"}`
      ] = i % 3 === 0 ? png(16, 16, rgba) : i % 3 === 1 ? jpg(16, 16, rgba) : tiff(16, 16, rgba);
      files[`my data/masks/${i === 3 ? "a b" : `s${i}`}.png`] = binaryMask(16, 16, i, 1);
    }
    files["__MACOSX/my data/._s0.png"] = new Uint8Array([0]);
    const res = await upload(zip(files), { name: "Cells" });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const dataset = res.json.dataset;
    expect(dataset).toMatchObject({
      name: "Cells",
      task: "binary-segmentation",
      count: 10,
      trainCount: 9,
      valCount: 1,
      sampleShape: [3, 16, 16],
      classes: ["background", "foreground"],
      source: "upload",
    });
    expect(dataset.stats.formats).toEqual({ png: 4, jpeg: 3, tiff: 3 });
    expect(dataset.stats.classBalance[1]!.fraction).toBeCloseTo(0.5, 5);
    const manifest = JSON.parse(
      readFileSync(join(dataDir, "datasets", dataset.id, "manifest.json"), "utf8"),
    );
    expect(manifest).toMatchObject({
      format: "layerwise.dataset",
      version: 1,
      id: dataset.id,
      task: "binary-segmentation",
      count: 10,
      sample_shape: [3, 16, 16],
    });
    expect([...manifest.split.train, ...manifest.split.val].sort()).toContain("a_b");
    const mask = decodeStored(dataset.id, "masks/s0.png");
    expect(new Set([...mask.data].filter((_, i) => i % 4 === 0))).toEqual(new Set([0, 255]));
    expect(decodeStored(dataset.id, "images/s1.png").width).toBe(16);
    const row = await db.dataset.findUniqueOrThrow({ where: { id: dataset.id } });
    expect(row.checksum).toBe(manifest.checksum);
    expect(pythonChecksum(dataset.id, manifest)).toBe(manifest.checksum);
  });

  it("classification with one folder per class; listed for viewers; viewers cannot upload", async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 6; i++)
      files[`${i < 4 ? "cat" : "dog"}/${i}.png`] = png(8, 8, noise(8, 8, 200 + i, true));
    const res = await upload(zip(files), { name: "Pets" });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const { id } = res.json.dataset;
    expect(res.json.dataset).toMatchObject({
      task: "classification",
      classes: ["cat", "dog"],
      count: 6,
      sampleShape: [1, 8, 8],
    });
    expect(res.json.dataset.stats.classBalance).toEqual([
      { name: "cat", count: 4, fraction: 4 / 6 },
      { name: "dog", count: 2, fraction: 2 / 6 },
    ]);
    const labels = JSON.parse(readFileSync(join(dataDir, "datasets", id, "labels.json"), "utf8"));
    const manifest = JSON.parse(
      readFileSync(join(dataDir, "datasets", id, "manifest.json"), "utf8"),
    );
    expect(pythonChecksum(id, manifest)).toBe(manifest.checksum);
    expect(labels).toEqual({
      "cat-0": 0,
      "cat-1": 0,
      "cat-2": 0,
      "cat-3": 0,
      "dog-4": 1,
      "dog-5": 1,
    });
    expect(decodeStored(id, "images/dog-4.png").width).toBe(8);

    const sample = async (actor: TActor, file: string, kind = "image") =>
      sampleRoute.GET(
        new Request(`http://localhost:3000/api/datasets/${id}/samples/${file}?kind=${kind}`, {
          headers: { cookie: await sessionCookie(actor) },
        }),
        { params: Promise.resolve({ datasetId: id, file }) },
      );
    const ok = await sample(viewer, "dog-4.png");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    expect(PNG.sync.read(Buffer.from(await ok.arrayBuffer())).width).toBe(8);
    expect((await sample(await makeUser("ds-outsider"), "dog-4.png")).status).toBe(404);
    expect((await sample(viewer, "dog-4.png", "mask")).status).toBe(404);
    expect((await sample(viewer, "..%2Fmanifest.png")).status).toBe(400);
    const denied = await upload(zip(files), { name: "Pets 2", actor: viewer });
    expect(denied.status).toBe(403);
    const list = await datasetsRoute.GET(
      new Request(`http://localhost:3000/api/datasets?teamId=${teamId}`, {
        headers: { cookie: await sessionCookie(viewer) },
      }),
      { params: Promise.resolve({}) },
    );
    const { datasets } = (await list.json()) as { datasets: { id: string; isReady: boolean }[] };
    expect(datasets.map((d) => d.id)).toEqual(expect.arrayContaining(["nuclei", "shapes", id]));
    expect(datasets.find((d) => d.id === "nuclei")).toMatchObject({
      count: 213,
      trainCount: 191,
      valCount: 22,
      sampleShape: [3, 256, 256],
    });
  });
});
