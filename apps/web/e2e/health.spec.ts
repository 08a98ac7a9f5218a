import { expect, test } from "@playwright/test";

test("the home page says what Layerwise is", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Layerwise" })).toBeVisible();
  await expect(page.getByText(/see, while you design it, whether it is\s+right/)).toBeVisible();
});

test("the health endpoint reports Postgres and Redis healthy", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({
    status: "ok",
    service: "web",
    dependencies: { postgres: { ok: true }, redis: { ok: true } },
  });
});
