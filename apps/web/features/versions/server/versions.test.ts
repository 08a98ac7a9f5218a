import { loadTemplate, type TModelFlow } from "@layerwise/graph-core";
import { afterAll, describe, expect, it } from "vitest";
import { createProject } from "@/features/projects/server/create-project";
import { getProject } from "@/features/projects/server/find-projects";
import { replaceModelInState } from "@/features/projects/server/model-state";
import { saveProjectModel } from "@/features/projects/server/save-project-model";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/server-only/errors";
import { makeTeam, makeUser, testDb } from "@/lib/server-only/test-helpers";
import { compareVersions } from "./compare-versions";
import { createVersion } from "./create-version";
import { findVersions, getVersion } from "./find-versions";
import { restoreVersion } from "./restore-version";

const db = testDb();
afterAll(() => db.$disconnect());

/** What an editor that opened the project and changed its model to `model` would upload. */
async function editorState(projectId: string, model: TModelFlow): Promise<string> {
  const { ydocState } = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  return Buffer.from(replaceModelInState(ydocState, model)).toString("base64");
}

async function setup() {
  const owner = await makeUser("owner");
  const editor = await makeUser("Eve Editor");
  const viewer = await makeUser("viewer");
  const teamId = await makeTeam("lab", [
    [owner, "owner"],
    [editor, "editor"],
    [viewer, "viewer"],
  ]);
  const project = await createProject(db, editor, teamId, { name: "Seg", template: "unet-small" });
  return { owner, editor, viewer, teamId, project };
}

/** The U-Net with its first convolution widened and one layer added. */
function edited(model: TModelFlow): TModelFlow {
  const copy = structuredClone(model);
  const conv = copy.nodes.find((n) => n.type === "Conv2d")!;
  conv.params = { ...conv.params, out_channels: 24 };
  copy.nodes.push({ id: "extra_dropout", type: "Dropout", params: { p: 0.1 } });
  return copy;
}

