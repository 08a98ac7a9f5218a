/** The outcome of a call to one of our route handlers, with the server's message on failure. */
export type TApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: string };

/** Calls a JSON route handler; never throws for HTTP errors (network errors become status 0). */
export async function apiFetch<T = Record<string, unknown>>(
  url: string,
  init: { method: string; body?: unknown; keepalive?: boolean },
): Promise<TApiResult<T>> {
  try {
    const res = await fetch(url, {
      method: init.method,
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      keepalive: init.keepalive,
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok) {
      return {
        ok: false,
        status: res.status,
        error: typeof json.error === "string" ? json.error : `Request failed (${res.status}).`,
      };
    }
    return { ok: true, data: json as T };
  } catch {
    return {
      ok: false,
      status: 0,
      error: "The server cannot be reached. Check your connection and try again.",
    };
  }
}
