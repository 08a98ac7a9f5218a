import pg from "pg";

/**
 * The e2e tests share the test database with the integration tests, which leave runs `queued`
 * (they have no worker) or `running` (a worker they killed on purpose). The e2e trainer would
 * otherwise train those first and starve the run the training spec submits. Only a database
 * whose name ends in `_test` is touched.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !new URL(url).pathname.endsWith("_test")) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(
      `UPDATE "Run" SET status = 'cancelled', "finishedAt" = now(),
         error = 'left over from an earlier test run; cancelled before the e2e tests'
       WHERE status IN ('queued', 'running')`,
    );
    if (result.rowCount) console.log(`e2e: cancelled ${result.rowCount} leftover test runs`);
  } catch (error) {
    // A database without the training tables (older migration state) has nothing to clean.
    if (!String(error).includes('relation "Run" does not exist')) throw error;
  } finally {
    await client.end();
  }
}