describe("versions", () => {
  it("saves named versions with author, time, params and diagnostics; lists newest first", async () => {
    const { editor, viewer, project } = await setup();
    const v1 = await createVersion(db, editor, project.id, { message: "Baseline" });
    const { model } = await getProject(db, editor, project.id);
    await saveProjectModel(db, editor, project.id, {
      state: await editorState(project.id, edited(model)),
    });
    const v2 = await createVersion(db, editor, project.id, { message: "  Wider first conv " });
    expect([v1.number, v2.number]).toEqual([1, 2]);

    const list = await findVersions(db, viewer, project.id);
    expect(list.map((v) => v.message)).toEqual(["Wider first conv", "Baseline"]);
    expect(list[1]).toMatchObject({ authorName: "Eve Editor", kind: "manual", errorCount: 0 });
    expect(list[0]!.totalParams).toBeGreaterThan(list[1]!.totalParams);
    // The unconnected Dropout is reported by graph-core and kept with the version.
    expect(list[0]!.diagnostics.some((d) => d.node === "extra_dropout")).toBe(true);
    expect(list[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(list[1]!.createdAt.getTime());
  });

  it("opens one version with its model; ids from another project are not found", async () => {
    const { editor, project, teamId } = await setup();
    const v1 = await createVersion(db, editor, project.id, { message: "Baseline" });
    const other = await createProject(db, editor, teamId, { name: "Other", template: "lenet5" });
    const foreign = await createVersion(db, editor, other.id, { message: "Other's" });
    const opened = await getVersion(db, editor, project.id, v1.id);
    expect(opened.model.nodes.length).toBe(loadTemplate("unet-small").nodes.length);
    // A version id of another project, sent with this project's id, never resolves.
    await expect(getVersion(db, editor, project.id, foreign.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(restoreVersion(db, editor, project.id, foreign.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(getVersion(db, editor, project.id, "unknown")).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("restore makes the old model current again as a new version; nothing is overwritten", async () => {
    const { editor, project } = await setup();
    const v1 = await createVersion(db, editor, project.id, { message: "Baseline" });
    const { model } = await getProject(db, editor, project.id);
    await saveProjectModel(db, editor, project.id, {
      state: await editorState(project.id, edited(model)),
    });
    await createVersion(db, editor, project.id, { message: "Edited" });

    const v3 = await restoreVersion(db, editor, project.id, v1.id);
    expect(v3).toMatchObject({ number: 3, kind: "restore", restoredFromId: v1.id });
    expect(v3.message).toMatch(/Restored version 1/);
    const current = await getProject(db, editor, project.id);
    expect(current.model.nodes.map((n) => n.id)).toEqual(model.nodes.map((n) => n.id));
    expect(current.model.nodes.find((n) => n.type === "Conv2d")!.params.out_channels).toBe(
      model.nodes.find((n) => n.type === "Conv2d")!.params.out_channels,
    );
    const all = await findVersions(db, editor, project.id);
    expect(all.map((v) => v.number)).toEqual([3, 2, 1]);
    expect(all[0]!.restoredFromNumber).toBe(1);
  });

  it("compares two versions: added, removed and changed nodes with the changed params", async () => {
    const { editor, viewer, project } = await setup();
    const v1 = await createVersion(db, editor, project.id, { message: "Baseline" });
    const { model } = await getProject(db, editor, project.id);
    const next = edited(model);
    const removedId = next.nodes.find((n) => n.type === "Dropout" && n.id !== "extra_dropout")?.id;
    await saveProjectModel(db, editor, project.id, { state: await editorState(project.id, next) });
    const v2 = await createVersion(db, editor, project.id, { message: "Edited" });

    const cmp = await compareVersions(db, viewer, project.id, v1.id, v2.id);
    const convId = model.nodes.find((n) => n.type === "Conv2d")!.id;
    expect(cmp.diff.added).toEqual(["extra_dropout"]);
    expect(cmp.diff.changed).toEqual([{ id: convId, params: { out_channels: [16, 24] } }]);
    expect(removedId).toBeUndefined();
    expect(cmp.afterGeometry.nodes.find((n) => n.id === "extra_dropout")?.highlight).toBe("added");
    expect(cmp.afterGeometry.nodes.find((n) => n.id === convId)?.highlight).toBe("changed");
    expect(cmp.beforeGeometry.nodes.find((n) => n.id === convId)?.highlight).toBe("changed");

    const reverse = await compareVersions(db, viewer, project.id, v2.id, v1.id);
    expect(reverse.diff.removed).toEqual(["extra_dropout"]);
    expect(reverse.beforeGeometry.nodes.find((n) => n.id === "extra_dropout")?.highlight).toBe(
      "removed",
    );
  });

  it("a change inside a block definition is listed and marks every Block node using it", async () => {
    const { editor, viewer, teamId } = await setup();
    const project = await createProject(db, editor, teamId, { name: "Blocks", template: "unet" });
    const v1 = await createVersion(db, editor, project.id, { message: "Baseline" });
    const { model } = await getProject(db, editor, project.id);
    const next = structuredClone(model);
    const inner = next.blocks!.double_conv_64!.nodes.find((n) => n.id === "conv1")!;
    inner.params = { ...inner.params, kernel_size: 5, padding: 2 };
    await saveProjectModel(db, editor, project.id, { state: await editorState(project.id, next) });
    const v2 = await createVersion(db, editor, project.id, { message: "5x5 first block" });

    const cmp = await compareVersions(db, viewer, project.id, v1.id, v2.id);
    expect(cmp.diff.changed).toEqual([]);
    expect(cmp.diff.blocks?.changed).toEqual([
      {
        id: "double_conv_64",
        diff: {
          added: [],
          removed: [],
          changed: [{ id: "conv1", params: { kernel_size: [3, 5], padding: [1, 2] } }],
          edges: { added: [], removed: [] },
        },
      },
    ]);
    const users = model.nodes.filter((n) => n.params.block === "double_conv_64").map((n) => n.id);
    expect(users.length).toBeGreaterThan(0);
    for (const id of users) {
      expect(cmp.afterGeometry.nodes.find((n) => n.id === id)?.highlight).toBe("changed");
    }
    const other = model.nodes.find((n) => n.params.block === "double_conv_128")!.id;
    expect(cmp.afterGeometry.nodes.find((n) => n.id === other)?.highlight).toBeUndefined();
  });

  it("viewers cannot save or restore versions; messages are validated; nothing changes", async () => {
    const { editor, viewer, project } = await setup();
    const v1 = await createVersion(db, editor, project.id, { message: "Baseline" });
    await expect(createVersion(db, viewer, project.id, { message: "Mine" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(restoreVersion(db, viewer, project.id, v1.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      createVersion(db, editor, project.id, { message: "m".repeat(201) }),
    ).rejects.toThrow(/at most 200/);
    await expect(createVersion(db, editor, project.id, { message: "" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await db.projectVersion.count({ where: { projectId: project.id } })).toBe(1);
  });

  it("concurrent saves get distinct consecutive numbers", async () => {
    const { editor, project } = await setup();
    const made = await Promise.all(
      [1, 2, 3].map((i) => createVersion(db, editor, project.id, { message: `v${i}` })),
    );
    expect(made.map((v) => v.number).sort()).toEqual([1, 2, 3]);
  });
});
