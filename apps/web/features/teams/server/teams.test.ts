import { afterAll, describe, expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  HttpError,
  NotFoundError,
  ValidationError,
} from "@/lib/server-only/errors";
import { makeTeam, makeUser, testDb } from "@/lib/server-only/test-helpers";
import { acceptInvite, findInviteByToken } from "./accept-invite";
import { createInvite } from "./create-invite";
import { createTeam } from "./create-team";
import { findTeamDetail, findTeams } from "./find-teams";
import { hashInviteToken } from "./invite-token";
import { changeMemberRole, removeMember } from "./manage-members";
import { renameTeam } from "./rename-team";
import { revokeInvite } from "./revoke-invite";

const db = testDb();
afterAll(() => db.$disconnect());

/** Memberships of a team as `email → role`, to compare before and after. */
async function roster(teamId: string): Promise<Record<string, string>> {
  const rows = await db.membership.findMany({ where: { teamId }, include: { user: true } });
  return Object.fromEntries(rows.map((r) => [r.user.email, r.role]));
}

describe("teams", () => {
  it("a user creates a team, owns it, renames it, and sees it after the personal team", async () => {
    const ada = await makeUser("ada");
    const team = await createTeam(db, ada, { name: "  Vision lab " });
    expect(team.name).toBe("Vision lab");
    expect(await roster(team.id)).toEqual({ [ada.email]: "owner" });
    await renameTeam(db, ada, team.id, { name: "Vision group" });
    const teams = await findTeams(db, ada);
    expect(teams.map((t) => t.name)).toEqual(["ada's team", "Vision group"]);
    expect(teams[1]).toMatchObject({ role: "owner", memberCount: 1, projectCount: 0 });
  });

  it("rejects oversized and empty team names", async () => {
    const ada = await makeUser("ada");
    await expect(createTeam(db, ada, { name: "x".repeat(61) })).rejects.toThrow(/at most 60/);
    await expect(createTeam(db, ada, { name: "" })).rejects.toBeInstanceOf(ValidationError);
    expect(await findTeams(db, ada)).toHaveLength(1);
  });
});

