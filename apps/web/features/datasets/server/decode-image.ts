import "server-only";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import UTIF from "utif2";

/** A decoded image: 8-bit RGBA pixels, row-major. */
export interface TDecodedImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Limits that keep a decoder from allocating more than an image of this size needs. */
export interface TImageLimits {
  /** Longest side in pixels. */
  maxSide: number;
  /** Most pixels (width × height). */
  maxPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: TImageLimits = { maxSide: 4096, maxPixels: 4096 * 4096 };

export type TImageFormat = "png" | "jpeg" | "tiff";

/** A file that is not a decodable image of the accepted formats, or is too large. */
export class ImageDecodeError extends Error {}

/** The format from the file's magic bytes (the extension can lie), or null. */
export function sniffFormat(data: Uint8Array): TImageFormat | null {
  if (
    data.length >= 8 &&
    data[0] === 0x89 &&
    data[1] === 0x50 &&
    data[2] === 0x4e &&
    data[3] === 0x47
  )
    return "png";
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "jpeg";
  const head = String.fromCharCode(...data.subarray(0, 4));
  if (head === "II*\0" || head === "MM\0*") return "tiff";
  return null;
}

function checkSize(width: number, height: number, limits: TImageLimits): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new ImageDecodeError(`has an invalid size ${width}×${height}`);
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels)
    throw new ImageDecodeError(
      `is ${width}×${height} pixels, larger than the ${limits.maxSide}×${limits.maxSide} limit`,
    );
}

// The IHDR chunk always comes first: width and height are known before pngjs allocates.
function decodePng(data: Buffer, limits: TImageLimits): TDecodedImage {
  if (data.length < 24 || data.toString("latin1", 12, 16) !== "IHDR")
    throw new ImageDecodeError("is not a valid PNG (no IHDR header)");
  checkSize(data.readUInt32BE(16), data.readUInt32BE(20), limits);
  const png = PNG.sync.read(data);
  return { width: png.width, height: png.height, rgba: new Uint8Array(png.data) };
}

function decodeJpeg(data: Buffer, limits: TImageLimits): TDecodedImage {
  const image = jpeg.decode(data, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: limits.maxPixels / 1_000_000,
    maxMemoryUsageInMB: Math.ceil((limits.maxPixels * 8) / 1_000_000),
  });
  checkSize(image.width, image.height, limits);
  return { width: image.width, height: image.height, rgba: image.data };
}

function tagNumber(ifd: UTIF.IFD, tag: string): number {
  const value = ifd[tag];
  return Array.isArray(value) && typeof value[0] === "number" ? value[0] : NaN;
}

function decodeTiff(data: Buffer, limits: TImageLimits): TDecodedImage {
  const ifds = UTIF.decode(data);
  const ifd = ifds[0];
  if (!ifd) throw new ImageDecodeError("is a TIFF without an image");
  // Tags 256/257 are ImageWidth/ImageLength: checked before the pixel data is decompressed.
  checkSize(tagNumber(ifd, "t256"), tagNumber(ifd, "t257"), limits);
  UTIF.decodeImage(data, ifd);
  const rgba = UTIF.toRGBA8(ifd);
  if (rgba.length !== ifd.width * ifd.height * 4)
    throw new ImageDecodeError("is a TIFF whose pixel data could not be decoded");
  return { width: ifd.width, height: ifd.height, rgba };
}

/**
 * Decodes a PNG, JPEG or TIFF (by its magic bytes) with pure-JS decoders, refusing images over
 * `limits` before their pixels are allocated. Throws {@link ImageDecodeError} with a message
 * that completes "<file> …".
 */
export function decodeImage(
  data: Buffer,
  limits: TImageLimits = DEFAULT_IMAGE_LIMITS,
): TDecodedImage {
  const format = sniffFormat(data);
  if (format === null) throw new ImageDecodeError("is not a PNG, JPEG or TIFF image");
  try {
    if (format === "png") return decodePng(data, limits);
    if (format === "jpeg") return decodeJpeg(data, limits);
    return decodeTiff(data, limits);
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    if (/maxResolutionInMP|maxMemoryUsageInMB|memory/i.test(reason))
      throw new ImageDecodeError(`is larger than the ${limits.maxSide}×${limits.maxSide} limit`);
    throw new ImageDecodeError(`is a damaged ${format.toUpperCase()} file (${reason})`);
  }
}

/** True when every pixel is grey (R = G = B): the image has one channel of information. */
export function isGrey(image: TDecodedImage): boolean {
  const { rgba } = image;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  }
  return true;
}

/** Encodes pixels as an 8-bit PNG: grey (1 channel, from R) or RGB (3 channels; alpha dropped). */
export function encodePng(image: TDecodedImage, channels: 1 | 3): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.rgba.buffer, image.rgba.byteOffset, image.rgba.byteLength);
  return PNG.sync.write(png, { colorType: channels === 1 ? 0 : 2, inputColorType: 6 });
}

/** One 8-bit channel (the R of RGBA) — the values of a grey mask. */
export function greyValues(image: TDecodedImage): Uint8Array {
  const out = new Uint8Array(image.width * image.height);
  for (let i = 0; i < out.length; i++) out[i] = image.rgba[i * 4]!;
  return out;
}

/** Encodes one 8-bit channel as a grey PNG (masks: 0/255 or class indices). */
export function encodeGreyPng(width: number, height: number, values: Uint8Array): Buffer {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  return encodePng({ width, height, rgba }, 1);
}
