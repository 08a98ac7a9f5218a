"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import * as Y from "yjs";
import type { TConnectionSnapshot } from "@/features/collaboration/collab-connection";
import { ConnectionStatus, PresenceAvatars } from "@/features/collaboration/presence-bar";
import { stateVectorOf, useCollabSession } from "@/features/collaboration/use-collab-session";
import { useLeaveGuard } from "@/features/collaboration/use-leave-guard";
import { TrainButton } from "@/features/training/components/train-button";

// React Flow measures the DOM: the editor renders in the browser only, like the playground.
const ModelEditor = dynamic(
  () => import("@/features/editor/model-editor").then((m) => m.ModelEditor),
  {
    ssr: false,
    loading: () => <p className="p-6 text-sm text-slate-500">Loading the editor…</p>,
  },
);

/** What the "saved" indicator shows: it follows the collab server's "persisted" messages. */
type TSaveStatus = "saved" | "saving" | "unsaved";

const STATUS_TEXT: Record<TSaveStatus, string> = {
  saved: "Saved",
  saving: "Saving…",
  unsaved: "Unsaved changes",
};

function saveStatus(snapshot: TConnectionSnapshot | null): TSaveStatus {
  if (!snapshot || snapshot.saved) return "saved";
  return snapshot.status === "connected" ? "saving" : "unsaved";
}

/** Props: the project as the server loaded it, and what the actor may do. */
export interface TProjectWorkspaceProps {
  projectId: string;
  projectName: string;
  teamId: string;
  teamName: string;
  role: "owner" | "editor" | "viewer";
  archived: boolean;
  /** Base64 Y.Doc state; null for a project never saved. */
  initialState: string | null;
}

function docFromState(state: string | null): Y.Doc {
  const doc = new Y.Doc();
  if (state)
    Y.applyUpdate(
      doc,
      Uint8Array.from(atob(state), (c) => c.charCodeAt(0)),
    );
  return doc;
}

/**
 * The project page's client side: the editor on the project's Y.Doc, live with the collab server
 * (which stores every edit: there is no HTTP autosave), a "Saved" indicator that follows the
 * server's acknowledgements, presence, and the header (team, role, versions, settings). Viewers
 * and archived projects get the editor read-only; archived projects are not live.
 */
export function ProjectWorkspace(props: TProjectWorkspaceProps) {
  const [{ ydoc, baseline }] = useState(() => {
    const doc = docFromState(props.initialState);
    return { ydoc: doc, baseline: stateVectorOf(doc) };
  });
  useEffect(() => () => ydoc.destroy(), [ydoc]);
  const { snapshot, handle } = useCollabSession(props.projectId, ydoc, !props.archived, baseline);
  // The latest token's role wins: a demotion or promotion takes effect without a reload.
  const role = snapshot?.role ?? props.role;
  const canEdit = role !== "viewer" && !props.archived;
  const status = saveStatus(snapshot);
  useLeaveGuard(canEdit && status !== "saved");
  const isSaved = status === "saved";
  // A stable element keeps the memoised toolbar from re-rendering on unrelated changes.
  const trainButton = useMemo(
    () => (
      <TrainButton
        projectId={props.projectId}
        teamId={props.teamId}
        canTrain={canEdit}
        saved={isSaved}
      />
    ),
    [props.projectId, props.teamId, canEdit, isSaved],
  );

  return (
    <div className="flex h-[calc(100vh-2.75rem)] flex-col">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 text-sm dark:border-slate-800 dark:bg-slate-900">
        <Link href={`/teams/${props.teamId}`} className="text-slate-500 hover:underline">
          {props.teamName}
        </Link>
        <span className="text-slate-400">/</span>
        <h1 className="font-semibold">{props.projectName}</h1>
        <span
          data-testid="project-role"
          className="rounded bg-slate-200 px-2 py-0.5 text-xs dark:bg-slate-800"
        >
          {role}
        </span>
        {props.archived && (
          <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">
            archived — read-only
          </span>
        )}
        {!canEdit && !props.archived && <span className="text-xs text-slate-500">View only</span>}
        {canEdit && (
          <span
            data-testid="save-status"
            data-status={status}
            className={
              status === "saved"
                ? "text-emerald-700 dark:text-emerald-400"
                : status === "unsaved"
                  ? "text-amber-700"
                  : "text-slate-500"
            }
          >
            {STATUS_TEXT[status]}
          </span>
        )}
        {snapshot && <ConnectionStatus snapshot={snapshot} />}
        {handle && <PresenceAvatars handle={handle} selfUserId={snapshot?.user?.id ?? null} />}
        <nav className="ml-auto flex gap-3">
          <Link href={`/teams/${props.teamId}/datasets`} className="underline">
            Datasets
          </Link>
          <Link href={`/projects/${props.projectId}/runs`} className="underline">
            Runs
          </Link>
          <Link href={`/projects/${props.projectId}/versions`} className="underline">
            Versions
          </Link>
          <Link href={`/projects/${props.projectId}/settings`} className="underline">
            Settings
          </Link>
        </nav>
      </div>
      <div className="min-h-0 flex-1">
        <ModelEditor ydoc={ydoc} readOnly={!canEdit} collab={handle} toolbarExtra={trainButton} />
      </div>
    </div>
  );
}
