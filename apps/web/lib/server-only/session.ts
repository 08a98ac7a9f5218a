import "server-only";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { webEnv } from "@/env";
import { readActor, type TActor } from "./actor";
import { getDb } from "./db";
import { HttpError } from "./errors";

/** The signed-in user of the current page request, or null. */
export async function getPageActor(): Promise<TActor | null> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return readActor(
    getDb(),
    { headers: headerList, cookies: cookieStore },
    webEnv().NEXTAUTH_SECRET,
  );
}

/** The signed-in user, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requirePageActor(returnTo: string): Promise<TActor> {
  const actor = await getPageActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}

/**
 * Runs a page's server operation; a 404 becomes Next's not-found page, a 403 the same (a page
 * never confirms that something exists to someone outside its team). Other errors propagate.
 */
export async function loadForPage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof HttpError && (error.status === 404 || error.status === 403)) notFound();
    throw error;
  }
}
