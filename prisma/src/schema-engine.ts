import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type * as Engine from "@prisma/schema-engine-wasm";

type TEngineModule = typeof Engine;
export type TSchemaEngine = Engine.SchemaEngine;

let loaded: TEngineModule | undefined;
let lastPanic: string | undefined;

/** The message of the engine's last panic, if any (the thrown error only says "unreachable"). */
export function takeEnginePanic(): string | undefined {
  const message = lastPanic;
  lastPanic = undefined;
  return message;
}

/**
 * Loads Prisma's WebAssembly schema engine. Its ESM entry imports the .wasm file directly, which
 * Node cannot do, so we instantiate the module ourselves against the generated JS glue.
 */
async function loadEngineModule(): Promise<TEngineModule> {
  if (loaded) return loaded;
  // The engine reports Rust panics through this global (Prisma's CLI installs the same one).
  const holder = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
  holder.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      lastPanic = message;
    },
  };
  const gluePath = createRequire(import.meta.url).resolve(
    "@prisma/schema-engine-wasm/schema_engine_bg",
  );
  const glue = (await import(pathToFileURL(gluePath).href)) as TEngineModule & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const wasm = new WebAssembly.Module(readFileSync(gluePath.replace(/\.js$/, ".wasm")));
  const instance = new WebAssembly.Instance(wasm, {
    "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
  loaded = glue;
  return glue;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * The schema engine describes a database by reading pg_catalog, whose flag columns (`relkind`,
 * `contype`…) have Postgres' one-byte `"char"` type. @prisma/adapter-pg 7.10 has no mapping for
 * that type and fails with "Column type 'char' could not be deserialized". node-postgres already
 * returns those values as strings, so reporting the column as `text` is exact.
 */
class CatalogFriendlyClient extends pg.Client {
  override query(...args: unknown[]): never {
    // pg-pool calls query with a callback; direct callers use the promise form. Cover both.
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (error: Error | null, result: pg.QueryResult | undefined) =>
        callback(error, result && reportCharAsText(result));
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    return (returned instanceof Promise ? returned.then(reportCharAsText) : returned) as never;
  }
}

function reportCharAsText(result: pg.QueryResult): pg.QueryResult {
  for (const field of result.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

/** Engine log lines are JSON; only warnings and errors are worth surfacing. */
function onEngineLog(line: string): void {
  try {
    const parsed = JSON.parse(line) as { level?: string; fields?: { message?: string } };
    if (parsed.level === "WARN" || parsed.level === "ERROR") {
      process.stderr.write(`schema-engine ${parsed.level}: ${parsed.fields?.message ?? line}\n`);
    }
  } catch {
    // Not JSON: nothing structured to report.
  }
}

/**
 * Opens a schema engine bound to `databaseUrl` through the pg driver adapter, as Prisma's own
 * CLI does when it runs without the native engine.
 */
export async function openSchemaEngine(
  databaseUrl: string,
  schemaFiles: [path: string, content: string][],
): Promise<{ engine: TSchemaEngine; version: string }> {
  const mod = await loadEngineModule();
  const factory = bindMigrationAwareSqlAdapterFactory(
    new PrismaPg({ connectionString: databaseUrl, Client: CatalogFriendlyClient }),
  );
  const engine = await mod.SchemaEngine.new({ datamodels: schemaFiles }, onEngineLog, factory);
  return { engine, version: mod.version() };
}
