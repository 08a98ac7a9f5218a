import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode } from "react";

/** A labelled text input. */
export function TextField({
  label,
  hint,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium">{label}</span>
      <input
        {...input}
        className="rounded border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900"
      />
      {hint && <span className="text-xs text-slate-500">{hint}</span>}
    </label>
  );
}

/** The main action of a form. */
export function PrimaryButton({
  className = "",
  ...button
}: ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      {...button}
      className={`rounded bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60 ${className}`}
    />
  );
}

/** A secondary action. */
export function SecondaryButton({
  className = "",
  ...button
}: ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      {...button}
      className={`rounded border border-slate-300 px-3 py-2 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800 ${className}`}
    />
  );
}

/** An error message announced to screen readers. */
export function FormError({ children }: { children: ReactNode }) {
  return (
    <p
      role="alert"
      className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      {children}
    </p>
  );
}
