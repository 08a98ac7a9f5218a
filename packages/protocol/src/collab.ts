import { z } from "zod";

/** Version of the collaboration contract (token claims, close codes, awareness). */
export const COLLAB_PROTOCOL_VERSION = 1;

export const ZRole = z.enum(["owner", "editor", "viewer"]);
export type TRole = z.infer<typeof ZRole>;

/** Claims of the short-lived HS256 token the web server mints for the collab server. */
export const ZCollabTokenClaims = z.object({
  sub: z.string().min(1),
  pid: z.string().min(1),
  role: ZRole,
  name: z.string().min(1).max(200),
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
});
export type TCollabTokenClaims = z.infer<typeof ZCollabTokenClaims>;

/** Longest token lifetime the collab server accepts, in seconds. */
export const COLLAB_TOKEN_MAX_TTL_S = 15 * 60;

/** WebSocket close codes shared by the collab server and the browser. */
export const COLLAB_CLOSE = {
  unauthorized: 4401,
  forbidden: 4403,
  notFound: 4404,
  serverShutdown: 4503,
} as const;

/** Awareness state each client publishes. */
export const ZAwarenessState = z.object({
  user: z.object({ id: z.string(), name: z.string(), color: z.string() }),
  cursor: z.object({ x: z.number(), y: z.number() }).nullable(),
  selection: z.array(z.string()),
});
export type TAwarenessState = z.infer<typeof ZAwarenessState>;
