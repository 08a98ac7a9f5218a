import "server-only";
import type { PrismaClient } from "@layerwise/db";
import { ZRunEventMessage, runChannel, type TRunEventMessage } from "@layerwise/protocol";
import type { Redis } from "ioredis";
import type { TActor } from "@/lib/server-only/actor";
import { requireRunRole } from "./get-run";

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
const PAGE = 500;
const KEEPALIVE_MS = 15_000;

const isTerminal = (m: TRunEventMessage) =>
  m.event.type === "status" && TERMINAL.has(m.event.status);

/** Parses `Last-Event-ID` (or `?after=` for a first connection that wants to resume). */
export function lastEventId(req: Request): number {
  const raw = req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("after");
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * The run's events as Server-Sent Events (`id` = seq, `data` = the event JSON), members only.
 * Subscribes to `run:<id>` first and then replays Postgres after `after`, so nothing falls in
 * between; a live message that skips a seq (published before we subscribed) is filled in from
 * Postgres. The stream ends after the run's final status event.
 */
export async function streamRunEvents(
  db: PrismaClient,
  actor: TActor | null,
  runId: string,
  after: number,
  makeSubscriber: () => Redis,
  signal: AbortSignal,
): Promise<Response> {
  await requireRunRole(db, actor, runId, "viewer");
  // Created only for an authorized caller: a subscribed connection cannot run other commands.
  const subscriber = makeSubscriber();
  const encoder = new TextEncoder();
  let last = after;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();
  let keepalive: NodeJS.Timeout | undefined;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(keepalive);
        subscriber.quit().catch(() => subscriber.disconnect());
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const send = (m: TRunEventMessage) => {
        if (closed || m.seq <= last) return;
        last = m.seq;
        controller.enqueue(encoder.encode(`id: ${m.seq}\ndata: ${JSON.stringify(m.event)}\n\n`));
        if (isTerminal(m)) close();
      };
      const catchUp = async () => {
        for (;;) {
          const rows = await db.runEvent.findMany({
            where: { runId, seq: { gt: last } },
            orderBy: { seq: "asc" },
            take: PAGE,
          });
          for (const row of rows)
            send({ seq: row.seq, event: row.data as TRunEventMessage["event"] });
          if (rows.length < PAGE || closed) return;
        }
      };
      const enqueue = (work: () => Promise<void> | void) => {
        chain = chain.then(work).catch(() => close());
      };
      signal.addEventListener("abort", close);
      subscriber.on("message", (_channel: string, text: string) => {
        const parsed = ZRunEventMessage.safeParse(JSON.parse(text));
        if (!parsed.success) return;
        enqueue(() => (parsed.data.seq > last + 1 ? catchUp() : send(parsed.data)));
      });
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      keepalive = setInterval(
        () => controller.enqueue(encoder.encode(": keepalive\n\n")),
        KEEPALIVE_MS,
      );
      enqueue(async () => {
        await subscriber.subscribe(runChannel(runId));
        await catchUp();
        const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
        // A run that ended before its final status event existed (older runs) still ends the stream.
        if (run && TERMINAL.has(run.status)) close();
      });
    },
    cancel() {
      closed = true;
      clearInterval(keepalive);
      subscriber.quit().catch(() => subscriber.disconnect());
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
