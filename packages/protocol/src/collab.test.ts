import { describe, expect, it } from "vitest";
import { ZCollabTokenClaims } from "./collab";

describe("collab token claims", () => {
  it("accepts the documented claims and rejects an unknown role or a bad colour", () => {
    const claims = { sub: "u1", pid: "p1", role: "editor", name: "Ada", color: "#1f77b4" };
    expect(ZCollabTokenClaims.parse(claims)).toEqual(claims);
    expect(ZCollabTokenClaims.safeParse({ ...claims, role: "admin" }).success).toBe(false);
    expect(ZCollabTokenClaims.safeParse({ ...claims, color: "red" }).success).toBe(false);
  });
});
