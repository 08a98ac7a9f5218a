/*
 * The training gate on the server refuses a model that does not fit its dataset (real Postgres):
 * a 1-channel Input on the RGB nuclei, a classification head with the wrong number of classes
 * on an upload, before any run or version is created.
 */
import { encodeNewModelState } from "@layerwise/model-doc";
import type { TModelFlow } from "@layerwise/graph-core";
import { afterAll, describe, expect, it } from "vitest";
import { laidOutTemplate } from "@/features/projects/server/load-project-model";
import { createRun } from "@/features/training/server/create-run";
import { makeUser, testDb } from "@/lib/server-only/test-helpers";
import { datasetFitDiagnostics } from "./dataset-fit";

const db = testDb();
afterAll(async () => {
  await db.$disconnect();
});

function withInputShape(model: TModelFlow, shape: number[]): TModelFlow {
  return {
    ...model,
    nodes: model.nodes.map((n) =>
      n.type === "Input" ? { ...n, params: { ...n.params, shape } } : n,
    ),
  };
}

describe("dataset fit", () => {
  it("a 1-channel Input bound to nuclei (RGB) is refused with a diagnostic on the Input", async () => {
    const owner = await makeUser("fit-owner");
    const model = withInputShape(laidOutTemplate("unet-small", "U"), [1, 128, 128]);
    const project = await db.project.create({
      data: {
        teamId: owner.personalTeamId,
        name: "Fit",
        ydocState: encodeNewModelState(model),
        createdById: owner.id,
      },
    });
    await expect(createRun(db, owner, project.id, { dataset: "nuclei" })).rejects.toMatchObject({
      status: 422,
      diagnostics: [
        {
          code: "invalid-param",
          node: "input",
          message:
            'Input "input" has 1 channel but the dataset "Nuclei (H&E histology)" has 3-channel (RGB) images.',
        },
      ],
    });
    expect(await db.run.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.projectVersion.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("an upload's classes are checked against the classification head", async () => {
    const owner = await makeUser("fit-classes");
    const row = await db.dataset.create({
      data: {
        teamId: owner.personalTeamId,
        name: "Three",
        task: "classification",
        source: "upload",
        count: 3,
        trainCount: 2,
        valCount: 1,
        sampleShape: [3, 32, 32],
        classes: ["a", "b", "c"],
        stats: {},
        storageKey: "datasets/none",
        checksum: "x",
        sizeBytes: 0n,
      },
    });
    const lenet = withInputShape(laidOutTemplate("lenet5", "L"), [3, 32, 32]);
    const diagnostics = await datasetFitDiagnostics(db, lenet, row.id, owner.personalTeamId);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'The model predicts 10 classes but the dataset "Three" has 3 (a, b, c).',
    ]);
    // Another team's upload is not looked at (the caller reports it as not found).
    expect(await datasetFitDiagnostics(db, lenet, row.id, "other-team")).toEqual([]);
  });
});
