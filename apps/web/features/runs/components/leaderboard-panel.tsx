import Link from "next/link";
import type { TLeaderboard } from "../server/find-leaderboard";
import { bestKind, formatBest, formatCreated } from "../format-run";
import { BestOverTimeChart } from "./best-over-time-chart";

/** The project's best succeeded runs and the best metric over time. */
export function LeaderboardPanel({ projectId, board }: { projectId: string; board: TLeaderboard }) {
  const metric = bestKind(board.leaderboard[0]?.best) ?? "IoU";
  return (
    <section
      aria-label="Leaderboard"
      className="flex flex-col gap-3 rounded border border-slate-200 p-3 dark:border-slate-800"
    >
      <h2 className="font-medium">Leaderboard</h2>
      {board.leaderboard.length === 0 ? (
        <p className="text-sm text-slate-500">No succeeded run yet.</p>
      ) : (
        <ol className="flex flex-col gap-1 text-sm" data-testid="leaderboard">
          {board.leaderboard.map((run, i) => (
            <li
              key={run.id}
              data-testid="leaderboard-row"
              data-run-number={run.number}
              className="flex items-baseline gap-2"
            >
              <span className="w-5 text-right text-slate-500">{i + 1}.</span>
              <Link
                href={`/projects/${projectId}/runs/${run.id}`}
                className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
              >
                #{run.number}
              </Link>
              <span className="tabular-nums">{formatBest(run.best)}</span>
              <span className="ml-auto truncate text-xs text-slate-500">
                {run.author?.name ?? "—"} · {formatCreated(run.createdAt)}
              </span>
            </li>
          ))}
        </ol>
      )}
      <h3 className="text-sm font-medium">Best {metric} over time</h3>
      {board.bestOverTime.length === 0 ? (
        <p className="text-sm text-slate-500">The curve starts with the first succeeded run.</p>
      ) : (
        <>
          <BestOverTimeChart
            points={board.bestOverTime}
            lastFinishedAt={board.lastFinishedAt}
            metric={metric}
          />
          <p className="text-xs text-slate-500">
            {board.bestOverTime.length} improvements over {board.finishedRuns} succeeded runs.
          </p>
        </>
      )}
    </section>
  );
}
