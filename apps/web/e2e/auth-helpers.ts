import { expect, type Page } from "@playwright/test";

/** A unique email for one test run. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@e2e.layerwise.dev`;
}

/** Fills and submits the sign-up form on the current page (already at /sign-up…). */
export async function submitSignUp(
  page: Page,
  name: string,
  email: string,
  password = "e2e-password-123",
): Promise<void> {
  const form = page.getByRole("form", { name: "Create account" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Create account" }).click();
}

/** Signs up a new account from scratch and waits for the dashboard. */
export async function signUp(page: Page, name: string, email: string): Promise<void> {
  await page.goto("/sign-up");
  await submitSignUp(page, name, email);
  await expect(page).toHaveURL(/\/teams\/[a-z0-9]+$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(name);
}

/** Creates a project in the team whose dashboard is open, and waits for its editor. */
export async function createProject(
  page: Page,
  name: string,
  templateLabel: string,
): Promise<string> {
  const form = page.getByRole("form", { name: "New project" });
  await form.getByLabel("Project name").fill(name);
  await form.getByLabel("Start from").selectOption({ label: templateLabel });
  await form.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[a-z0-9]+$/);
  await expect(page.getByTestId("model-editor")).toBeVisible();
  return page.url().split("/projects/")[1]!;
}

/** The model as the server has stored it (GET /api/projects/:id with the page's session). */
export async function storedModel(
  page: Page,
  projectId: string,
): Promise<{ nodes: { id: string; params: Record<string, unknown> }[] }> {
  const res = await page.request.get(`/api/projects/${projectId}`);
  expect(res.status()).toBe(200);
  return (
    (await res.json()) as { model: { nodes: { id: string; params: Record<string, unknown> }[] } }
  ).model;
}
