import type { IncomingMessage } from "node:http";

/*
 * The limits hook: what a hostile or broken client can cost the server. Every limit answers with
 * a refusal or a close code for that one client; nothing here throws at the server.
 */

/** Whether a browser's `Origin` may connect. Clients without one (servers, tools) carry a token. */
export function isOriginAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  return allowed.includes("*") || allowed.includes(origin);
}

/** The client address: the socket's, or X-Forwarded-For's first entry behind a trusted proxy. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

/** A token bucket: `rate` tokens per second, holding at most `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token; false when the bucket is empty. */
  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True when the bucket has refilled completely (the entry can be forgotten). */
  isFull(now = Date.now()): boolean {
    return this.tokens + ((now - this.last) / 1000) * this.rate >= this.burst;
  }
}

/** New connections per IP and minute; idle entries are swept so memory stays bounded. */
export class ConnectionRateLimiter {
  private buckets = new Map<string, TokenBucket>();
  private lastSweep = Date.now();

  constructor(private readonly perMinute: number) {}

  allow(ip: string, now = Date.now()): boolean {
    if (now - this.lastSweep > 60_000) {
      for (const [key, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(key);
      this.lastSweep = now;
    }
    let bucket = this.buckets.get(ip);
    if (!bucket) {
      bucket = new TokenBucket(this.perMinute / 60, this.perMinute, now);
      this.buckets.set(ip, bucket);
    }
    return bucket.take(now);
  }
}

/** What the awareness cap says about one message. */
export type TAwarenessVerdict = "accept" | "drop" | "close";

/**
 * Awareness messages per connection: a burst of twice the rate is fine, excess messages are
 * dropped, and a connection that keeps flooding (as many drops as three seconds of its budget,
 * within ten seconds) is closed.
 */
export class AwarenessLimiter {
  private readonly bucket: TokenBucket;
  private drops = 0;
  private windowStart: number;

  constructor(
    private readonly perSecond: number,
    now = Date.now(),
  ) {
    this.bucket = new TokenBucket(perSecond, perSecond * 2, now);
    this.windowStart = now;
  }

  check(now = Date.now()): TAwarenessVerdict {
    if (now - this.windowStart > 10_000) {
      this.windowStart = now;
      this.drops = 0;
    }
    if (this.bucket.take(now)) return "accept";
    this.drops += 1;
    return this.drops > this.perSecond * 3 ? "close" : "drop";
  }
}
