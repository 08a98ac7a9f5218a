import type { PrismaClient } from "./client";

type TDb = Pick<PrismaClient, "$queryRaw">;

/**
 * Appends one event to a run's log with the next sequence number (1, 2, 3…) and returns it. The
 * number is taken inside the INSERT, so the web app (cancel) and a worker can both write; two
 * writers racing for one number hit the primary key and the loser retries with the next.
 */
export async function appendRunEvent(
  db: TDb,
  runId: string,
  event: { type: string } & Record<string, unknown>,
): Promise<number> {
  const data = JSON.stringify(event);
  for (let attempt = 0; ; attempt++) {
    try {
      const rows = await db.$queryRaw<{ seq: number }[]>`
        INSERT INTO "RunEvent" ("runId", "seq", "type", "data")
        SELECT ${runId}, COALESCE(MAX("seq"), 0) + 1, ${event.type}, ${data}::jsonb
        FROM "RunEvent" WHERE "runId" = ${runId}
        RETURNING "seq"`;
      return rows[0]!.seq;
    } catch (error) {
      if (attempt < 5 && /RunEvent_pkey|duplicate key|23505/.test(String(error))) continue;
      throw error;
    }
  }
}
