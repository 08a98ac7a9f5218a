"use client";

import { ZTrainingEvent } from "@layerwise/protocol";
import { useCallback, useEffect, useRef, useState } from "react";
import type { TRunDto } from "../server/run-dto";
import { INITIAL_RUN_STATE, foldRunEvent, type TEpochPoint, type TRunLiveState } from "./run-state";

/** The run as `GET /api/runs/:id` returns it. */
export type TRunDetail = TRunDto & { epochs: TEpochPoint[] };

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
/** Progress events arrive many times a second: the view re-renders at most this often. */
const FLUSH_MS = 150;

async function fetchRun(runId: string): Promise<TRunDetail | null> {
  try {
    const res = await fetch(`/api/runs/${runId}`, { cache: "no-store" });
    if (!res.ok) return null;
    return ((await res.json()) as { run: TRunDetail }).run;
  } catch {
    return null;
  }
}

/**
 * Follows a run live: its row (`GET /api/runs/:id`, refreshed when the status changes) and its
 * event stream (`GET /api/runs/:id/events`, SSE). The stream replays every event from the start,
 * so opening the view later shows the whole history; EventSource resumes with Last-Event-ID
 * after a dropped connection. The stream is closed once the run is over. Key the caller by
 * `runId`: another run needs a fresh state.
 */
export function useRunStream(runId: string): {
  run: TRunDetail | null;
  live: TRunLiveState;
  connected: boolean;
  refresh: () => void;
} {
  const [run, setRun] = useState<TRunDetail | null>(null);
  const [live, setLive] = useState<TRunLiveState>(INITIAL_RUN_STATE);
  const [connected, setConnected] = useState(false);
  const state = useRef<TRunLiveState>(INITIAL_RUN_STATE);
  const refresh = useCallback(() => {
    void fetchRun(runId).then((r) => r && setRun(r));
  }, [runId]);

  useEffect(() => {
    refresh();
    const source = new EventSource(`/api/runs/${runId}/events`);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      setLive(state.current);
    };
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.onmessage = (message: MessageEvent<string>) => {
      const parsed = ZTrainingEvent.safeParse(JSON.parse(message.data));
      if (!parsed.success) return;
      const before = state.current.status;
      state.current = foldRunEvent(state.current, Number(message.lastEventId), parsed.data);
      const status = state.current.status;
      if (status !== before) refresh();
      if (status && TERMINAL.has(status)) {
        source.close();
        setConnected(false);
        flush();
      } else timer ??= setTimeout(flush, FLUSH_MS);
    };
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [runId, refresh]);

  return { run, live, connected, refresh };
}