describe("invites", () => {
  it("owner invites by email; the link stores only a hash, works once, and adds the invitee with the role", async () => {
    const owner = await makeUser("owner");
    const bob = await makeUser("bob");
    const teamId = await makeTeam("lab", [[owner, "owner"]]);
    const invite = await createInvite(db, owner, teamId, {
      email: bob.email.toUpperCase(),
      role: "viewer",
    });
    const stored = await db.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(stored.tokenHash).toBe(hashInviteToken(invite.token));
    expect(stored.tokenHash).not.toContain(invite.token);
    expect(stored.email).toBe(bob.email);
    expect(await findInviteByToken(db, invite.token)).toMatchObject({
      status: "pending",
      role: "viewer",
      teamId,
    });

    expect(await acceptInvite(db, bob, { token: invite.token })).toEqual({
      teamId,
      role: "viewer",
    });
    expect(await roster(teamId)).toEqual({ [owner.email]: "owner", [bob.email]: "viewer" });
    expect(await findInviteByToken(db, invite.token)).toMatchObject({ status: "accepted" });

    // Replayed: refused with 410, nothing changes.
    const replay = await acceptInvite(db, bob, { token: invite.token }).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(HttpError);
    expect((replay as HttpError).status).toBe(410);
    expect((replay as HttpError).message).toMatch(/already been used/);
  });

  it("an expired link is refused (410) and adds nobody", async () => {
    const owner = await makeUser("owner");
    const bob = await makeUser("bob");
    const teamId = await makeTeam("lab", [[owner, "owner"]]);
    const longAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    const invite = await createInvite(
      db,
      owner,
      teamId,
      { email: bob.email, role: "editor" },
      longAgo,
    );
    const error = await acceptInvite(db, bob, { token: invite.token }).catch((e: unknown) => e);
    expect((error as HttpError).status).toBe(410);
    expect((error as HttpError).message).toMatch(/expired/);
    expect(await roster(teamId)).toEqual({ [owner.email]: "owner" });
    expect((await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).acceptedAt).toBeNull();
  });

  it("only the invited email can accept; a revoked link stops working; bad tokens are clear errors", async () => {
    const owner = await makeUser("owner");
    const bob = await makeUser("bob");
    const mallory = await makeUser("mallory");
    const teamId = await makeTeam("lab", [[owner, "owner"]]);
    const invite = await createInvite(db, owner, teamId, { email: bob.email, role: "editor" });
    await expect(acceptInvite(db, mallory, { token: invite.token })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await revokeInvite(db, owner, teamId, invite.id);
    const revoked = await acceptInvite(db, bob, { token: invite.token }).catch((e: unknown) => e);
    expect((revoked as HttpError).status).toBe(410);
    await expect(acceptInvite(db, bob, { token: "A".repeat(43) })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(acceptInvite(db, bob, { token: "short" })).rejects.toBeInstanceOf(ValidationError);
    await expect(acceptInvite(db, null, { token: invite.token })).rejects.toMatchObject({
      status: 401,
    });
    expect(await roster(teamId)).toEqual({ [owner.email]: "owner" });
  });

  it("two simultaneous acceptances of one link: exactly one succeeds", async () => {
    const owner = await makeUser("owner");
    const bob = await makeUser("bob");
    const teamId = await makeTeam("lab", [[owner, "owner"]]);
    const invite = await createInvite(db, owner, teamId, { email: bob.email, role: "viewer" });
    const results = await Promise.allSettled([
      acceptInvite(db, bob, { token: invite.token }),
      acceptInvite(db, bob, { token: invite.token }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await roster(teamId)).toEqual({ [owner.email]: "owner", [bob.email]: "viewer" });
  });

  it("refuses inviting to a personal team, an existing member, or a malformed address", async () => {
    const owner = await makeUser("owner");
    const member = await makeUser("member");
    const teamId = await makeTeam("lab", [
      [owner, "owner"],
      [member, "editor"],
    ]);
    await expect(
      createInvite(db, owner, owner.personalTeamId, {
        email: "x@test.layerwise.dev",
        role: "viewer",
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      createInvite(db, owner, teamId, { email: member.email, role: "viewer" }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      createInvite(db, owner, teamId, { email: "not an email", role: "viewer" }),
    ).rejects.toThrow(/valid email/);
    await expect(
      createInvite(db, owner, teamId, { email: "x@test.layerwise.dev", role: "admin" }),
    ).rejects.toThrow(/owner, editor or viewer/);
    expect(await db.invite.count({ where: { teamId } })).toBe(0);
  });

  it("owners see pending invites in the team detail; viewers see members only", async () => {
    const owner = await makeUser("owner");
    const viewer = await makeUser("viewer");
    const teamId = await makeTeam("lab", [
      [owner, "owner"],
      [viewer, "viewer"],
    ]);
    await createInvite(db, owner, teamId, { email: "pending@test.layerwise.dev", role: "editor" });
    expect((await findTeamDetail(db, owner, teamId)).invites).toHaveLength(1);
    const asViewer = await findTeamDetail(db, viewer, teamId);
    expect(asViewer.invites).toHaveLength(0);
    expect(asViewer.members.map((m) => m.role).sort()).toEqual(["owner", "viewer"]);
  });
});

describe("roles and membership", () => {
  it("owners change roles and remove members", async () => {
    const owner = await makeUser("owner");
    const bob = await makeUser("bob");
    const carol = await makeUser("carol");
    const teamId = await makeTeam("lab", [
      [owner, "owner"],
      [bob, "viewer"],
      [carol, "editor"],
    ]);
    await changeMemberRole(db, owner, teamId, bob.id, { role: "editor" });
    await removeMember(db, owner, teamId, carol.id);
    expect(await roster(teamId)).toEqual({ [owner.email]: "owner", [bob.email]: "editor" });
  });

  it("the last owner can neither leave nor be demoted; with a second owner they can", async () => {
    const owner = await makeUser("owner");
    const bob = await makeUser("bob");
    const teamId = await makeTeam("lab", [
      [owner, "owner"],
      [bob, "editor"],
    ]);
    await expect(removeMember(db, owner, teamId, owner.id)).rejects.toThrow(
      /last owner cannot leave/,
    );
    await expect(
      changeMemberRole(db, owner, teamId, owner.id, { role: "editor" }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await roster(teamId)).toEqual({ [owner.email]: "owner", [bob.email]: "editor" });
    await changeMemberRole(db, owner, teamId, bob.id, { role: "owner" });
    await removeMember(db, owner, teamId, owner.id);
    expect(await roster(teamId)).toEqual({ [bob.email]: "owner" });
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const a = await makeUser("a");
    const b = await makeUser("b");
    const teamId = await makeTeam("lab", [
      [a, "owner"],
      [b, "owner"],
    ]);
    await Promise.allSettled([
      changeMemberRole(db, a, teamId, b.id, { role: "viewer" }),
      changeMemberRole(db, b, teamId, a.id, { role: "viewer" }),
    ]);
    const roles = Object.values(await roster(teamId));
    expect(roles.filter((r) => r === "owner").length).toBeGreaterThanOrEqual(1);
  });

  it("members can leave; unknown members and ids from another team are 404 and change nothing", async () => {
    const owner = await makeUser("owner");
    const viewer = await makeUser("viewer");
    const stranger = await makeUser("stranger");
    const teamId = await makeTeam("lab", [
      [owner, "owner"],
      [viewer, "viewer"],
    ]);
    const otherTeam = await makeTeam("other", [[stranger, "owner"]]);
    await expect(
      changeMemberRole(db, owner, teamId, stranger.id, { role: "editor" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      removeMember(db, owner, teamId, "nonexistent-user-id-000000"),
    ).rejects.toBeInstanceOf(NotFoundError);
    // An owner of one team cannot act on another team by sending its id.
    await expect(removeMember(db, owner, otherTeam, stranger.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      renameTeam(db, owner, "c000000000000000000000000", { name: "x" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await roster(otherTeam)).toEqual({ [stranger.email]: "owner" });
    await removeMember(db, viewer, teamId, viewer.id);
    expect(await roster(teamId)).toEqual({ [owner.email]: "owner" });
  });
});
