import { parseEnv } from "@layerwise/server-kit";
import { describe, expect, it } from "vitest";
import { testDb } from "@/lib/server-only/test-helpers";
import { buildAuthOptions, clientIp, oauthProviders } from "./auth-options";

// The real schema, through a fresh parse: what the server would see with these variables.
async function envWith(extra: Record<string, string>) {
  const { webEnvSchema } = await import("@/env");
  return parseEnv("web", webEnvSchema, {
    ...process.env,
    GITHUB_ID: "",
    GITHUB_SECRET: "",
    GOOGLE_ID: "",
    GOOGLE_SECRET: "",
    ...extra,
  });
}

describe("auth options", () => {
  it("email + password only, unless both variables of a provider are set", async () => {
    const db = testDb();
    const none = await envWith({});
    expect(buildAuthOptions(none, db).providers.map((p) => p.id)).toEqual(["credentials"]);
    expect(oauthProviders(none)).toEqual({ github: false, google: false });

    const half = await envWith({ GITHUB_ID: "id-only" });
    expect(buildAuthOptions(half, db).providers.map((p) => p.id)).toEqual(["credentials"]);

    const both = await envWith({
      GITHUB_ID: "gh",
      GITHUB_SECRET: "gh-secret",
      GOOGLE_ID: "g",
      GOOGLE_SECRET: "g-secret",
    });
    expect(buildAuthOptions(both, db).providers.map((p) => p.id)).toEqual([
      "credentials",
      "github",
      "google",
    ]);
    expect(oauthProviders(both)).toEqual({ github: true, google: true });
  });

  it("sessions are JWTs signed with NEXTAUTH_SECRET (nothing stored server-side, so restarts keep them)", async () => {
    const options = buildAuthOptions(await envWith({}), testDb());
    expect(options.session?.strategy).toBe("jwt");
    expect(options.secret).toBe(process.env.NEXTAUTH_SECRET);
    expect(options.adapter).toBeUndefined();
  });

  it("rate limits key on the last X-Forwarded-For hop (the one our proxy appended)", () => {
    expect(clientIp({ "x-forwarded-for": "6.6.6.6, 10.0.0.7" })).toBe("10.0.0.7");
    expect(clientIp({ "x-real-ip": "10.0.0.8" })).toBe("10.0.0.8");
    expect(clientIp({})).toBe("unknown");
  });
});
