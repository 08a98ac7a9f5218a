import type { PrismaClient } from "./client";
import { hashPassword } from "./password";

export const DEMO_EMAIL = "demo@layerwise.dev";
export const DEMO_PASSWORD = "layerwise-demo";
export const DEMO_TEAM_NAME = "Demo team";
export const DEMO_PROJECT_NAME = "U-Net for binary segmentation";

/**
 * Creates the demo account, its personal team and a demo project, once. Running it again
 * changes nothing (the demo user's existence is the marker), so `npm run up` can always call it.
 */
export async function seedDemo(db: PrismaClient): Promise<{ created: boolean }> {
  const existing = await db.user.findUnique({ where: { email: DEMO_EMAIL } });
  if (existing) return { created: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
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
    await tx.project.create({
      data: {
        teamId: team.id,
        name: DEMO_PROJECT_NAME,
        description: "The simplified U-Net that Layerwise trains as its baseline.",
      },
    });
  });
  return { created: true };
}
