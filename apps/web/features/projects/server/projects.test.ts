import { loadTemplate } from "@layerwise/graph-core";
import { afterAll, describe, expect, it } from "vitest";
import { encodeNewModelState, readMeta } from "@layerwise/model-doc";
import * as Y from "yjs";
import {
  ConflictError,
  ForbiddenError,
  HttpError,
  NotFoundError,
  ValidationError,
} from "@/lib/server-only/errors";
import { makeTeam, makeUser, testDb } from "@/lib/server-only/test-helpers";
import { createProject } from "./create-project";
import { findProjects, getProject } from "./find-projects";
import { loadProjectModel } from "./load-project-model";
import { saveProjectModel } from "./save-project-model";
import {
  deleteProject,
  duplicateProject,
  moveProject,
  setProjectArchived,
  updateProject,
} from "./update-project";

const db = testDb();
afterAll(() => db.$disconnect());

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

function ydocOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

async function setup() {
  const owner = await makeUser("owner");
  const editor = await makeUser("editor");
  const viewer = await makeUser("viewer");
  const teamId = await makeTeam("lab", [
    [owner, "owner"],
    [editor, "editor"],
    [viewer, "viewer"],
  ]);
  return { owner, editor, viewer, teamId };
}

/** A bare version row, enough to see whether moves and deletes carry versions along. */
async function addVersion(projectId: string) {
  await db.projectVersion.create({
    data: {
      projectId,
      number: 1,
      message: "v1",
      model: {},
      totalParams: 0n,
      errorCount: 0,
      warningCount: 0,
      diagnostics: [],
    },
  });
}

async function snapshot(projectId: string) {
  return db.project.findUnique({ where: { id: projectId } });
}

describe("creating projects", () => {
  it("blank, from the U-Net template (laid out), or from an imported document — stored as Y.Doc state", async () => {
    const { editor, teamId } = await setup();
    const blank = await createProject(db, editor, teamId, { name: "Blank" });
    expect(loadProjectModel(blank).model.nodes).toHaveLength(0);

    const unet = await createProject(db, editor, teamId, {
      name: "Seg",
      description: "binary",
      template: "unet-small",
    });
    const { model } = loadProjectModel(unet);
    expect(model.name).toBe("Seg");
    expect(model.nodes.length).toBe(loadTemplate("unet-small").nodes.length);
    expect(model.nodes.every((n) => n.position)).toBe(true);
    // It opens in the U-Net alignment its positions were laid out in.
    expect(readMeta(ydocOf(unet.ydocState!)).alignment).toBe("unet");
    expect(readMeta(ydocOf(blank.ydocState!)).alignment).toBe("simple");

    const imported = await createProject(db, editor, teamId, {
      name: "Imported",
      model: loadTemplate("lenet5"),
    });
    expect(loadProjectModel(imported).model.nodes.map((n) => n.id)).toEqual(
      loadTemplate("lenet5").nodes.map((n) => n.id),
    );
    expect(imported.createdById).toBe(editor.id);
  });

  it("rejects oversized names, unknown templates and invalid model documents with clear messages", async () => {
    const { editor, teamId } = await setup();
    await expect(createProject(db, editor, teamId, { name: "x".repeat(101) })).rejects.toThrow(
      /at most 100 characters/,
    );
    await expect(
      createProject(db, editor, teamId, { name: "ok", description: "d".repeat(2001) }),
    ).rejects.toThrow(/at most 2000/);
    await expect(
      createProject(db, editor, teamId, { name: "ok", template: "alexnet" }),
    ).rejects.toThrow(/template must be one of/);
    const invalid = await createProject(db, editor, teamId, {
      name: "bad",
      model: {
        format: "layerwise.model-flow",
        version: 1,
        name: "m",
        nodes: [{ id: "a" }],
        edges: [],
      },
    }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).message).toMatch(/model\.nodes\[0\]\.type/);
    await expect(
      createProject(db, editor, teamId, { name: "bad", model: { hello: "world" } }),
    ).rejects.toThrow(/model-flow/);
    expect(await db.project.count({ where: { teamId } })).toBe(0);
  });
});

