import { expect, test } from "@playwright/test";
import { createProject, signUp, storedModel, uniqueEmail } from "./auth-helpers";

test("U-Net project: save a version, change the model, compare and see the change, restore the first", async ({
  page,
}) => {
  await signUp(page, "Vera Versions", uniqueEmail("versions"));
  const projectId = await createProject(page, "Seg e2e", "U-Net (small, binary)");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");

  // Version 1: the template as created.
  await page.getByRole("link", { name: "Versions", exact: true }).click();
  await page.getByLabel("Version message").fill("Baseline");
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page.locator('[data-testid="version-row"][data-version="1"]')).toContainText(
    "Baseline",
  );

  // Change the model in the editor: the first convolution gets 24 output channels.
  await page.getByRole("link", { name: "Back to the model" }).click();
  await expect(page.getByTestId("model-editor")).toBeVisible();
  const conv = page.locator('[data-testid="layer-node"][data-node-id="enc1_conv1"]');
  await conv.click();
  const field = page.locator("#param-out_channels");
  await field.fill("24");
  await field.blur();
  // The collab server stores the edit (the leave-page guard is tested in collaboration.spec.ts,
  // which can stop its collab server to hold an edit unsaved).
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
  await expect
    .poll(
      async () =>
        (await storedModel(page, projectId)).nodes.find((n) => n.id === "enc1_conv1")?.params
          .out_channels,
    )
    .toBe(24);

  await page.getByRole("link", { name: "Versions", exact: true }).click();
  await page.getByLabel("Version message").fill("Wider first conv");
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page.locator('[data-testid="version-row"][data-version="2"]')).toContainText(
    "Wider first conv",
  );

  // Compare: the changed node is amber on both sides and the param change is listed.
  await page.getByLabel("Select version 1").check();
  await page.getByLabel("Select version 2").check();
  await page.getByRole("button", { name: "Compare selected" }).click();
  await expect(page).toHaveURL(/\/compare\?before=.+&after=.+/);
  await expect(
    page.locator('[data-testid="compare-after"] [data-node-id="enc1_conv1"]'),
  ).toHaveAttribute("data-highlight", "changed");
  await expect(
    page.locator('[data-testid="compare-before"] [data-node-id="enc1_conv1"]'),
  ).toHaveAttribute("data-highlight", "changed");
  await expect(
    page.locator('[data-testid="compare-after"] [data-node-id="enc1_bn1"]'),
  ).toHaveAttribute("data-highlight", "none");
  const row = page.getByTestId("changed-params").getByRole("row", { name: /enc1_conv1/ });
  await expect(row).toContainText("out_channels");
  await expect(row).toContainText("16");
  await expect(row).toContainText("24");

  // Restore version 1: a third version records it and the model has 16 channels again.
  await page.getByRole("link", { name: "All versions" }).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page
    .locator('[data-testid="version-row"][data-version="1"]')
    .getByRole("button", { name: "Restore" })
    .click();
  await expect(page.locator('[data-testid="version-row"][data-version="3"]')).toContainText(
    "Restored version 1",
  );
  await expect(page.locator('[data-testid="version-row"]')).toHaveCount(3);
  expect(
    (await storedModel(page, projectId)).nodes.find((n) => n.id === "enc1_conv1")?.params
      .out_channels,
  ).toBe(16);

  // Version 1 opens read-only.
  await page
    .locator('[data-testid="version-row"][data-version="1"]')
    .getByRole("link", { name: "Open" })
    .click();
  await expect(page.getByText("read-only")).toBeVisible();
  await expect(page.getByTestId("model-editor")).toBeVisible();
});
