#!/usr/bin/env node
// Node 20 cannot run TypeScript: load the CLI source through tsx's loader API instead of
// shipping a build step (graph-core is consumed as source everywhere else too).
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../src/cli.ts", import.meta.url);
process.exitCode = await main(process.argv.slice(2));
