import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createProject, submitSignUp, uniqueEmail } from "./auth-helpers";
import { freePort, startCollabServer, startWebServer, type TServerProcess } from "./collab-servers";
import { EDITOR_VIEWPORT, nodeBox } from "./editor-helpers";

/*
 * Live co-editing with real users in real browsers: an owner, a colleague with the editor role and
 * a viewer, each in a browser context of their own, on a web server and a collab server this spec
 * starts — so that it can SIGKILL the collab server mid-session and start it again.
 */

test.describe.configure({ mode: "serial" });

let web: TServerProcess;
let collab: TServerProcess;
let collabPort: number;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const webPort = await freePort();
  collabPort = await freePort();
  collab = await startCollabServer(collabPort, `http://127.0.0.1:${webPort}`);
  web = await startWebServer(webPort, `ws://127.0.0.1:${collabPort}`);
});

test.afterAll(async () => {
  await web?.stop();
  await collab?.stop();
});

/** A server this spec just started answers its first requests slowly on a busy machine. */
const SLOW = { timeout: 60_000 };

async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.goto("/sign-up");
  await submitSignUp(page, name, email);
  await expect(page).toHaveURL(/\/teams\/[a-z0-9]+$/, SLOW);
}

/** What the browsers logged, attached to the report when the test fails. */
const consoleLines: string[] = [];

async function person(browser: Browser): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ baseURL: web.url, viewport: EDITOR_VIEWPORT });
  const page = await ctx.newPage();
  page.on("console", (m) => consoleLines.push(`[${consoleLines.length}] ${m.type()}: ${m.text()}`));
  return { ctx, page };
}

// Playwright reads fixtures from the first parameter's destructuring: it must be a pattern.
// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  await testInfo.attach("browser console", { body: consoleLines.join("\n") });
  await testInfo.attach("collab server", { body: collab?.output() ?? "" });
  console.log(consoleLines.slice(-60).join("\n"));
  console.log(collab?.output().slice(-4000));
});

