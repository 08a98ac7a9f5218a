"use client";

import { memo } from "react";
import { usePeers, useFollowTarget, type TCollabHandle } from "./collab-context";
import type { TConnectionSnapshot } from "./collab-connection";
import { initials, peopleHere } from "./peers";

const STATUS_TEXT: Record<TConnectionSnapshot["status"], string> = {
  connecting: "Connecting…",
  connected: "Live",
  offline: "Offline — edits are kept on this device",
  refused: "Not connected",
};

const STATUS_DOT: Record<TConnectionSnapshot["status"], string> = {
  connecting: "bg-slate-400",
  connected: "bg-emerald-500",
  offline: "bg-amber-500",
  refused: "bg-red-600",
};

/** The connection state, as a dot and a word (the reason on hover and for refusals). */
function ConnectionStatusView({ snapshot }: { snapshot: TConnectionSnapshot }) {
  const live = snapshot.status === "connected" && !snapshot.synced ? "connecting" : snapshot.status;
  return (
    <span
      data-testid="connection-status"
      data-status={live}
      title={snapshot.message ?? undefined}
      className="flex items-center gap-1 text-xs text-slate-600 dark:text-slate-300"
    >
      <span className={`h-2 w-2 rounded-full ${STATUS_DOT[live]}`} />
      {STATUS_TEXT[live]}
      {snapshot.status === "refused" && snapshot.message ? `: ${snapshot.message}` : ""}
    </span>
  );
}

export const ConnectionStatus = memo(ConnectionStatusView);

/**
 * Avatars of the people in this project right now; clicking one follows their view (the canvas
 * centres on their pointer), clicking again or touching the canvas stops.
 */
function PresenceAvatarsView({
  handle,
  selfUserId,
}: {
  handle: TCollabHandle;
  selfUserId: string | null;
}) {
  const people = peopleHere(usePeers(handle), selfUserId);
  const following = useFollowTarget(handle);
  if (!people.length) return null;
  return (
    <ul className="flex -space-x-1" aria-label="People here" data-testid="presence">
      {people.map((p) => {
        const active = following === p.clientId;
        return (
          <li key={p.user.id}>
            <button
              type="button"
              data-testid="presence-avatar"
              data-user-name={p.user.name}
              aria-pressed={active}
              title={active ? `Following ${p.user.name} — click to stop` : `Follow ${p.user.name}`}
              onClick={() => handle.follow.set(active ? null : p.clientId)}
              className={`flex h-6 w-6 items-center justify-center rounded-full border-2 text-[10px] font-semibold text-white ${active ? "border-slate-900 dark:border-white" : "border-white dark:border-slate-900"}`}
              style={{ background: p.user.color }}
            >
              {initials(p.user.name)}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export const PresenceAvatars = memo(PresenceAvatarsView);
