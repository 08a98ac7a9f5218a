"use client";

import { useReactFlow, useViewport } from "@xyflow/react";
import { memo, useEffect, useRef, useState } from "react";
import { useEditor, useEditorContext } from "../editor/editor-context";
import { usePeers, useFollowTarget, type TCollabHandle } from "./collab-context";
import { createThrottle, flowToPane, paneToFlow, rectToPane, roundPoint } from "./cursor-math";
import type { TPeer } from "./peers";

/** Cursor updates per second at most (awareness is relayed to every peer). */
const CURSOR_INTERVAL_MS = 50;

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** Publishes this user's cursor (flow coordinates) and selection; feeds errors to attribution. */
function usePublishPresence(handle: TCollabHandle, pane: HTMLElement | null): void {
  const { store } = useEditorContext();
  const flow = useReactFlow();

  useEffect(() => {
    if (!pane) return;
    const throttle = createThrottle<{ x: number; y: number } | null>(
      (cursor) => handle.awareness.setLocalStateField("cursor", cursor),
      CURSOR_INTERVAL_MS,
    );
    const onMove = (e: PointerEvent) => {
      const rect = pane.getBoundingClientRect();
      const point = { x: e.clientX - rect.left, y: e.clientY - rect.top };
      throttle.push(roundPoint(paneToFlow(point, flow.getViewport())));
    };
    const onLeave = () => throttle.push(null);
    // Taking the canvas in hand ends following someone else's view.
    const onTakeOver = () => handle.follow.set(null);
    pane.addEventListener("pointermove", onMove);
    pane.addEventListener("pointerleave", onLeave);
    pane.addEventListener("pointerdown", onTakeOver);
    pane.addEventListener("wheel", onTakeOver, { passive: true });
    return () => {
      throttle.cancel();
      pane.removeEventListener("pointermove", onMove);
      pane.removeEventListener("pointerleave", onLeave);
      pane.removeEventListener("pointerdown", onTakeOver);
      pane.removeEventListener("wheel", onTakeOver);
    };
  }, [handle, pane, flow]);

  useEffect(() => {
    let selection = store.getState().selection;
    let analysis = store.getState().analysis;
    handle.awareness.setLocalStateField("selection", [...selection]);
    const feedErrors = () => {
      const { flow: doc, analysis: a } = store.getState();
      const failing = new Set<string>();
      for (const [id, n] of a.nodes)
        if (n.diagnostics.some((d) => d.severity === "error")) failing.add(id);
      handle.tracker.observeErrors(doc, failing);
    };
    feedErrors();
    return store.subscribe(() => {
      const s = store.getState();
      // Every model change derives a new (equal) selection array: send only real changes.
      if (s.selection !== selection && !sameIds(s.selection, selection))
        handle.awareness.setLocalStateField("selection", [...s.selection]);
      selection = s.selection;
      if (s.analysis !== analysis) {
        analysis = s.analysis;
        // After the transaction's observers have all run: the tracker has recorded its changes.
        queueMicrotask(feedErrors);
      }
    });
  }, [handle, store]);
}

/** Keeps the viewport on the followed peer's cursor (or selection while their cursor is away). */
function useFollow(handle: TCollabHandle, peers: readonly TPeer[]): void {
  const target = useFollowTarget(handle);
  const flow = useReactFlow();
  const nodes = useEditor((s) => s.nodes);
  const peer = target === null ? undefined : peers.find((p) => p.clientId === target);
  const cursor = peer?.cursor;
  const focus = peer && !cursor ? peer.selection[0] : undefined;

  useEffect(() => {
    if (target !== null && !peer) handle.follow.set(null);
  }, [handle, target, peer]);
  useEffect(() => {
    if (!cursor) return;
    void flow.setCenter(cursor.x, cursor.y, { zoom: flow.getZoom(), duration: 120 });
  }, [flow, cursor]);
  useEffect(() => {
    const node = focus ? nodes.find((n) => n.id === focus) : undefined;
    if (!node) return;
    const w = node.measured?.width ?? 0;
    const h = node.measured?.height ?? 0;
    void flow.setCenter(node.position.x + w / 2, node.position.y + h / 2, {
      zoom: flow.getZoom(),
      duration: 200,
    });
  }, [flow, focus, nodes]);
}

/** Outlines of the nodes other people have selected, in their colour, with their name. */
function PeerSelections({ peers }: { peers: readonly TPeer[] }) {
  const nodes = useEditor((s) => s.nodes);
  const viewport = useViewport();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return (
    <>
      {peers.flatMap((p) =>
        p.selection.flatMap((id) => {
          const n = byId.get(id);
          if (!n?.measured?.width || !n.measured.height) return [];
          const r = rectToPane(
            {
              x: n.position.x,
              y: n.position.y,
              width: n.measured.width,
              height: n.measured.height,
            },
            viewport,
          );
          return [
            <div
              key={`${p.clientId}:${id}`}
              data-testid="peer-selection"
              data-node-id={id}
              data-user-name={p.user.name}
              className="pointer-events-none absolute rounded-[4px]"
              style={{
                left: r.x - 4,
                top: r.y - 4,
                width: r.width + 8,
                height: r.height + 8,
                outline: `2px solid ${p.user.color}`,
              }}
            />,
          ];
        }),
      )}
    </>
  );
}

/** Other people's pointers, drawn where they point in the model under this user's own view. */
function PeerCursors({ peers }: { peers: readonly TPeer[] }) {
  const viewport = useViewport();
  return (
    <>
      {peers.map((p) => {
        if (!p.cursor) return null;
        const at = flowToPane(p.cursor, viewport);
        return (
          <div
            key={p.clientId}
            data-testid="peer-cursor"
            data-user-name={p.user.name}
            className="pointer-events-none absolute left-0 top-0 z-10 transition-transform duration-75"
            style={{ transform: `translate(${at.x}px, ${at.y}px)` }}
          >
            <svg width="14" height="18" viewBox="0 0 14 18" aria-hidden="true">
              <path
                d="M1 1 L1 15 L5 11 L8 17 L10 16 L7 10 L13 10 Z"
                fill={p.user.color}
                stroke="white"
              />
            </svg>
            <span
              className="ml-3 whitespace-nowrap rounded px-1 py-0.5 text-[10px] font-medium text-white shadow"
              style={{ background: p.user.color }}
            >
              {p.user.name}
            </span>
          </div>
        );
      })}
    </>
  );
}

/**
 * The live layer over the canvas: other people's cursors and selections, this user's presence
 * going out, following a colleague's view, and errors handed to attribution. Renders nothing
 * that takes pointer events, so the canvas below works as before.
 */
function CollabLayerView({ handle }: { handle: TCollabHandle }) {
  const ref = useRef<HTMLDivElement>(null);
  // The overlay covers the canvas in the same positioned box: that box is the pane. State, not a
  // ref, so the listeners attach once it exists.
  const [pane, setPane] = useState<HTMLElement | null>(null);
  useEffect(() => setPane(ref.current?.parentElement ?? null), []);
  usePublishPresence(handle, pane);
  const peers = usePeers(handle);
  useFollow(handle, peers);
  return (
    <div
      ref={ref}
      className="pointer-events-none absolute inset-0 overflow-hidden"
      data-testid="collab-layer"
    >
      <PeerSelections peers={peers} />
      <PeerCursors peers={peers} />
    </div>
  );
}

/** The memoised live layer; mount it inside the canvas's positioned container. */
export const CollabLayer = memo(CollabLayerView);
