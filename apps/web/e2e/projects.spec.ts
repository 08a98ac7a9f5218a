import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./auth-helpers";

test("projects: create, search and sort, rename and describe, duplicate, move, archive, delete with confirmation", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUp(page, "Pat Projects", uniqueEmail("projects"));
  const dashboard = page.url();
  const cards = page.getByTestId("project-card");

  for (const [name, template] of [
    ["Beta classifier", "LeNet-5"],
    ["Alpha blank", "Blank model"],
  ] as const) {
    await page.goto(dashboard);
    const form = page.getByRole("form", { name: "New project" });
    await form.getByLabel("Project name").fill(name);
    await form.getByLabel("Start from").selectOption({ label: template });
    await form.getByRole("button", { name: "Create project" }).click();
    await expect(page.getByTestId("model-editor")).toBeVisible();
  }

  // Search and sort on the dashboard.
  await page.goto(dashboard);
  await expect(cards).toHaveCount(2);
  await page.getByRole("search").getByLabel("Sort by").selectOption("name");
  await page.getByRole("search").getByRole("button", { name: "Apply" }).click();
  await expect(cards.first()).toHaveAttribute("data-project-name", "Alpha blank");
  await page.getByRole("search").getByLabel("Search").fill("classif");
  await page.getByRole("search").getByRole("button", { name: "Apply" }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute("data-project-name", "Beta classifier");

  // Rename and describe.
  await cards.first().click();
  await expect(page.getByTestId("model-editor")).toBeVisible();
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  const details = page.getByRole("form", { name: "Project details" });
  await details.getByLabel("Name").fill("Beta renamed");
  await details.getByLabel("Description").fill("LeNet on MNIST");
  await details.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("heading", { name: "Settings of Beta renamed" })).toBeVisible();

  // Duplicate into the same team: the copy opens.
  await page
    .getByRole("form", { name: "Duplicate project" })
    .getByRole("button", { name: "Duplicate project" })
    .click();
  await expect(page.getByRole("heading", { name: "Copy of Beta renamed" })).toBeVisible();
  const copyUrl = page.url();

  // Archive the copy: it leaves the dashboard and shows under archived projects.
  await page.goto(`${copyUrl}/settings`);
  await page.getByRole("button", { name: "Archive project" }).click();
  await expect(page.getByRole("button", { name: "Unarchive project" })).toBeVisible();
  await page.goto(dashboard);
  await expect(cards).toHaveCount(2);
  await page.getByRole("link", { name: "Show archived projects" }).click();
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute("data-project-name", "Copy of Beta renamed");

  // Delete needs the exact name.
  await page.goto(`${copyUrl}/settings`);
  const del = page.getByRole("form", { name: "Delete project" });
  await del.getByLabel("Project name").fill("copy of beta");
  await del.getByRole("button", { name: "Delete project" }).click();
  await expect(page.locator("main p[role=alert]")).toContainText("type the project's name exactly");
  await del.getByLabel("Project name").fill("Copy of Beta renamed");
  await del.getByRole("button", { name: "Delete project" }).click();
  await expect(page).toHaveURL(dashboard);
  await page.goto(`${dashboard}?archived=1`);
  await expect(cards).toHaveCount(0);

  // Move the renamed project to a new team.
  await page.getByRole("link", { name: "Teams" }).click();
  await page.getByRole("form", { name: "Create team" }).getByLabel("Team name").fill("Classifiers");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  const teamUrl = page.url().replace(/\/settings$/, "");
  await page.goto(dashboard);
  await page.locator('[data-testid="project-card"][data-project-name="Beta renamed"]').click();
  await expect(page.getByTestId("model-editor")).toBeVisible();
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  const move = page.getByRole("form", { name: "Move project" });
  await move.getByLabel("Move to team").selectOption({ label: "Classifiers" });
  await move.getByRole("button", { name: "Move project" }).click();
  // The destinations now offer the team the project left.
  await expect(move.getByLabel("Move to team")).toContainText("Pat Projects's team");
  await page.goto(teamUrl);
  await expect(
    page.locator('[data-testid="project-card"][data-project-name="Beta renamed"]'),
  ).toBeVisible();
  await page.goto(dashboard);
  await expect(cards).toHaveCount(1);
});
