import { analyze, parseModelFlow } from "@layerwise/graph-core";
import { docToModelFlow } from "@layerwise/model-doc";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createPrismaClient } from "../src/client";
import { verifyPassword } from "../src/password";
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_PROJECT_NAME, seedDemo } from "../src/seed";

const url = process.env.DATABASE_URL;

describe.skipIf(!url)("seedDemo (real Postgres)", () => {
  const db = createPrismaClient(url ?? "");
  afterAll(() => db.$disconnect());

  it("leaves the demo account, team and a U-Net project stored as Y.Doc state, and is idempotent", async () => {
    await seedDemo(db);
    const again = await seedDemo(db);
    expect(again.created).toBe(false);
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_EMAIL } });
    expect(await verifyPassword(DEMO_PASSWORD, user.passwordHash!)).toBe(true);
    const projects = await db.project.findMany({
      where: {
        name: DEMO_PROJECT_NAME,
        team: { members: { some: { userId: user.id, role: "owner" } } },
      },
      include: { versions: true },
    });
    expect(projects).toHaveLength(1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, projects[0]!.ydocState!);
    const parsed = parseModelFlow(docToModelFlow(doc));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.doc.nodes.some((n) => n.type === "Concat")).toBe(true);
    expect(parsed.doc.nodes.every((n) => n.position !== undefined)).toBe(true);
    const analysis = analyze(parsed.doc);
    expect(analysis.errorCount).toBe(0);
    expect(projects[0]!.versions.length).toBeGreaterThanOrEqual(1);
  });
});
