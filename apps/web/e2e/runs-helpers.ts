import { expect, type Page } from "@playwright/test";
import pg from "pg";

/** Snapshots the project's model as a version through the API; returns the version id. */
export async function saveVersion(page: Page, projectId: string, message: string): Promise<string> {
  const res = await page.request.post(`/api/projects/${projectId}/versions`, {
    data: { message },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/**
 * Runs `seed` with a connection to the e2e database and the ids runs of this project need (its
 * team, and the user with `email` as their author), then closes the connection.
 */
export async function withProjectDb<T>(
  projectId: string,
  email: string,
  seed: (client: pg.Client, ids: { teamId: string; userId: string }) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ teamId: string; userId: string }>(
      `SELECT p."teamId", u.id AS "userId" FROM "Project" p, "User" u WHERE p.id = $1 AND u.email = $2`,
      [projectId, email],
    );
    return await seed(client, rows[0]!);
  } finally {
    await client.end();
  }
}
