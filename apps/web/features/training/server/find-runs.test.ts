import { encodeNewModelState } from "@layerwise/model-doc";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { laidOutTemplate } from "@/features/projects/server/load-project-model";
import { insertVersion } from "@/features/versions/server/create-version";
import type { TActor } from "@/lib/server-only/actor";
import { makeTeam, makeUser, testDb } from "@/lib/server-only/test-helpers";
import { findRuns } from "./find-runs";

const db = testDb();
let owner: TActor;
let other: TActor;
let teamId: string;
let projectId: string;
let versionIds: string[];

beforeAll(async () => {
  owner = await makeUser("runs-owner");
  other = await makeUser("runs-other");
  teamId = await makeTeam("runs-team", [
    [owner, "owner"],
    [other, "editor"],
  ]);
  const model = laidOutTemplate("unet-small", "U-Net");
  const project = await db.project.create({
    data: { teamId, name: "Runs", ydocState: encodeNewModelState(model) },
  });
  projectId = project.id;
  versionIds = [];
  for (const message of ["a", "b"])
    versionIds.push(
      (await insertVersion(db, { projectId, authorId: owner.id, message, kind: "run", model })).id,
    );
  // Seven runs: alternating authors and versions, a mix of statuses, metrics and durations.
  for (let n = 1; n <= 7; n++) {
    await db.run.create({
      data: {
        projectId,
        teamId,
        number: n,
        versionId: versionIds[n % 2]!,
        authorId: n % 2 ? owner.id : other.id,
        status: n <= 5 ? "succeeded" : "queued",
        // Handed to a queue far in the future: no trainer sharing the test database takes them.
        enqueuedAt: n <= 5 ? null : new Date("2999-01-01T00:00:00Z"),
        config: { dataset: "nuclei" },
        bestMetric: n <= 5 ? n / 10 : null,
        durationMs: n <= 5 ? 1000 * (6 - n) : null,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
      },
    });
  }
});
afterAll(async () => {
  await db.run.deleteMany({ where: { teamId } });
});

const numbers = (page: { runs: { number: number }[] }) => page.runs.map((r) => r.number);

describe("findRuns", () => {
  it("pages newest first with a cursor until there is no next page", async () => {
    const first = await findRuns(db, owner, projectId, { limit: "3" });
    expect(numbers(first)).toEqual([7, 6, 5]);
    const second = await findRuns(db, owner, projectId, { limit: "3", cursor: first.nextCursor! });
    expect(numbers(second)).toEqual([4, 3, 2]);
    const last = await findRuns(db, owner, projectId, { limit: "3", cursor: second.nextCursor! });
    expect(numbers(last)).toEqual([1]);
    expect(last.nextCursor).toBeNull();
  });

  it("filters by status, author and version, and sorts by best metric and duration", async () => {
    expect(numbers(await findRuns(db, owner, projectId, { status: "queued" }))).toEqual([7, 6]);
    expect(numbers(await findRuns(db, owner, projectId, { author: other.id }))).toEqual([6, 4, 2]);
    expect(numbers(await findRuns(db, owner, projectId, { version: versionIds[0]! }))).toEqual([
      6, 4, 2,
    ]);
    const best = await findRuns(db, owner, projectId, { sort: "best", limit: "4" });
    expect(numbers(best)).toEqual([5, 4, 3, 2]);
    const rest = await findRuns(db, owner, projectId, { sort: "best", cursor: best.nextCursor! });
    expect(numbers(rest)).toEqual([1, 7, 6]); // runs without a metric come last
    const fastest = await findRuns(db, owner, projectId, { sort: "duration", order: "asc" });
    expect(numbers(fastest).slice(0, 5)).toEqual([5, 4, 3, 2, 1]);
  });

  it("refuses an unknown sort with a message naming the field", async () => {
    await expect(findRuns(db, owner, projectId, { sort: "colour" })).rejects.toThrow(/sort/);
  });
});
