import { createHash, randomBytes } from "node:crypto";

/** How long an invite link works. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A fresh invite token (256 random bits, URL-safe) — shown once, never stored. */
export function newInviteToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps instead of the token. */
export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The link an invitee opens. */
export function inviteUrl(baseUrl: string, token: string): string {
  return new URL(`/invite/${token}`, baseUrl).toString();
}
