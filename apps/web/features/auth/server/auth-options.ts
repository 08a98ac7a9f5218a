import "server-only";
import type { PrismaClient } from "@layerwise/db";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { webEnv, type TWebEnv } from "@/env";
import { getDb } from "@/lib/server-only/db";
import { RateLimitError } from "@/lib/server-only/errors";
import { getRedis } from "@/lib/server-only/redis";
import { SIGN_IN_LIMITS, authorizeCredentials } from "./authorize-credentials";
import { findOrCreateOAuthUser } from "./find-or-create-oauth-user";

/** Which OAuth providers are configured (the sign-in page shows only these). */
export function oauthProviders(env: TWebEnv = webEnv()): { github: boolean; google: boolean } {
  return {
    github: !!(env.GITHUB_ID && env.GITHUB_SECRET),
    google: !!(env.GOOGLE_ID && env.GOOGLE_SECRET),
  };
}

/**
 * The client IP for rate limiting: the last X-Forwarded-For hop, i.e. the one our own proxy (or
 * Next's server) appended — earlier hops are whatever the client chose to send.
 */
export function clientIp(
  headers: Record<string, string | string[] | undefined> | undefined,
): string {
  const forwarded = headers?.["x-forwarded-for"];
  const hops = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",");
  const last = hops
    .map((h) => h.trim())
    .filter(Boolean)
    .at(-1);
  const real = headers?.["x-real-ip"];
  return last || (Array.isArray(real) ? real[0] : real) || "unknown";
}

let cached: NextAuthOptions | undefined;

/**
 * next-auth configuration: email + password (credentials) always, GitHub and Google when their
 * env vars are set; JWT sessions signed with NEXTAUTH_SECRET, so they survive a restart and need
 * no session table. The JWT carries only the user id; every request re-reads the user.
 */
export function authOptions(): NextAuthOptions {
  cached ??= buildAuthOptions(webEnv(), getDb());
  return cached;
}

/** {@link authOptions} for a given environment and database (tests build their own). */
export function buildAuthOptions(env: TWebEnv, db: PrismaClient): NextAuthOptions {
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        try {
          const user = await authorizeCredentials(
            db,
            getRedis(),
            credentials,
            clientIp(req.headers),
            {
              ...SIGN_IN_LIMITS,
              perIp: env.SIGN_IN_MAX_PER_IP,
            },
          );
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        } catch (error) {
          // next-auth passes a thrown error's message to the form as `error`.
          if (error instanceof RateLimitError) throw new Error("RateLimited");
          throw error;
        }
      },
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  if (env.GOOGLE_ID && env.GOOGLE_SECRET) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_ID, clientSecret: env.GOOGLE_SECRET }));
  }
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers,
    callbacks: {
      async signIn({ account, profile, user }) {
        if (!account || account.provider === "credentials") return true;
        const email = (profile?.email ?? user.email ?? "").toLowerCase();
        // Google says whether it verified the address; GitHub only returns verified primaries.
        const verified =
          account.provider !== "google" ||
          (profile as { email_verified?: boolean }).email_verified === true;
        return !!email && verified;
      },
      async jwt({ token, user, account, profile }) {
        if (account && account.provider !== "credentials") {
          const email = (profile?.email ?? user?.email ?? "").toLowerCase();
          const local = await findOrCreateOAuthUser(db, {
            email,
            name: profile?.name ?? user?.name ?? email,
          });
          token.sub = local.id;
          token.name = local.name;
          token.email = local.email;
        } else if (user) {
          token.sub = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
