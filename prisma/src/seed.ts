import {
  analyze,
  applyLayout,
  layoutModel,
  loadTemplate,
  type TModelFlow,
} from "@layerwise/graph-core";
import { encodeNewModelState } from "@layerwise/model-doc";
import type { PrismaClient } from "./client";
import { hashPassword } from "./password";

export const DEMO_EMAIL = "demo@layerwise.dev";
export const DEMO_PASSWORD = "layerwise-demo";
export const DEMO_TEAM_NAME = "Demo team";
export const DEMO_PROJECT_NAME = "U-Net for binary segmentation";

/** The demo model: graph-core's simplified binary U-Net, laid out in U-Net rows. */
export function demoModel(): TModelFlow {
  const template = loadTemplate("unet-small");
  const positions = layoutModel(template, analyze(template), { mode: "unet" });
  return { ...applyLayout(template, positions), name: DEMO_PROJECT_NAME };
}

/**
 * Creates the demo account, its team and a demo project holding the U-Net (as Y.Doc state) with
 * a first version, once. Running it again changes nothing (the demo user's existence is the
 * marker), except that a demo project seeded before models were stored gets its model, so
 * `npm run up` can always call it.
 */
export async function seedDemo(db: PrismaClient): Promise<{ created: boolean }> {
  const existing = await db.user.findUnique({ where: { email: DEMO_EMAIL } });
  if (existing) {
    await db.project.updateMany({
      where: {
        name: DEMO_PROJECT_NAME,
        ydocState: null,
        team: { members: { some: { userId: existing.id } } },
      },
      data: { ydocState: encodeNewModelState(demoModel()), modelSavedAt: new Date() },
    });
    return { created: false };
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const model = demoModel();
  const analysis = analyze(model);
  const diagnostics = [
    ...model.nodes.flatMap((n) => analysis.nodes.get(n.id)?.diagnostics ?? []),
    ...analysis.diagnostics,
  ];
  await db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: DEMO_EMAIL, name: "Demo User", passwordHash },
    });
    const team = await tx.team.create({
      data: {
        name: DEMO_TEAM_NAME,
        isPersonal: true,
        members: { create: { userId: user.id, role: "owner" } },
      },
    });
    const project = await tx.project.create({
      data: {
        teamId: team.id,
        name: DEMO_PROJECT_NAME,
        description: "The simplified U-Net that Layerwise trains as its baseline.",
        createdById: user.id,
        ydocState: encodeNewModelState(model),
        modelSavedAt: new Date(),
      },
    });
    await tx.projectVersion.create({
      data: {
        projectId: project.id,
        number: 1,
        message: "Baseline U-Net",
        authorId: user.id,
        model: model as object,
        totalParams: BigInt(analysis.totalParams),
        errorCount: analysis.errorCount,
        warningCount: analysis.warningCount,
        diagnostics: diagnostics as object[],
      },
    });
  });
  return { created: true };
}
