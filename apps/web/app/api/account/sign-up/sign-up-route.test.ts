import { afterAll, describe, expect, it } from "vitest";
import { webEnv } from "@/env";
import { testDb, unique } from "@/lib/server-only/test-helpers";
import { POST } from "./route";

const db = testDb();
afterAll(() => db.$disconnect());

function request(body: unknown, ip: string): Request {
  return new Request("http://localhost/api/account/sign-up", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify(body),
  });
}
const noParams = { params: Promise.resolve({}) };
const randomIp = () =>
  `10.200.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe("POST /api/account/sign-up", () => {
  it("201 with the new account; 409 for a taken email; 400 naming bad fields", async () => {
    const email = `${unique("route")}@test.layerwise.dev`;
    const ip = randomIp();
    const created = await POST(
      request({ email, name: "Route", password: "long enough" }, ip),
      noParams,
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ email, name: "Route" });
    const again = await POST(
      request({ email, name: "Again", password: "long enough" }, ip),
      noParams,
    );
    expect(again.status).toBe(409);
    const bad = await POST(request({ email: "nope", name: "", password: "x" }, ip), noParams);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path).sort()).toEqual(["email", "name", "password"]);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("limits sign-ups per IP (429 with Retry-After) and creates nothing past the limit", async () => {
    const ip = randomIp();
    for (let i = 0; i < webEnv().SIGN_UP_MAX_PER_IP; i++) {
      const res = await POST(
        request({ email: "not-an-email", name: "x", password: "long enough" }, ip),
        noParams,
      );
      expect(res.status).toBe(400);
    }
    const email = `${unique("limited")}@test.layerwise.dev`;
    const limited = await POST(
      request({ email, name: "Late", password: "long enough" }, ip),
      noParams,
    );
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});
