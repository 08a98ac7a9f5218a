"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api-fetch";
import { FormError, PrimaryButton, TextField } from "@/components/form-controls";

/** Creates an account (and its personal team), then signs in. */
export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setBusy(true);
    setError(null);
    const created = await apiFetch("/api/account/sign-up", {
      method: "POST",
      body: { name: String(form.get("name") ?? ""), email, password },
    });
    if (!created.ok) {
      setBusy(false);
      setError(created.error);
      return;
    }
    const result = await signIn("credentials", { email, password, redirect: false, callbackUrl });
    if (!result || result.error) {
      setBusy(false);
      setError("Your account was created, but signing in failed. Sign in to continue.");
      return;
    }
    window.location.assign(result.url ?? callbackUrl);
  }

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={onSubmit} className="flex flex-col gap-4" aria-label="Create account">
        <TextField label="Name" name="name" autoComplete="name" required maxLength={80} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters."
        />
        {error && <FormError>{error}</FormError>}
        <PrimaryButton type="submit" disabled={busy}>
          {busy ? "Creating your account…" : "Create account"}
        </PrimaryButton>
      </form>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Already have an account?{" "}
        <Link
          className="underline"
          href={`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`}
        >
          Sign in
        </Link>
      </p>
    </div>
  );
}
