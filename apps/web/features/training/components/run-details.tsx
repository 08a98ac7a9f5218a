import Link from "next/link";
import { VersionViewer } from "@/features/versions/components/version-viewer";
import type { TRunDetails } from "../server/get-run-details";
import { OpenInEditor } from "./open-in-editor";

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const show = (v: unknown) =>
  v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v);

const box = "rounded-lg border border-slate-200 p-3 dark:border-slate-800";

/**
 * Everything about a run besides its live metrics: hyperparameters, the model it trained
 * (read-only on the canvas, with shapes and diagnostics), its code, log and files, and the way
 * back to its model in the editor.
 */
export function RunDetails({
  projectId,
  runId,
  runNumber,
  config,
  details,
  canEdit,
}: {
  projectId: string;
  runId: string;
  runNumber: number;
  config: unknown;
  details: TRunDetails;
  canEdit: boolean;
}) {
  const entries = Object.entries(
    config && typeof config === "object" ? (config as Record<string, unknown>) : {},
  ).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="flex flex-col gap-4">
      <section className={box} aria-label="Model">
        <div className="mb-2 flex flex-wrap items-start justify-between gap-3">
          <h2 className="font-medium">
            Model: version {details.version.number}{" "}
            <span className="font-normal text-slate-500">{details.version.message}</span>{" "}
            <span className="rounded bg-slate-200 px-2 py-0.5 text-xs dark:bg-slate-800">
              read-only
            </span>
          </h2>
          {canEdit ? (
            <OpenInEditor
              projectId={projectId}
              versionId={details.version.id}
              versionNumber={details.version.number}
              runNumber={runNumber}
            />
          ) : (
            <Link
              href={`/projects/${projectId}/versions/${details.version.id}`}
              className="text-sm underline"
            >
              Open version {details.version.number}
            </Link>
          )}
        </div>
        <div className="h-[32rem]" data-testid="run-model">
          <VersionViewer model={details.model} />
        </div>
      </section>
      <section className={box} aria-label="Hyperparameters">
        <h2 className="mb-2 font-medium">Hyperparameters</h2>
        <table className="text-sm" data-testid="run-config">
          <tbody>
            {entries.map(([key, value]) => (
              <tr key={key} className="border-b border-slate-100 dark:border-slate-800">
                <td className="py-0.5 pr-6 font-mono text-xs">{key}</td>
                <td className="py-0.5">{show(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <details className={box} aria-label="Generated code">
        <summary className="cursor-pointer font-medium">
          Generated code{" "}
          <span className="text-xs font-normal text-slate-500">
            {"error" in details.code
              ? ""
              : details.code.from === "artifact"
                ? "(model.py, exactly what the run trained)"
                : "(from the version's snapshot; the run has not written model.py yet)"}
          </span>
        </summary>
        <pre
          className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-950 p-2 text-xs text-slate-100"
          data-testid="run-code"
        >
          {"error" in details.code ? details.code.error : details.code.source}
        </pre>
      </details>
      <details className={box} aria-label="Log">
        <summary className="cursor-pointer font-medium">
          Log{" "}
          {details.log?.truncated && (
            <span className="text-xs font-normal text-slate-500">(its last 256 KB)</span>
          )}
        </summary>
        {details.log ? (
          <pre className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-950 p-2 text-xs text-slate-100">
            {details.log.text}
          </pre>
        ) : (
          <p className="mt-2 text-sm text-slate-500">No log.txt yet (the live log is above).</p>
        )}
      </details>
      <section className={box} aria-label="Files">
        <h2 className="mb-2 font-medium">Files</h2>
        {details.artifacts.length === 0 ? (
          <p className="text-sm text-slate-500">The run has stored no files yet.</p>
        ) : (
          <ul className="text-sm" data-testid="run-artifacts">
            {details.artifacts.map((a) => (
              <li key={a.name}>
                <a href={`/api/runs/${runId}/artifacts/${a.name}`} className="underline" download>
                  {a.name}
                </a>{" "}
                <span className="text-slate-500">{size(a.size)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
