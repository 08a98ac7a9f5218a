"use client";

import { useEffect, useRef } from "react";

/** Overlay colours per class index (index 0, background, stays transparent). */
const PALETTE: [number, number, number][] = [
  [0, 0, 0],
  [255, 40, 120],
  [40, 200, 255],
  [255, 200, 0],
  [120, 255, 80],
  [180, 100, 255],
];

function colourMask(canvas: HTMLCanvasElement, mask: HTMLImageElement, binary: boolean): void {
  canvas.width = mask.naturalWidth;
  canvas.height = mask.naturalHeight;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.drawImage(mask, 0, 0);
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const d = pixels.data;
  for (let i = 0; i < d.length; i += 4) {
    const v = d[i]!;
    const cls = binary ? (v > 0 ? 1 : 0) : v;
    const [r, g, b] = PALETTE[cls % PALETTE.length]!;
    d[i] = r;
    d[i + 1] = g;
    d[i + 2] = b;
    d[i + 3] = cls === 0 ? 0 : 120;
  }
  ctx.putImageData(pixels, 0, 0);
}

/** One sample: the image, and its mask drawn over it in class colours. */
function SampleTile({
  src,
  maskSrc,
  binary,
  caption,
}: {
  src: string;
  maskSrc: string | null;
  binary: boolean;
  caption: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!maskSrc || !canvas.current) return;
    const img = new Image();
    img.onload = () => canvas.current && colourMask(canvas.current, img, binary);
    img.src = maskSrc;
  }, [maskSrc, binary]);
  return (
    <figure className="flex flex-col gap-1" data-testid="dataset-sample">
      <div className="relative aspect-square overflow-hidden rounded bg-slate-100 dark:bg-slate-800">
        <img
          src={src}
          alt={caption}
          className="absolute inset-0 h-full w-full object-cover [image-rendering:pixelated]"
        />
        {maskSrc && (
          <canvas
            ref={canvas}
            className="absolute inset-0 h-full w-full [image-rendering:pixelated]"
          />
        )}
      </div>
      <figcaption className="truncate text-xs text-slate-500">{caption}</figcaption>
    </figure>
  );
}

export interface TGridSample {
  name: string;
  split: "train" | "val";
  label?: string;
}

/** A grid of samples with masks overlaid (segmentation) or their class (classification). */
export function SampleGrid({
  datasetId,
  samples,
  task,
}: {
  datasetId: string;
  samples: TGridSample[];
  task: string;
}) {
  const base = `/api/datasets/${encodeURIComponent(datasetId)}/samples`;
  const segmentation = task !== "classification";
  return (
    <div className="grid grid-cols-3 gap-3 sm:grid-cols-4 lg:grid-cols-6">
      {samples.map((s) => (
        <SampleTile
          key={s.name}
          src={`${base}/${s.name}.png?kind=image`}
          maskSrc={segmentation ? `${base}/${s.name}.png?kind=mask` : null}
          binary={task === "binary-segmentation"}
          caption={`${s.label ?? s.name} · ${s.split}`}
        />
      ))}
    </div>
  );
}