describe("changing projects", () => {
  it("rename and describe; oversized input leaves the project as it was", async () => {
    const { editor, teamId } = await setup();
    const p = await createProject(db, editor, teamId, { name: "Old" });
    await updateProject(db, editor, p.id, { name: "New", description: "Now with words" });
    const before = await snapshot(p.id);
    expect(before).toMatchObject({ name: "New", description: "Now with words" });
    await expect(updateProject(db, editor, p.id, { name: "n".repeat(500) })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(updateProject(db, editor, p.id, {})).rejects.toThrow(
      /new name or a new description/,
    );
    expect(await snapshot(p.id)).toEqual(before);
  });

  it("duplicate copies the model into the same or another team the actor edits", async () => {
    const { owner, viewer, teamId } = await setup();
    const elsewhere = await makeTeam("elsewhere", [[viewer, "editor"]]);
    const p = await createProject(db, owner, teamId, { name: "Seg", template: "unet-small" });
    const copy = await duplicateProject(db, owner, p.id, {});
    expect(copy).toMatchObject({ name: "Copy of Seg", teamId });
    expect(Buffer.from(copy.ydocState!).equals(Buffer.from(p.ydocState!))).toBe(true);
    // A viewer may copy a project they can see into a team they edit…
    const theirs = await duplicateProject(db, viewer, p.id, { teamId: elsewhere, name: "Mine" });
    expect(theirs.teamId).toBe(elsewhere);
    // …but not into the team they only view.
    await expect(duplicateProject(db, viewer, p.id, {})).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("move needs owner of the source and editor of the destination; versions move along", async () => {
    const { owner, editor, teamId } = await setup();
    const destination = await makeTeam("dest", [
      [owner, "editor"],
      [editor, "editor"],
    ]);
    const forbidden = await makeTeam("forbidden", [[owner, "viewer"]]);
    const p = await createProject(db, owner, teamId, { name: "Mover" });
    await addVersion(p.id);
    await expect(moveProject(db, editor, p.id, { teamId: destination })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(moveProject(db, owner, p.id, { teamId: forbidden })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(moveProject(db, owner, p.id, { teamId })).rejects.toBeInstanceOf(ConflictError);
    await expect(moveProject(db, owner, p.id, { teamId: "not-an-id" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect((await snapshot(p.id))?.teamId).toBe(teamId);
    await moveProject(db, owner, p.id, { teamId: destination });
    expect((await snapshot(p.id))?.teamId).toBe(destination);
    expect(await db.projectVersion.count({ where: { projectId: p.id } })).toBe(1);
  });

  it("archive hides the project from the dashboard, makes the model read-only, and unarchive undoes it", async () => {
    const { editor, teamId } = await setup();
    const p = await createProject(db, editor, teamId, { name: "Old idea", template: "lenet5" });
    await setProjectArchived(db, editor, p.id, { archived: true });
    expect((await findProjects(db, editor, teamId)).map((c) => c.id)).not.toContain(p.id);
    expect((await findProjects(db, editor, teamId, { archived: true })).map((c) => c.id)).toContain(
      p.id,
    );
    const state = base64(encodeNewModelState(loadTemplate("vgg16")));
    await expect(saveProjectModel(db, editor, p.id, { state })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await setProjectArchived(db, editor, p.id, { archived: false });
    expect((await findProjects(db, editor, teamId)).map((c) => c.id)).toContain(p.id);
  });

  it("delete needs the owner and the exact name; it removes the project and its versions", async () => {
    const { owner, editor, teamId } = await setup();
    const p = await createProject(db, owner, teamId, { name: "Doomed" });
    await addVersion(p.id);
    await expect(deleteProject(db, editor, p.id, { confirmName: "Doomed" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(deleteProject(db, owner, p.id, { confirmName: "doomed" })).rejects.toThrow(
      /type the project's name exactly/,
    );
    await expect(deleteProject(db, owner, p.id, {})).rejects.toBeInstanceOf(ValidationError);
    expect(await snapshot(p.id)).not.toBeNull();
    await deleteProject(db, owner, p.id, { confirmName: "Doomed" });
    expect(await snapshot(p.id)).toBeNull();
    expect(await db.projectVersion.count({ where: { projectId: p.id } })).toBe(0);
    await expect(getProject(db, owner, p.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the model", () => {
  it("saves Y.Doc state from the editor and reports graph-core's summary computed on the server", async () => {
    const { editor, teamId } = await setup();
    const p = await createProject(db, editor, teamId, { name: "Net" });
    const model = loadTemplate("lenet5");
    const result = await saveProjectModel(db, editor, p.id, {
      state: base64(encodeNewModelState(model)),
    });
    expect(result.summary.errorCount).toBe(0);
    expect(result.summary.totalParams).toBeGreaterThan(60_000);
    const detail = await getProject(db, editor, p.id);
    expect(detail.model.nodes.map((n) => n.id)).toEqual(model.nodes.map((n) => n.id));
    expect(detail.project.modelSavedAt).toEqual(result.savedAt);
  });

  it("refuses bytes that are not a Y.Doc, a Y.Doc that is not a model, and non-base64, leaving the model as it was", async () => {
    const { editor, teamId } = await setup();
    const p = await createProject(db, editor, teamId, { name: "Net", template: "lenet5" });
    const before = await snapshot(p.id);
    await expect(
      saveProjectModel(db, editor, p.id, { state: base64(new Uint8Array([255, 1, 2, 3, 4, 5])) }),
    ).rejects.toBeInstanceOf(ValidationError);
    const doc = new Y.Doc();
    const node = new Y.Map<unknown>();
    doc.getMap("nodes").set("a", node);
    node.set("params", "not a map");
    const broken = await saveProjectModel(db, editor, p.id, {
      state: base64(Y.encodeStateAsUpdate(doc)),
    }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(ValidationError);
    expect((broken as ValidationError).message).toMatch(/not a valid model-flow document/);
    await expect(saveProjectModel(db, editor, p.id, { state: "%%%" })).rejects.toThrow(/base64/);
    await expect(saveProjectModel(db, editor, p.id, { state: "" })).rejects.toThrow(/empty/);
    await expect(saveProjectModel(db, editor, p.id, {})).rejects.toThrow(/missing/);
    const tooBig = await saveProjectModel(db, editor, p.id, {
      state: "A".repeat(6 * 1024 * 1024 + 4),
    }).catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(HttpError);
    expect(await snapshot(p.id)).toEqual(before);
  });
});

describe("concurrent editors", () => {
  it("two tabs that opened the same model and saved different edits both keep their edit", async () => {
    const { editor, owner, teamId } = await setup();
    const p = await createProject(db, editor, teamId, { name: "Shared", template: "lenet5" });
    const open = () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, p.ydocState!);
      return doc;
    };
    const [tabA, tabB] = [open(), open()];
    const paramsOf = (doc: Y.Doc, id: string) =>
      (doc.getMap("nodes").get(id) as Y.Map<unknown>).get("params") as Y.Map<unknown>;
    const model = loadTemplate("lenet5");
    const [first, second] = model.nodes.filter((n) => n.type === "Conv2d").map((n) => n.id);
    paramsOf(tabA, first!).set("out_channels", 7);
    paramsOf(tabB, second!).set("out_channels", 9);
    await saveProjectModel(db, editor, p.id, { state: base64(Y.encodeStateAsUpdate(tabA)) });
    await saveProjectModel(db, owner, p.id, { state: base64(Y.encodeStateAsUpdate(tabB)) });
    const { model: saved } = await getProject(db, editor, p.id);
    expect(saved.nodes.find((n) => n.id === first)!.params.out_channels).toBe(7);
    expect(saved.nodes.find((n) => n.id === second)!.params.out_channels).toBe(9);
    expect(saved.nodes).toHaveLength(model.nodes.length);
  });
});

describe("the dashboard", () => {
  it("lists a team's projects with graph-core counts, a thumbnail, search and sort", async () => {
    const { owner, viewer, teamId } = await setup();
    await createProject(db, owner, teamId, { name: "Alpha classifier", template: "lenet5" });
    const broken = loadTemplate("unet-small");
    // A Conv2d whose kernel is far larger than its input: graph-core reports an error.
    const conv = broken.nodes.find((n) => n.type === "Conv2d")!;
    conv.params = { ...conv.params, kernel_size: 1000 };
    await createProject(db, owner, teamId, {
      name: "Beta segmenter",
      description: "needs a fix",
      model: broken,
    });
    await createProject(db, owner, teamId, { name: "Gamma empty" });

    const byName = await findProjects(db, viewer, teamId, { sort: "name" });
    expect(byName.map((c) => c.name)).toEqual([
      "Alpha classifier",
      "Beta segmenter",
      "Gamma empty",
    ]);
    const beta = byName[1]!;
    expect(beta.summary.errorCount).toBeGreaterThan(0);
    expect(beta.thumbnail.nodes.some((n) => n.hasError)).toBe(true);
    expect(byName[0]!.summary.errorCount).toBe(0);
    expect(byName[0]!.thumbnail.nodes.length).toBe(loadTemplate("lenet5").nodes.length);
    expect(byName[0]!.thumbnail.viewBox.width).toBeGreaterThan(0);

    expect((await findProjects(db, viewer, teamId, { sort: "errors" }))[0]!.name).toBe(
      "Beta segmenter",
    );
    expect((await findProjects(db, viewer, teamId, { q: "FIX" })).map((c) => c.name)).toEqual([
      "Beta segmenter",
    ]);
    expect((await findProjects(db, viewer, teamId, { q: "gamma" })).map((c) => c.name)).toEqual([
      "Gamma empty",
    ]);
    expect((await findProjects(db, viewer, teamId, { sort: "nonsense" })).length).toBe(3);
  });

  it("another team's dashboard and projects are out of reach, whatever ids are sent", async () => {
    const { owner, teamId } = await setup();
    const outsider = await makeUser("outsider");
    const p = await createProject(db, owner, teamId, { name: "Secret" });
    await expect(findProjects(db, outsider, teamId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getProject(db, outsider, p.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createProject(db, outsider, teamId, { name: "Intruder" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(getProject(db, outsider, "c0000000000000000000nope")).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await db.project.count({ where: { teamId } })).toBe(1);
  });
});
