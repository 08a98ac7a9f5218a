import { ValidationError } from "@/lib/server-only/errors";

/** `?format=` of a metrics export: csv (the default) or json; anything else is a 400. */
export function parseExportFormat(raw: string | null): "csv" | "json" {
  if (raw === null || raw === "csv") return "csv";
  if (raw === "json") return "json";
  throw new ValidationError(`Export as format=csv or format=json (got ${JSON.stringify(raw)}).`);
}
