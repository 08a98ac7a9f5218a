/**
 * Only same-site paths are followed after sign-in: an absolute or protocol-relative URL in
 * `callbackUrl` would make the sign-in page an open redirect.
 */
export function safeCallbackUrl(raw: string | undefined | null): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\"))
    return "/dashboard";
  return raw;
}
