import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from "@aws-sdk/client-s3";
import { checkKey, checkPrefix } from "./keys";
import type { TStorage, TStoredObject } from "./types";

/** Settings of an S3-compatible store (AWS S3, MinIO, Ceph RGW, R2…). */
export interface TS3Options {
  bucket: string;
  /** Custom endpoint for MinIO and friends; empty for AWS. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which MinIO needs. */
  forcePathStyle: boolean;
  /** Optional key prefix so several deployments can share a bucket. */
  prefix?: string;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NoSuchKey" || e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
}

/** Storage in an S3 bucket: key `a/b` is the object `<prefix>/a/b`. */
export class S3Storage implements TStorage {
  readonly kind = "s3" as const;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: TS3Options) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ? `${checkPrefix(options.prefix)}/` : "";
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint || undefined,
      forcePathStyle: options.forcePathStyle,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
    });
  }

  get location(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  private objectKey(key: string): string {
    return this.prefix + checkKey(key);
  }

  async write(key: string, body: Buffer | string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: body }),
    );
  }

  async upload(key: string, localPath: string): Promise<void> {
    const { size } = await stat(localPath);
    // ContentLength lets the SDK stream the file instead of buffering it to learn its length.
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKey(key),
        Body: createReadStream(localPath),
        ContentLength: size,
      }),
    );
  }

  async openRead(key: string): Promise<{ stream: Readable; size: number } | null> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      if (!(out.Body instanceof Readable)) throw new Error(`S3 returned no body for ${key}`);
      return { stream: out.Body, size: out.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async read(key: string): Promise<Buffer | null> {
    const opened = await this.openRead(key);
    if (!opened) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async download(key: string, localPath: string): Promise<boolean> {
    const opened = await this.openRead(key);
    if (!opened) return false;
    const path = resolve(localPath);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      await pipeline(opened.stream, createWriteStream(tmp));
      await rename(tmp, path);
      return true;
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async stat(key: string): Promise<TStoredObject | null> {
    try {
      const out = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return { key, size: out.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async list(prefix: string): Promise<TStoredObject[]> {
    const base = `${this.prefix}${checkPrefix(prefix)}/`;
    const objects: TStoredObject[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: base },
    );
    for await (const page of pages) {
      for (const item of page.Contents ?? []) {
        if (item.Key)
          objects.push({ key: item.Key.slice(this.prefix.length), size: item.Size ?? 0 });
      }
    }
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = (await this.list(prefix)).map((o) => o.key);
    if (await this.stat(checkPrefix(prefix))) keys.push(checkPrefix(prefix));
    // DeleteObjects takes at most 1000 keys per request.
    for (let i = 0; i < keys.length; i += 1000) {
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: keys.slice(i, i + 1000).map((k) => ({ Key: this.objectKey(k) })) },
        }),
      );
    }
    return keys.length;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
