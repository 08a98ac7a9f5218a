import {
  MEMBERS_CHANNEL,
  decodeChannelMessage,
  encodeChannelMessage,
  parseMemberChange,
  projectChannel,
  type TChannelMessage,
  type TMemberChange,
} from "@layerwise/collab-store";
import type { TLogger } from "@layerwise/server-kit";
import { Redis } from "ioredis";

/** The broadcast hook as rooms see it: publish committed updates and awareness. */
export interface TFanout {
  publishUpdate(projectId: string, seq: number, data: Uint8Array): void;
  publishAwareness(projectId: string, data: Uint8Array): void;
}

/** What arrives for the server from other instances and writers. */
export interface TFanoutHandlers {
  onProjectMessage(projectId: string, message: TChannelMessage): void;
  onMemberChange(change: TMemberChange): void;
}

const PREFIX = projectChannel("");

/**
 * The broadcast hook between instances (ARCHITECTURE.md, Scale-out): Redis pub/sub on
 * `collab:<projectId>` for every open room, plus `collab:members`. Publishing is fire-and-forget
 * (Postgres is the source of truth: a lost message is a gap the receivers reload); this
 * instance's own messages are skipped by their sender id.
 */
export class RedisFanout implements TFanout {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly ready: Promise<unknown>;

  constructor(
    redisUrl: string,
    readonly instanceId: string,
    private readonly handlers: TFanoutHandlers,
    private readonly log: TLogger,
  ) {
    this.pub = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    this.sub = new Redis(redisUrl, { maxRetriesPerRequest: null });
    for (const client of [this.pub, this.sub])
      client.on("error", (error: Error) => log.warn("redis error", { error: error.message }));
    this.sub.on("messageBuffer", (channel: Buffer, message: Buffer) =>
      this.dispatch(channel.toString(), message),
    );
    // Subscribing before the connection is ready races ioredis' ready check.
    this.ready = Promise.all([this.sub.ping(), this.pub.ping()]).then(() =>
      this.sub.subscribe(MEMBERS_CHANNEL),
    );
  }

  /** Resolves once subscribed to the project's channel (before its room loads). */
  async subscribe(projectId: string): Promise<void> {
    await this.ready;
    await this.sub.subscribe(projectChannel(projectId));
  }

  async unsubscribe(projectId: string): Promise<void> {
    await this.sub.unsubscribe(projectChannel(projectId)).catch(() => undefined);
  }

  publishUpdate(projectId: string, seq: number, data: Uint8Array): void {
    this.publish(projectId, { kind: "update", from: this.instanceId, seq, data });
  }

  publishAwareness(projectId: string, data: Uint8Array): void {
    this.publish(projectId, { kind: "awareness", from: this.instanceId, data });
  }

  async close(): Promise<void> {
    this.sub.disconnect();
    await this.pub.quit().catch(() => this.pub.disconnect());
  }

  private publish(projectId: string, message: TChannelMessage): void {
    this.pub
      .publish(projectChannel(projectId), encodeChannelMessage(message))
      .catch((error: unknown) => this.log.warn("publish failed", { error: String(error) }));
  }

  private dispatch(channel: string, message: Buffer): void {
    if (channel === MEMBERS_CHANNEL) {
      const change = parseMemberChange(message.toString());
      if (change) this.handlers.onMemberChange(change);
      return;
    }
    if (!channel.startsWith(PREFIX)) return;
    const decoded = decodeChannelMessage(message);
    if (!decoded || decoded.from === this.instanceId) return;
    this.handlers.onProjectMessage(channel.slice(PREFIX.length), decoded);
  }
}
