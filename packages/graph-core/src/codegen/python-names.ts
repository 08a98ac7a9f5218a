/**
 * Python-safe rendering of user text. Ids, labels and the model name are user input (possibly
 * from a collaborator or a shared file), so nothing of theirs reaches generated code except as
 * (a) identifiers built only from [A-Za-z0-9_] or (b) ASCII-only escaped comments / literals.
 */
import { IdMap } from "../graph/id-map";

const PY_KEYWORDS = [
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
  "match",
  "case",
  "type",
  "_",
];

/** Names the generated module itself uses, common builtins, and every `nn.Module` attribute. */
const RESERVED = new Set<string>([
  ...PY_KEYWORDS,
  "torch",
  "nn",
  "self",
  "super",
  "object",
  "input",
  "print",
  "len",
  "sum",
  "min",
  "max",
  "range",
  "list",
  "dict",
  "set",
  "tuple",
  "int",
  "float",
  "bool",
  "str",
  "id",
  "exec",
  "eval",
  "open",
  "compile",
  "globals",
  "locals",
  "vars",
  "getattr",
  "setattr",
  "delattr",
  "Model",
  "INPUT_SHAPES",
  "T_destination",
  "add_module",
  "apply",
  "bfloat16",
  "buffers",
  "call_super_init",
  "children",
  "cpu",
  "cuda",
  "double",
  "dump_patches",
  "extra_repr",
  "forward",
  "get_buffer",
  "get_extra_state",
  "get_parameter",
  "get_submodule",
  "half",
  "ipu",
  "load_state_dict",
  "modules",
  "mtia",
  "named_buffers",
  "named_children",
  "named_modules",
  "named_parameters",
  "parameters",
  "register_backward_hook",
  "register_buffer",
  "register_forward_hook",
  "register_forward_pre_hook",
  "register_full_backward_hook",
  "register_full_backward_pre_hook",
  "register_load_state_dict_post_hook",
  "register_load_state_dict_pre_hook",
  "register_module",
  "register_parameter",
  "register_state_dict_post_hook",
  "register_state_dict_pre_hook",
  "requires_grad_",
  "set_extra_state",
  "set_submodule",
  "share_memory",
  "state_dict",
  "to",
  "to_empty",
  "train",
  "training",
  "xpu",
  "zero_grad",
]);

/** Strings that `stem` returns unchanged: ASCII words joined by single underscores. */
const SIMPLE_STEM = /^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/;

/** Turns any string into a lower-risk identifier stem: ASCII letters, digits and `_` only. */
function stem(text: string): string {
  // Ids are mostly identifiers already (`conv_3`): they are their own stem.
  if (SIMPLE_STEM.test(text)) return text;
  const ascii = text.normalize("NFKD").replace(/[^A-Za-z0-9_]+/g, "_");
  return ascii.replace(/_+/g, "_").replace(/^_+|_+$/g, "");
}

/**
 * Hands out unique Python identifiers for node ids within one scope (a class body + its forward).
 * Never returns a keyword, a builtin used by the module, an `nn.Module` attribute, or a dunder.
 */
export class PyNamer {
  // IdMaps, not a Set and a Map: a model of 10,000 layers names 10,000 ids (see IdMap).
  private readonly used = new IdMap();
  private readonly byId = new IdMap();
  private readonly names: string[] = [];

  constructor(taken: Iterable<string> = []) {
    for (const t of taken) this.used.set(t, 1);
  }

  /** The identifier for `id` (stable: the same id always gets the same name in this scope). */
  name(id: string, fallback = "node"): string {
    const k = this.byId.get(id);
    const known = k === undefined ? undefined : this.names[k];
    if (known) return known;
    let base = stem(id) || fallback;
    if (/^[0-9]/.test(base)) base = `n_${base}`;
    if (RESERVED.has(base)) base = `${base}_`;
    let candidate = base;
    for (let i = 2; this.used.has(candidate) || RESERVED.has(candidate); i++)
      candidate = `${base}_${i}`;
    this.used.set(candidate, 1);
    this.byId.set(id, this.names.length);
    this.names.push(candidate);
    return candidate;
  }

  /** Reserves a fresh identifier that is not tied to an id (temporaries). */
  fresh(base: string): string {
    let candidate = base;
    for (let i = 2; this.used.has(candidate) || RESERVED.has(candidate); i++)
      candidate = `${base}_${i}`;
    this.used.set(candidate, 1);
    return candidate;
  }
}

/** A PascalCase class name from free text (`"U-Net (small)"` → `UNetSmall`), or `fallback`. */
export function pyClassName(text: string, fallback = "Network"): string {
  const words = text
    .normalize("NFKD")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  let name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  if (!name) name = fallback;
  if (/^[0-9]/.test(name)) name = `${fallback}${name}`;
  if (RESERVED.has(name)) name = `${name}_`;
  return name;
}

/**
 * A string as a Python double-quoted literal that is pure printable ASCII: quotes, backslashes,
 * every control char, `\u2028`/`\u2029` and all non-ASCII are escaped, so no user text can end
 * the literal, the line or the comment it sits in.
 */
export function pyString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/** A `# …` comment quoting user text safely (see {@link pyString}); one physical line. */
export function pyComment(prefix: string, text: string): string {
  return `# ${prefix}${pyString(text)}`;
}
