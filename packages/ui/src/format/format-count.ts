const UNITS: readonly [number, string][] = [
  [1e18, "E"],
  [1e15, "P"],
  [1e12, "T"],
  [1e9, "G"],
  [1e6, "M"],
];
const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/**
 * `1234567` → `1.23M`: compact counts for params and MACs (exact numbers live in the summary).
 * Past the units (≥ 10²¹) a power of ten (`1.00×10²¹`), never `1e+21` or a 12-digit mantissa.
 */
export function formatCount(n: number | bigint): string {
  const v = typeof n === "bigint" ? Number(n) : n;
  if (!Number.isFinite(v)) return v > 0 ? "∞" : v < 0 ? "-∞" : "—";
  const abs = Math.abs(v);
  if (abs >= 1e21) {
    // toExponential rounds the mantissa and carries into the exponent (9.999e22 → 1.00e+23).
    const [mantissa, exp] = v.toExponential(2).split("e+") as [string, string];
    return `${mantissa}×10${[...exp].map((d) => SUPERSCRIPT[Number(d)]).join("")}`;
  }
  for (const [size, unit] of UNITS) if (abs >= size) return `${(v / size).toFixed(2)}${unit}`;
  if (abs >= 1e3) return `${(v / 1e3).toFixed(1)}K`;
  return typeof n === "bigint" ? n.toString() : String(Math.round(v));
}

/**
 * `1234567` → `1,234,567`, exact for every integer: past 2^53 a number is printed as the exact
 * value it holds (through BigInt), where `toLocaleString` would round to 17 digits and pad zeros.
 */
export function formatInteger(n: number | bigint): string {
  if (typeof n === "number" && !Number.isFinite(n)) return formatCount(n);
  const digits = (typeof n === "bigint" ? n : BigInt(Math.round(n))).toString();
  const neg = digits.startsWith("-");
  const grouped = (neg ? digits.slice(1) : digits).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return neg ? `-${grouped}` : grouped;
}
