import { isEmptyDiff, type TModelDiff, type TNodeChange } from "@layerwise/graph-core";

function show(value: unknown): string {
  return value === null || value === undefined ? "—" : JSON.stringify(value);
}

/** graph-core's diff as a list: added, removed and changed layers with each changed param. */
export function ChangeList({ diff }: { diff: TModelDiff }) {
  if (isEmptyDiff(diff))
    return <p data-testid="no-changes">The two versions have the same structure.</p>;
  const rows = [
    ...changeRows(diff.changed, ""),
    ...(diff.blocks?.changed.flatMap((block) => changeRows(block.diff.changed, `${block.id} › `)) ??
      []),
  ];
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
      {rows.length > 0 && (
        <table className="w-full max-w-3xl border-collapse text-left" data-testid="changed-params">
          <thead>
            <tr className="border-b border-slate-300 dark:border-slate-700">
              <th className="py-1 pr-4">Layer</th>
              <th className="py-1 pr-4">Parameter</th>
              <th className="py-1 pr-4">Before</th>
              <th className="py-1">After</th>
            </tr>
          </thead>
          <tbody>{rows}</tbody>
        </table>
      )}
      {diff.blocks && <BlockChanges blocks={diff.blocks} />}
      {(diff.edges.added.length > 0 || diff.edges.removed.length > 0) && (
        <p>
          Connections: {diff.edges.added.length} added, {diff.edges.removed.length} removed.
        </p>
      )}
    </section>
  );
}

/** Table rows for changed layers: a type change and each changed param; `prefix` names a block. */
function changeRows(changes: readonly TNodeChange[], prefix: string) {
  return changes.flatMap((c) => [
    ...(c.type
      ? [
          <tr
            key={`${prefix}${c.id}:type`}
            className="border-b border-slate-200 dark:border-slate-800"
          >
            <td className="py-1 pr-4 font-mono">
              {prefix}
              {c.id}
            </td>
            <td className="py-1 pr-4">type</td>
            <td className="py-1 pr-4">{c.type[0]}</td>
            <td className="py-1">{c.type[1]}</td>
          </tr>,
        ]
      : []),
    ...Object.entries(c.params).map(([name, [before, after]]) => (
      <tr
        key={`${prefix}${c.id}:${name}`}
        className="border-b border-slate-200 dark:border-slate-800"
      >
        <td className="py-1 pr-4 font-mono">
          {prefix}
          {c.id}
        </td>
        <td className="py-1 pr-4">{name}</td>
        <td className="py-1 pr-4 text-amber-800 dark:text-amber-300">{show(before)}</td>
        <td className="py-1 text-amber-800 dark:text-amber-300">{show(after)}</td>
      </tr>
    )),
  ]);
}

/** Block definitions added, removed or changed (layers added or removed inside, renames). */
function BlockChanges({ blocks }: { blocks: NonNullable<TModelDiff["blocks"]> }) {
  const lines: string[] = [];
  if (blocks.added.length > 0) lines.push(`added ${blocks.added.join(", ")}`);
  if (blocks.removed.length > 0) lines.push(`removed ${blocks.removed.join(", ")}`);
  for (const c of blocks.changed) {
    const parts: string[] = [];
    if (c.label) parts.push(`renamed “${c.label[0]}” → “${c.label[1]}”`);
    if (c.diff.added.length > 0) parts.push(`layers added: ${c.diff.added.join(", ")}`);
    if (c.diff.removed.length > 0) parts.push(`layers removed: ${c.diff.removed.join(", ")}`);
    const rewired = c.diff.edges.added.length + c.diff.edges.removed.length;
    if (rewired > 0) parts.push(`${rewired} connection(s) changed`);
    if (c.diff.changed.length > 0) parts.push("parameters changed (in the table)");
    lines.push(`${c.id}: ${parts.join("; ")}`);
  }
  return (
    <div data-testid="block-changes">
      <strong>Block definitions</strong> (every Block node using one changes with it):
      <ul className="ml-5 list-disc">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
