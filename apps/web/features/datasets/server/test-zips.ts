/*
 * Builders for dataset-upload tests: real PNG/JPEG/TIFF files and zips (fflate), including the
 * malformed ones (traversal, links, bombs, lying headers). Imported only by *.test.ts files.
 */
import { zipSync, type Zippable } from "fflate";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import UTIF from "utif2";

/** Deterministic pseudo-random RGBA pixels (a different `seed` gives a different image). */
export function noise(width: number, height: number, seed: number, grey = false): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < rgba.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      x = (x * 1103515245 + 12345) >>> 0;
      rgba[i + c] = grey && c > 0 ? rgba[i]! : x >>> 24;
    }
    rgba[i + 3] = 255;
  }
  return rgba;
}

export function png(width: number, height: number, rgba: Uint8Array): Uint8Array {
  const image = new PNG({ width, height });
  image.data = Buffer.from(rgba);
  return new Uint8Array(PNG.sync.write(image));
}

export function jpg(width: number, height: number, rgba: Uint8Array): Uint8Array {
  return new Uint8Array(jpeg.encode({ width, height, data: Buffer.from(rgba) }, 95).data);
}

export function tiff(width: number, height: number, rgba: Uint8Array): Uint8Array {
  return new Uint8Array(UTIF.encodeImage(rgba, width, height));
}

/** A grey mask as RGBA from per-pixel values. */
export function maskPixels(
  width: number,
  height: number,
  value: (i: number) => number,
): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const v = value(i);
    rgba.set([v, v, v, 255], i * 4);
  }
  return rgba;
}

/** A binary 0/255 mask: the left half foreground, shifted per `seed`. */
export function binaryMask(width: number, height: number, seed: number, on = 255): Uint8Array {
  return png(
    width,
    height,
    maskPixels(width, height, (i) => (((i % width) + seed) % width < width / 2 ? on : 0)),
  );
}

/** A valid binary segmentation zip of `count` RGB `size`×`size` samples (as `images/`, `masks/`). */
export function segmentationFiles(count: number, size = 16): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < count; i++) {
    files[`images/s${i}.png`] = png(size, size, noise(size, size, i));
    files[`masks/s${i}.png`] = binaryMask(size, size, i);
  }
  return files;
}

export function zip(files: Zippable): Buffer {
  return Buffer.from(zipSync(files));
}

/** A symbolic link entry (Unix mode 0120777) pointing at `target`. */
export function symlinkEntry(target: string): Zippable[string] {
  return [new TextEncoder().encode(target), { os: 3, attrs: 0o120777 << 16 }];
}

/**
 * Rewrites the declared uncompressed size of `name` in both the local header and the central
 * directory: a zip whose header lies about how much its entry inflates to.
 */
export function lieAboutSize(archive: Buffer, name: string, declared: number): Buffer {
  const out = Buffer.from(archive);
  for (let at = 0; at < out.length - 46; at++) {
    const sig = out.readUInt32LE(at);
    if (
      sig === 0x04034b50 &&
      out.toString("utf8", at + 30, at + 30 + out.readUInt16LE(at + 26)) === name
    )
      out.writeUInt32LE(declared, at + 22);
    if (
      sig === 0x02014b50 &&
      out.toString("utf8", at + 46, at + 46 + out.readUInt16LE(at + 28)) === name
    )
      out.writeUInt32LE(declared, at + 24);
  }
  return out;
}

/** A PNG header that declares a `width`×`height` image (no pixel data follows). */
export function pngHeader(width: number, height: number): Uint8Array {
  const out = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(out, 0);
  out.writeUInt32BE(13, 8);
  out.write("IHDR", 12, "latin1");
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.set([8, 6, 0, 0, 0], 24);
  return new Uint8Array(out);
}
