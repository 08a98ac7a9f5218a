// Bundles a Node service (collab-server, trainer) into one ESM file: our workspace packages are
// TypeScript sources, so they are compiled in; third-party packages stay external and load
// from node_modules at run time.
import { build } from "esbuild";

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error("usage: node scripts/bundle.mjs <entry.ts> <outfile.js>");
  process.exit(2);
}

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  plugins: [
    {
      name: "externalize-third-party",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith("@layerwise/") ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
