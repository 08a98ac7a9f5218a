/** React Flow's viewport: flow point p is drawn at `p * zoom + (x, y)` inside the pane. */
export interface TViewport {
  x: number;
  y: number;
  zoom: number;
}

export interface TPoint {
  x: number;
  y: number;
}

/** A pointer position relative to the pane → flow coordinates (what peers receive). */
export function paneToFlow(point: TPoint, viewport: TViewport): TPoint {
  return { x: (point.x - viewport.x) / viewport.zoom, y: (point.y - viewport.y) / viewport.zoom };
}

/** A flow position → pane pixels under this client's own zoom and pan. */
export function flowToPane(point: TPoint, viewport: TViewport): TPoint {
  return { x: point.x * viewport.zoom + viewport.x, y: point.y * viewport.zoom + viewport.y };
}

/** A flow rectangle (a node) → pane pixels. */
export function rectToPane(
  rect: { x: number; y: number; width: number; height: number },
  viewport: TViewport,
): { x: number; y: number; width: number; height: number } {
  const p = flowToPane(rect, viewport);
  return { ...p, width: rect.width * viewport.zoom, height: rect.height * viewport.zoom };
}

/** Rounds a flow position for the wire: sub-pixel noise would only cost bandwidth. */
export function roundPoint(point: TPoint): TPoint {
  return { x: Math.round(point.x * 10) / 10, y: Math.round(point.y * 10) / 10 };
}

/**
 * Calls `send` at most once per `intervalMs` with the latest value; a value arriving inside the
 * interval is sent when it ends (trailing), so the last cursor position always goes out.
 */
export function createThrottle<T>(
  send: (value: T) => void,
  intervalMs: number,
  clock: { now: () => number; setTimeout: (fn: () => void, ms: number) => unknown } = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
  },
): { push: (value: T) => void; cancel: () => void } {
  let last = -Infinity;
  let pending: { value: T } | null = null;
  let scheduled = false;
  let cancelled = false;
  const flush = () => {
    scheduled = false;
    if (cancelled || !pending) return;
    last = clock.now();
    const { value } = pending;
    pending = null;
    send(value);
  };
  return {
    push(value) {
      if (cancelled) return;
      pending = { value };
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) flush();
      else if (!scheduled) {
        scheduled = true;
        clock.setTimeout(flush, wait);
      }
    },
    cancel() {
      cancelled = true;
      pending = null;
    },
  };
}
