"use client";

import { useCallback, useSyncExternalStore } from "react";

const KEY = "layerwise:theme";

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}

/** Applies the saved theme (or the system's) to <html>; call once on the client. */
export function applySavedTheme(): void {
  const saved = localStorage.getItem(KEY);
  const dark = saved ? saved === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.classList.toggle("dark", dark);
}

/** Dark mode as the `dark` class on <html> (Tailwind's class variant), remembered per browser. */
export function useDarkMode(): [boolean, () => void] {
  const dark = useSyncExternalStore(
    subscribe,
    () => document.documentElement.classList.contains("dark"),
    () => false,
  );
  const toggle = useCallback(() => {
    const next = !document.documentElement.classList.contains("dark");
    document.documentElement.classList.toggle("dark", next);
    localStorage.setItem(KEY, next ? "dark" : "light");
  }, []);
  return [dark, toggle];
}
