import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { connect, type TClient } from "../test/harness";

/** Waits for `cond` (checked every millisecond); throws after `timeoutMs`. */
export async function until(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("benchmark condition not met in time");
    await new Promise((r) => setTimeout(r, 1));
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** n real y-websocket clients on one room, synced. */
export async function openClients(
  url: string,
  room: string,
  token: string,
  n: number,
): Promise<TClient[]> {
  const clients = Array.from({ length: n }, () => connect(url, room, token));
  await until(() => clients.every((c) => c.provider.synced), 60_000);
  return clients;
}

/** Edit → other clients (ms) and edit → durable ack (ms, only where the server sends 100). */
export interface TEditProbe {
  deliver: number[];
  ack: number[];
  /** The first client makes `edits` edits, each after the last one reached every other client. */
  run(edits: number): Promise<void>;
  /** Forgets what was measured so far (after a warm-up). */
  reset(): void;
}

export function editProbe(clients: TClient[], withAck: boolean): TEditProbe {
  const [sender, ...others] = clients as [TClient, ...TClient[]];
  const map = (c: TClient) => c.doc.getMap<number>("bench");
  let received = 0;
  const probe: TEditProbe = {
    deliver: [],
    ack: [],
    async run(edits) {
      for (let e = 0; e < edits; e++) {
        const t = performance.now();
        map(sender).set("t", t);
        const clock = Y.getState(sender.doc.store, sender.doc.clientID);
        const expected = received + others.length;
        await until(() => received >= expected);
        if (withAck) {
          // Timed at the message, not at the poll that notices it.
          await until(() => (sender.persisted.get(sender.doc.clientID) ?? 0) >= clock);
          probe.ack.push(sender.ackedAt() - t);
        }
      }
    },
    reset() {
      probe.deliver.length = 0;
      probe.ack.length = 0;
    },
  };
  for (const c of others)
    map(c).observe(() => {
      received += 1;
      probe.deliver.push(performance.now() - (map(c).get("t") ?? 0));
    });
  return probe;
}

/**
 * The durability floor: the write-ahead append alone (the server's own appender, on its own
 * project), one at a time with a millisecond's pause, about the idle time between the probe's
 * edits. No server that forwards an edit only after its commit can beat these figures. Its
 * `deliver` holds the commit times; `ack` stays empty.
 */
export function commitProbe(append: () => Promise<unknown>): TEditProbe {
  const probe: TEditProbe = {
    deliver: [],
    ack: [],
    async run(edits) {
      for (let e = 0; e < edits; e++) {
        await new Promise((r) => setTimeout(r, 1));
        const t = performance.now();
        await append();
        probe.deliver.push(performance.now() - t);
      }
    },
    reset() {
      probe.deliver.length = 0;
    },
  };
  return probe;
}

/** Every client appends to its own array every `intervalMs` for `ms`; returns edits made. */
export async function sustained(
  clients: TClient[],
  ms: number,
  intervalMs: number,
): Promise<number> {
  let made = 0;
  const timers = clients.map((c, i) =>
    setInterval(() => {
      c.doc.getArray<number>(`load${i}`).push([made++]);
    }, intervalMs),
  );
  await new Promise((r) => setTimeout(r, ms));
  for (const t of timers) clearInterval(t);
  return made;
}

/** Every client moves its cursor at `hz` for `ms`; returns delivery latencies (ms). */
export async function cursors(
  clients: TClient[],
  ms: number,
  hz: number,
  observers = 10,
): Promise<number[]> {
  const latencies: number[] = [];
  for (const c of clients.slice(0, observers)) {
    c.provider.awareness.on(
      "change",
      ({ added, updated }: { added: number[]; updated: number[] }) => {
        const now = performance.now();
        for (const id of [...added, ...updated]) {
          if (id === c.doc.clientID) continue;
          const t = (c.provider.awareness.getStates().get(id) as { t?: number } | undefined)?.t;
          if (typeof t === "number") latencies.push(now - t);
        }
      },
    );
  }
  const timers = clients.map((c, i) =>
    setInterval(() => {
      const t = performance.now();
      c.provider.awareness.setLocalState({
        user: { id: `u${i}`, name: `User ${i}`, color: "#1f77b4" },
        cursor: { x: Math.round(t) % 1000, y: i },
        selection: [],
        t,
      });
    }, 1000 / hz),
  );
  await new Promise((r) => setTimeout(r, ms));
  for (const t of timers) clearInterval(t);
  return latencies;
}
