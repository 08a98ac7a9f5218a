import { expect, test } from "@playwright/test";
import { createProject, signUp, submitSignUp, uniqueEmail } from "./auth-helpers";

test("sign up, create a team, invite a second user who joins as viewer and cannot edit", async ({
  page,
  browser,
}) => {
  const ownerEmail = uniqueEmail("owner");
  const viewerEmail = uniqueEmail("viewer");
  await signUp(page, "Olivia Owner", ownerEmail);

  await page.getByRole("link", { name: "Teams" }).click();
  await page
    .getByRole("form", { name: "Create team" })
    .getByLabel("Team name")
    .fill("Segmentation lab");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page).toHaveURL(/\/teams\/[a-z0-9]+\/settings$/);
  const teamId = page.url().split("/teams/")[1]!.split("/")[0]!;

  await page.goto(`/teams/${teamId}`);
  const projectId = await createProject(page, "Shared U-Net", "U-Net (small, binary)");

  // The dashboard card: a live thumbnail of the model and graph-core's counts.
  await page.goto(`/teams/${teamId}`);
  const card = page.locator('[data-testid="project-card"][data-project-name="Shared U-Net"]');
  await expect(card.getByTestId("error-count")).toHaveText("0 errors");
  await expect.poll(() => card.locator("svg [data-node-id]").count()).toBeGreaterThan(20);

  await page.goto(`/teams/${teamId}/settings`);
  const invite = page.getByRole("form", { name: "Invite" });
  await invite.getByLabel("Email").fill(viewerEmail);
  await invite.getByLabel("Role").selectOption("viewer");
  await invite.getByRole("button", { name: "Create invite link" }).click();
  const inviteUrl = await page.getByTestId("invite-url").inputValue();
  expect(inviteUrl).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);

  // The second person opens the link in their own browser, creates an account and joins.
  const other = await browser.newContext();
  const viewer = await other.newPage();
  await viewer.goto(new URL(inviteUrl).pathname);
  await expect(viewer.getByText("as viewer")).toBeVisible();
  await viewer.getByRole("link", { name: "create an account" }).click();
  await submitSignUp(viewer, "Victor Viewer", viewerEmail);
  await expect(viewer).toHaveURL(/\/invite\//);
  await viewer.getByRole("button", { name: "Join the team" }).click();
  await expect(viewer).toHaveURL(new RegExp(`/teams/${teamId}$`));
  await expect(viewer.getByTestId("team-role")).toHaveText("viewer");
  await expect(viewer.getByRole("form", { name: "New project" })).toHaveCount(0);

  // The link worked once.
  await viewer.goto(new URL(inviteUrl).pathname);
  await expect(viewer.locator("main p[role=alert]")).toHaveText(
    "This invite link has already been used.",
  );

  // The viewer sees the project read-only: no autosave, and the server refuses writes.
  await viewer.goto(`/projects/${projectId}`);
  await expect(viewer.getByTestId("model-editor")).toBeVisible();
  await expect(viewer.getByTestId("project-role")).toHaveText("viewer");
  await expect(viewer.getByText("View only")).toBeVisible();
  await expect(viewer.getByTestId("save-status")).toHaveCount(0);
  await viewer.locator('[data-testid="layer-node"][data-node-id="enc1_conv1"]').click();
  await expect(viewer.locator("#param-out_channels")).toBeVisible();
  await expect(viewer.locator("#param-out_channels")).not.toBeEditable();
  const write = await viewer.request.patch(`/api/projects/${projectId}`, {
    data: { name: "Hijacked" },
  });
  expect(write.status()).toBe(403);
  const version = await viewer.request.post(`/api/projects/${projectId}/versions`, {
    data: { message: "mine" },
  });
  expect(version.status()).toBe(403);

  // The owner sees the new member with the viewer role.
  await page.reload();
  await expect(
    page.locator(`[data-testid="member-row"][data-email="${viewerEmail}"]`),
  ).toBeVisible();
  await other.close();
});
