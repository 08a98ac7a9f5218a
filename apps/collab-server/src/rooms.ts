import {
  compactLog,
  type ProjectUnavailableError,
  type TChannelMessage,
  type TMemberChange,
} from "@layerwise/collab-store";
import type { PrismaClient } from "@layerwise/db";
import { COLLAB_CLOSE } from "@layerwise/protocol";
import type { TLogger } from "@layerwise/server-kit";
import type { RedisFanout } from "./fanout";
import { loadRoom, RoomLoadError } from "./load";
import { Room, type TRoomDeps } from "./room";
import { Debounced } from "./debounce";

export interface TRoomsOptions {
  db: PrismaClient;
  /** The log's hot path (createLogAppender). */
  append: TRoomDeps["append"];
  fanout: RedisFanout;
  log: TLogger;
  /** How long an empty room stays loaded (a reconnecting client finds it warm). */
  idleMs?: number;
  /** Compaction runs this long after the last commit (and at least every `compactMaxMs`). */
  compactMs?: number;
  compactMaxMs?: number;
  /** Runs after changes, debounced by the caller (the live summary). */
  onChanged?: (room: Room) => void;
}

/** A failed load is retried no sooner than this, so a broken room cannot hammer Postgres. */
const LOAD_RETRY_MS = 1_000;

/**
 * The open rooms of this instance: loads each at most once at a time (subscribed to its Redis
 * channel first, so nothing published meanwhile is missed), remembers load failures so a broken
 * document keeps refusing with its reason, compacts the log in the background, and closes rooms
 * that stayed empty.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly failures = new Map<string, { error: RoomLoadError; at: number }>();
  private readonly early = new Map<string, TChannelMessage[]>();
  private readonly idleTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly compactions = new Map<string, Debounced>();

  constructor(private readonly options: TRoomsOptions) {}

  get size(): number {
    return this.rooms.size;
  }

  /** The loaded room of a project, loading it when needed. Throws RoomLoadError. */
  acquire(projectId: string): Promise<Room> {
    const open = this.rooms.get(projectId);
    if (open && !open.closed) {
      this.cancelIdle(projectId);
      return Promise.resolve(open);
    }
    const failure = this.failures.get(projectId);
    if (failure && Date.now() - failure.at < LOAD_RETRY_MS) return Promise.reject(failure.error);
    let pending = this.loading.get(projectId);
    if (!pending) {
      pending = this.load(projectId).finally(() => this.loading.delete(projectId));
      this.loading.set(projectId, pending);
    }
    return pending;
  }

  /** The loaded room of a project, if any (health, tests). */
  get(projectId: string): Room | undefined {
    return this.rooms.get(projectId);
  }

  /** Rooms of one team's projects (membership changes). */
  forTeam(teamId: string): Room[] {
    return [...this.rooms.values()].filter((room) => room.teamId === teamId);
  }

  /** A message from Redis for a project: to its room, or kept until the room has loaded. */
  deliver(projectId: string, message: TChannelMessage): void {
    const room = this.rooms.get(projectId);
    if (!room) {
      if (this.loading.has(projectId)) this.early.get(projectId)?.push(message);
      return;
    }
    if (message.kind === "update") room.applyRemoteUpdate(message.seq, message.data);
    else room.applyRemoteAwareness(message.data);
  }

  /** Removal closes the member's connections (4403); a role change applies to them at once. */
  applyMemberChange(change: TMemberChange): void {
    for (const room of this.forTeam(change.teamId)) {
      for (const conn of room.conns) {
        if (conn.userId !== change.userId) continue;
        if (change.role === null)
          conn.ws.close(COLLAB_CLOSE.forbidden, "you are no longer a member of this team");
        else conn.role = change.role;
      }
    }
  }

  /** Commits what is pending in every room, then closes them all (graceful shutdown). */
  async closeAll(reason: string): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => room.store.idle()));
    await Promise.all([...this.compactions.values()].map((c) => c.flush()));
    for (const room of [...this.rooms.values()])
      this.close(room, COLLAB_CLOSE.serverShutdown, reason);
  }

  private async load(projectId: string): Promise<Room> {
    this.early.set(projectId, []);
    try {
      await this.options.fanout.subscribe(projectId);
      const loaded = await loadRoom(this.options.db, projectId);
      this.failures.delete(projectId);
      const room = new Room(projectId, loaded, {
        db: this.options.db,
        append: this.options.append,
        fanout: this.options.fanout,
        log: this.options.log,
        onChanged: (r) => this.changed(r),
        onEmpty: (r) => this.scheduleIdle(r),
        onUnavailable: (r, error) => void this.unavailable(r, error),
      });
      this.rooms.set(projectId, room);
      for (const message of this.early.get(projectId) ?? []) this.deliver(projectId, message);
      return room;
    } catch (error) {
      await this.options.fanout.unsubscribe(projectId);
      const failure =
        error instanceof RoomLoadError ? error : new RoomLoadError(projectId, String(error));
      this.failures.set(projectId, { error: failure, at: Date.now() });
      this.options.log.warn("room failed to load", { room: projectId, reason: failure.message });
      throw failure;
    } finally {
      this.early.delete(projectId);
    }
  }

  private changed(room: Room): void {
    let compaction = this.compactions.get(room.projectId);
    if (!compaction) {
      compaction = new Debounced(
        () => this.compact(room.projectId),
        this.options.compactMs ?? 1_000,
        this.options.compactMaxMs ?? 5_000,
      );
      this.compactions.set(room.projectId, compaction);
    }
    compaction.trigger();
    this.options.onChanged?.(room);
  }

  private async compact(projectId: string): Promise<void> {
    try {
      await compactLog(this.options.db, projectId);
    } catch (error) {
      this.options.log.warn("compaction failed", { room: projectId, error: String(error) });
    }
  }

  private scheduleIdle(room: Room): void {
    this.cancelIdle(room.projectId);
    const timer = setTimeout(() => {
      this.idleTimers.delete(room.projectId);
      if (room.conns.size > 0) return;
      void room.store.idle().then(() => {
        if (room.conns.size === 0) this.close(room, COLLAB_CLOSE.serverShutdown, "room closed");
      });
    }, this.options.idleMs ?? 10_000);
    timer.unref();
    this.idleTimers.set(room.projectId, timer);
  }

  private cancelIdle(projectId: string): void {
    const timer = this.idleTimers.get(projectId);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(projectId);
  }

  private async unavailable(room: Room, error: ProjectUnavailableError): Promise<void> {
    const exists = await this.options.db.project
      .findUnique({ where: { id: room.projectId }, select: { id: true } })
      .catch(() => ({ id: room.projectId }));
    this.options.log.info("project no longer writable", {
      room: room.projectId,
      error: error.message,
    });
    if (exists) this.close(room, COLLAB_CLOSE.forbidden, "the project was archived");
    else this.close(room, COLLAB_CLOSE.notFound, "the project was deleted");
  }

  private close(room: Room, code: number, reason: string): void {
    if (this.rooms.get(room.projectId) === room) this.rooms.delete(room.projectId);
    this.cancelIdle(room.projectId);
    const compaction = this.compactions.get(room.projectId);
    this.compactions.delete(room.projectId);
    void compaction?.flush();
    room.destroy(code, reason);
    void this.options.fanout.unsubscribe(room.projectId);
  }
}