/** The owner invites `email` with `role`; the invitee signs up through the link and joins. */
async function invite(owner: Page, teamId: string, invitee: Page, name: string, role: string) {
  const email = uniqueEmail(role);
  await owner.goto(`/teams/${teamId}/settings`);
  const form = owner.getByRole("form", { name: "Invite" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Create invite link" }).click();
  const inviteUrl = await owner.getByTestId("invite-url").inputValue();
  await invitee.goto(new URL(inviteUrl).pathname);
  await invitee.getByRole("link", { name: "create an account" }).click();
  await submitSignUp(invitee, name, email);
  await expect(invitee).toHaveURL(/\/invite\//, SLOW);
  await invitee.getByRole("button", { name: "Join the team" }).click();
  await expect(invitee).toHaveURL(new RegExp(`/teams/${teamId}$`), SLOW);
}

async function openLive(page: Page, projectId: string): Promise<void> {
  await page.goto(`/projects/${projectId}`);
  await expect(page.getByTestId("model-editor")).toBeVisible(SLOW);
  await expect(page.getByTestId("connection-status")).toHaveAttribute(
    "data-status",
    "connected",
    SLOW,
  );
}

async function setParamOf(page: Page, node: string, name: string, value: string) {
  await nodeBox(page, node).click();
  const field = page.locator(`#param-${name}`);
  await field.fill(value);
  await field.blur();
}

test("an owner, an editor and a viewer edit one model live, and the collab server can die", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const o = await person(browser);
  const e = await person(browser);
  const v = await person(browser);
  const owner = o.page;
  const editor = e.page;
  const viewer = v.page;

  await signUp(owner, "Demo User", uniqueEmail("collab-owner"));
  await owner.getByRole("link", { name: "Teams" }).click();
  await owner.getByRole("form", { name: "Create team" }).getByLabel("Team name").fill("Live lab");
  await owner.getByRole("button", { name: "Create team" }).click();
  await expect(owner).toHaveURL(/\/teams\/[a-z0-9]+\/settings$/, SLOW);
  const teamId = owner.url().split("/teams/")[1]!.split("/")[0]!;
  await invite(owner, teamId, editor, "Eddie Editor", "editor");
  await invite(owner, teamId, viewer, "Victor Viewer", "viewer");
  await owner.goto(`/teams/${teamId}`);
  const projectId = await createProject(owner, "Live U-Net", "U-Net (small, binary)");

  await openLive(owner, projectId);
  await openLive(editor, projectId);
  await openLive(viewer, projectId);
  await expect(viewer.getByTestId("project-role")).toHaveText("viewer");

  // Everyone sees who is here.
  await expect(owner.locator('[data-testid="presence-avatar"]')).toHaveCount(2);
  await expect(
    viewer.locator('[data-testid="presence-avatar"][data-user-name="Demo User"]'),
  ).toBeVisible();

  await test.step("an edit appears in the other browsers, and is saved by the server", async () => {
    await setParamOf(owner, "enc1_conv1", "out_channels", "24");
    await expect(nodeBox(viewer, "enc1_conv1")).toHaveAttribute("data-shape", /^24 × 128 × 128$/);
    await expect(nodeBox(editor, "enc1_conv1")).toHaveAttribute("data-shape", /^24 × 128 × 128$/);
    await expect(owner.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
  });

  await test.step("cursors with names land on the same layer under another zoom", async () => {
    // The viewer looks from further away: flow coordinates must still put the cursor on the node.
    await viewer.getByRole("button", { name: "Zoom Out" }).click();
    await viewer.getByRole("button", { name: "Zoom Out" }).click();
    const ownBox = (await nodeBox(owner, "enc1_conv1").boundingBox())!;
    await owner.mouse.move(ownBox.x + ownBox.width / 2, ownBox.y + ownBox.height / 2, {
      steps: 4,
    });
    const cursor = viewer.locator('[data-testid="peer-cursor"][data-user-name="Demo User"]');
    await expect(cursor).toBeVisible();
    await expect(cursor).toContainText("Demo User");
    await expect
      .poll(async () => {
        const tip = (await cursor.boundingBox())!;
        const box = (await nodeBox(viewer, "enc1_conv1").boundingBox())!;
        const dx = tip.x - (box.x + box.width / 2);
        const dy = tip.y - (box.y + box.height / 2);
        return Math.round(Math.hypot(dx, dy));
      })
      .toBeLessThanOrEqual(3);
    // The owner selected enc1_conv1 while editing it: the others see it outlined in their colour.
    await expect(
      viewer.locator('[data-testid="peer-selection"][data-node-id="enc1_conv1"]'),
    ).toHaveAttribute("data-user-name", "Demo User");
  });

  await test.step("the viewer's canvas is read-only", async () => {
    await expect(viewer.getByLabel("Search layers")).toHaveCount(0);
    await expect(viewer.getByTestId("save-status")).toHaveCount(0);
    await nodeBox(viewer, "enc2_conv1").click();
    await expect(viewer.locator("#param-out_channels")).not.toBeEditable();
    await viewer.keyboard.press("Delete");
    // Dragging a node may pan the view, but never moves the node in the model.
    const flowPosition = (page: Page) =>
      page
        .locator('.react-flow__node[data-id="enc2_conv1"]')
        .evaluate((el) => (el as HTMLElement).style.transform);
    const before = await flowPosition(viewer);
    const ownerBefore = await flowPosition(owner);
    const box = (await nodeBox(viewer, "enc2_conv1").boundingBox())!;
    await viewer.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await viewer.mouse.down();
    await viewer.mouse.move(box.x + 150, box.y + 120, { steps: 5 });
    await viewer.mouse.up();
    await expect(nodeBox(viewer, "enc2_conv1")).toHaveCount(1);
    expect(await flowPosition(viewer)).toBe(before);
    await expect(nodeBox(owner, "enc2_conv1")).toHaveCount(1);
    expect(await flowPosition(owner)).toBe(ownerBefore);
  });

  await test.step("undo is per user: the owner's undo never undoes the editor's change", async () => {
    await setParamOf(editor, "enc2_conv1", "out_channels", "48");
    await expect(nodeBox(owner, "enc2_conv1")).toHaveAttribute("data-shape", /^48 × 64 × 64$/);
    await owner.getByRole("button", { name: "Undo" }).click();
    await expect(nodeBox(viewer, "enc1_conv1")).toHaveAttribute("data-shape", /^16 × 128 × 128$/);
    await expect(nodeBox(viewer, "enc2_conv1")).toHaveAttribute("data-shape", /^48 × 64 × 64$/);
    await expect(owner.getByRole("button", { name: "Undo" })).toBeDisabled();
    await editor.getByRole("button", { name: "Undo" }).click();
    await expect(nodeBox(owner, "enc2_conv1")).toHaveAttribute("data-shape", /^32 × 64 × 64$/);
  });

  await test.step("a colleague's change that breaks the owner's Concat is named", async () => {
    await setParamOf(editor, "enc2_conv1", "stride", "2");
    const problem = owner.locator('[data-testid="problem"][data-node="cat1"]');
    await expect(problem).toBeVisible();
    await expect(problem.getByTestId("problem-cause")).toHaveText(
      /^Eddie Editor changed stride on enc2_conv1 (just now|\d+ s ago)$/,
    );
    await editor.getByRole("button", { name: "Undo" }).click();
    await expect(problem).toHaveCount(0);
  });

  await test.step("the collab server dies; editing goes on offline and merges on restart", async () => {
    await collab.stop("SIGKILL");
    await expect(owner.getByTestId("connection-status")).toHaveAttribute("data-status", "offline");
    await setParamOf(owner, "enc3_conv1", "out_channels", "80");
    await expect(owner.getByTestId("save-status")).toHaveAttribute("data-status", "unsaved");
    // Leaving now would lose the edit if this device were lost too: the page asks first.
    const asked = owner.waitForEvent("dialog").then(async (dialog) => {
      const message = dialog.message();
      await dialog.dismiss();
      return message;
    });
    await owner.getByRole("link", { name: "Versions", exact: true }).click();
    expect(await asked).toMatch(/unsaved changes/);
    await expect(owner).toHaveURL(new RegExp(`/projects/${projectId}$`));
    await setParamOf(editor, "dec1_conv1", "out_channels", "20");
    collab = await startCollabServer(collabPort, web.url);
    for (const page of [owner, editor, viewer])
      await expect(page.getByTestId("connection-status")).toHaveAttribute(
        "data-status",
        "connected",
        { timeout: 30_000 },
      );
    await expect(owner.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
    await expect(nodeBox(viewer, "enc3_conv1")).toHaveAttribute("data-shape", /^80 × 32 × 32$/);
    await expect(nodeBox(viewer, "dec1_conv1")).toHaveAttribute("data-shape", /^20 × 128 × 128$/);
    await expect(nodeBox(owner, "dec1_conv1")).toHaveAttribute("data-shape", /^20 × 128 × 128$/);
    // Editing resumes without a reload.
    await setParamOf(editor, "head", "out_channels", "2");
    await expect(nodeBox(owner, "head")).toHaveAttribute("data-shape", /^2 × 128 × 128$/);
  });

  await test.step("nothing is lost: a fresh browser loads everything from the server", async () => {
    const fresh = await browser.newContext({
      baseURL: web.url,
      viewport: EDITOR_VIEWPORT,
      storageState: await v.ctx.storageState(),
    });
    const page = await fresh.newPage();
    await openLive(page, projectId);
    await expect(nodeBox(page, "enc1_conv1")).toHaveAttribute("data-shape", /^16 × 128 × 128$/);
    await expect(nodeBox(page, "enc3_conv1")).toHaveAttribute("data-shape", /^80 × 32 × 32$/);
    await expect(nodeBox(page, "dec1_conv1")).toHaveAttribute("data-shape", /^20 × 128 × 128$/);
    await expect(nodeBox(page, "head")).toHaveAttribute("data-shape", /^2 × 128 × 128$/);
    await fresh.close();
  });

  await Promise.all([o.ctx.close(), e.ctx.close(), v.ctx.close()]);
});
