import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./auth-helpers";

test("sign-in errors say the same thing for a wrong password and an unknown account", async ({
  page,
}) => {
  const email = uniqueEmail("known");
  await signUp(page, "Known Person", email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  for (const [address, password] of [
    [email, "wrong-password"],
    [uniqueEmail("nobody"), "whatever-password"],
  ] as const) {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(address);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("main p[role=alert]")).toHaveText("Email or password is incorrect.");
  }

  await page.getByLabel("Password").fill("e2e-password-123");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toHaveText("Known Person");
});
