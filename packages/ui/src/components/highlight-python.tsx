import type { ReactNode } from "react";

const KEYWORDS = new Set([
  "import",
  "from",
  "class",
  "def",
  "return",
  "self",
  "super",
  "None",
  "True",
  "False",
  "for",
  "in",
  "if",
  "else",
  "and",
  "or",
  "not",
  "lambda",
  "as",
  "with",
  "pass",
]);
const TOKEN =
  /(#[^\n]*)|("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|(\b\d+(?:\.\d+)?(?:e-?\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Minimal Python highlighting (comments, strings, numbers, keywords, classes): enough for the
 * generated module, without shipping a highlighter library to every editor.
 */
export function highlightPython(source: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let i = 0;
  for (const m of source.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) out.push(source.slice(last, at));
    const [text, comment, str, num, word] = m;
    let cls = "";
    if (comment) cls = "text-slate-500 italic";
    else if (str) cls = "text-emerald-600 dark:text-emerald-400";
    else if (num) cls = "text-orange-600 dark:text-orange-300";
    else if (word && KEYWORDS.has(word)) cls = "text-violet-600 dark:text-violet-300 font-semibold";
    else if (word && /^[A-Z]/.test(word)) cls = "text-sky-700 dark:text-sky-300";
    out.push(
      cls ? (
        <span key={i++} className={cls}>
          {text}
        </span>
      ) : (
        text
      ),
    );
    last = at + text.length;
  }
  if (last < source.length) out.push(source.slice(last));
  return out;
}
