import type { TModelDiff } from "@layerwise/graph-core";

function show(value: unknown): string {
  return value === null || value === undefined ? "—" : JSON.stringify(value);
}

/** graph-core's diff as a list: added, removed and changed layers with each changed param. */
export function ChangeList({ diff }: { diff: TModelDiff }) {
  const empty =
    diff.added.length +
      diff.removed.length +
      diff.changed.length +
      diff.edges.added.length +
      diff.edges.removed.length ===
    0;
  if (empty) return <p data-testid="no-changes">The two versions have the same structure.</p>;
  return (
    <section className="flex flex-col gap-3 text-sm" aria-label="Changes">
      <h2 className="text-lg font-medium">Changes</h2>
      {diff.added.length > 0 && (
        <p data-testid="added-nodes">
          <strong className="text-green-700">Added:</strong> {diff.added.join(", ")}
        </p>
      )}
      {diff.removed.length > 0 && (
        <p data-testid="removed-nodes">
          <strong className="text-red-700">Removed:</strong> {diff.removed.join(", ")}
        </p>
      )}
      {diff.changed.length > 0 && (
        <table className="w-full max-w-3xl border-collapse text-left" data-testid="changed-params">
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-700">
              <th className="py-1 pr-4">Layer</th>
              <th className="py-1 pr-4">Parameter</th>
              <th className="py-1 pr-4">Before</th>
              <th className="py-1">After</th>
            </tr>
          </thead>
          <tbody>
            {diff.changed.flatMap((c) => [
              ...(c.type
                ? [
                    <tr
                      key={`${c.id}:type`}
                      className="border-b border-slate-200 dark:border-slate-800"
                    >
                      <td className="py-1 pr-4 font-mono">{c.id}</td>
                      <td className="py-1 pr-4">type</td>
                      <td className="py-1 pr-4">{c.type[0]}</td>
                      <td className="py-1">{c.type[1]}</td>
                    </tr>,
                  ]
                : []),
              ...Object.entries(c.params).map(([name, [before, after]]) => (
                <tr
                  key={`${c.id}:${name}`}
                  className="border-b border-slate-200 dark:border-slate-800"
                >
                  <td className="py-1 pr-4 font-mono">{c.id}</td>
                  <td className="py-1 pr-4">{name}</td>
                  <td className="py-1 pr-4 text-amber-800 dark:text-amber-300">{show(before)}</td>
                  <td className="py-1 text-amber-800 dark:text-amber-300">{show(after)}</td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      )}
      {(diff.edges.added.length > 0 || diff.edges.removed.length > 0) && (
        <p>
          Connections: {diff.edges.added.length} added, {diff.edges.removed.length} removed.
        </p>
      )}
    </section>
  );
}
