"use client";

import { useCallback, useState } from "react";
import type { TApiResult } from "./api-fetch";

/**
 * One API call at a time from a form or a button: `busy` while it runs, the server's message in
 * `error` when it fails. `run` resolves to the response data, or null after a failure. With
 * `navigates`, `busy` stays set after a success because the page is about to change (so the
 * button cannot be pressed twice meanwhile).
 */
export function useApiCall(): {
  busy: boolean;
  error: string | null;
  run: <T>(
    call: () => Promise<TApiResult<T>>,
    options?: { navigates?: boolean },
  ) => Promise<T | null>;
} {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(call: () => Promise<TApiResult<T>>, options?: { navigates?: boolean }) => {
      setBusy(true);
      setError(null);
      const res = await call();
      if (!res.ok || options?.navigates !== true) setBusy(false);
      if (!res.ok) {
        setError(res.error);
        return null;
      }
      return res.data;
    },
    [],
  );
  return { busy, error, run };
}
