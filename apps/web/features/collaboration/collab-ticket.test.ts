import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { CollabTicketError, fetchTicket, parseTicket, refreshDelayMs } from "./collab-ticket";

const claims = { sub: "u1", pid: "p1", role: "editor", name: "Demo User", color: "#12ab34" };

async function token(payload: Record<string, unknown> = claims): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode("x".repeat(32)));
}

function answer(status: number, body: unknown): typeof fetch {
  return (async () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    })) as typeof fetch;
}

describe("collab tickets", () => {
  it("reads the token answer and the claims inside the token", async () => {
    const t = await token();
    const ticket = parseTicket({
      token: t,
      url: "ws://127.0.0.1:9",
      expiresAt: "2030-01-01T00:00:00Z",
    });
    expect(ticket.claims).toEqual(claims);
    expect(ticket.expiresAtMs).toBe(Date.UTC(2030, 0, 1));
    expect(parseTicket({ token: t, url: "wss://x", expiresAt: 5 }).expiresAtMs).toBe(5);
  });

  it("rejects a malformed answer with a specific message", async () => {
    expect(() => parseTicket({ token: "a.b.c", url: "http://x", expiresAt: 1 })).toThrow(
      /ws:\/\/ or wss:\/\//,
    );
    expect(() => parseTicket({ token: "nope", url: "ws://x", expiresAt: 1 })).toThrow(/not a JWT/);
    const bad = await token({ ...claims, color: "red" });
    expect(() => parseTicket({ token: bad, url: "ws://x", expiresAt: 1 })).toThrow(/claims/);
    expect(() => parseTicket({ token: bad, url: "ws://x", expiresAt: "soon" })).toThrow(
      /not a date/,
    );
  });

  it("a 403 or 404 is a final refusal; a 401 or an outage is worth retrying", async () => {
    const refused = await fetchTicket("p1", answer(403, { error: "You are not a member." })).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(CollabTicketError);
    expect((refused as CollabTicketError).refused).toBe(true);
    expect((refused as Error).message).toBe("You are not a member.");
    const lapsed = (await fetchTicket("p1", answer(401, {})).catch(
      (e: unknown) => e,
    )) as CollabTicketError;
    expect(lapsed.refused).toBe(false);
    expect(lapsed.message).toBe("HTTP 401");
    const down = (await fetchTicket("p1", (async () => {
      throw new TypeError("fetch failed");
    }) as typeof fetch).catch((e: unknown) => e)) as CollabTicketError;
    expect(down.refused).toBe(false);
    expect(down.message).toMatch(/cannot be reached.*fetch failed/);
  });

  it("refreshes at 80 % of the life or a minute before expiry, whichever is first, never in a tight loop", () => {
    expect(refreshDelayMs(15 * 60_000, 0)).toBe(12 * 60_000);
    expect(refreshDelayMs(100_000, 0)).toBe(40_000);
    expect(refreshDelayMs(30_000, 0)).toBe(5_000);
    expect(refreshDelayMs(0, 10_000)).toBe(5_000);
  });
});
