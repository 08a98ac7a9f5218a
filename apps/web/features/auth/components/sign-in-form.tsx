"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { SIGN_IN_ERRORS } from "../schemas";
import { FormError, PrimaryButton, TextField } from "@/components/form-controls";

/** Email + password sign-in, plus the OAuth providers the server has configured. */
export function SignInForm({
  callbackUrl,
  providers,
  initialError,
}: {
  callbackUrl: string;
  providers: { github: boolean; google: boolean };
  initialError?: string;
}) {
  const [error, setError] = useState<string | null>(initialError ? messageFor(initialError) : null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
      callbackUrl,
    });
    if (!result || result.error) {
      setBusy(false);
      setError(messageFor(result?.error ?? "CredentialsSignin"));
      return;
    }
    window.location.assign(result.url ?? callbackUrl);
  }

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={onSubmit} className="flex flex-col gap-4" aria-label="Sign in">
        <TextField label="Email" name="email" type="email" autoComplete="email" required />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        {error && <FormError>{error}</FormError>}
        <PrimaryButton type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </PrimaryButton>
      </form>
      {(providers.github || providers.google) && (
        <div className="flex flex-col gap-2 border-t border-slate-200 pt-4 dark:border-slate-800">
          {providers.github && (
            <button
              type="button"
              className={OAUTH_BUTTON}
              onClick={() => void signIn("github", { callbackUrl })}
            >
              Continue with GitHub
            </button>
          )}
          {providers.google && (
            <button
              type="button"
              className={OAUTH_BUTTON}
              onClick={() => void signIn("google", { callbackUrl })}
            >
              Continue with Google
            </button>
          )}
        </div>
      )}
      <p className="text-sm text-slate-600 dark:text-slate-300">
        New to Layerwise?{" "}
        <Link
          className="underline"
          href={`/sign-up?callbackUrl=${encodeURIComponent(callbackUrl)}`}
        >
          Create an account
        </Link>
      </p>
    </div>
  );
}

const OAUTH_BUTTON =
  "rounded border border-slate-300 px-3 py-2 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";

function messageFor(code: string): string {
  if (code in SIGN_IN_ERRORS) return SIGN_IN_ERRORS[code as keyof typeof SIGN_IN_ERRORS];
  // OAuth failures (OAuthSignin, OAuthCallback, AccessDenied…) share one message.
  return "Sign-in did not complete. Try again.";
}
