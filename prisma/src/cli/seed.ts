import { createPrismaClient } from "../client";
import { DEMO_EMAIL, seedDemo } from "../seed";
import { loadRootEnv, requireEnv } from "./env";

loadRootEnv();
const db = createPrismaClient(requireEnv("DATABASE_URL"));
try {
  const { created } = await seedDemo(db);
  console.log(created ? `Seeded the demo account ${DEMO_EMAIL}.` : "Demo data already present.");
} finally {
  await db.$disconnect();
}
