import type { ReactNode } from "react";
import { ModelPicture } from "@/features/projects/components/model-picture";
import type { TModelGeometry } from "@/features/projects/model-geometry";

/** One side of a structural diff: a model's picture with its changes marked, and a caption. */
export interface TDiffSide {
  key: string;
  testId: string;
  caption: ReactNode;
  /** The picture's accessible name. */
  title: string;
  geometry: TModelGeometry;
}

const aspect = (g: TModelGeometry) => g.viewBox.width / Math.max(1, g.viewBox.height);

/**
 * Two models side by side with graph-core's added / removed / changed layers marked — the version
 * comparison and the run comparison draw the same picture. Wide models (a U-Net laid out left to
 * right) get the full width each, one above the other, at their own aspect ratio; tall or square
 * ones stand side by side. `nested` is the lighter frame for a figure inside another card.
 */
export function DiffFigures({ sides, nested = false }: { sides: TDiffSide[]; nested?: boolean }) {
  const wide = Math.max(...sides.map((s) => aspect(s.geometry))) > 2;
  const height = nested ? "24rem" : "28rem";
  return (
    <div className={`grid gap-4 ${wide ? "" : "lg:grid-cols-2"}`}>
      {sides.map((s) => (
        <figure
          key={s.key}
          data-testid={s.testId}
          className={
            nested
              ? "flex flex-col gap-2 rounded bg-white p-2 dark:bg-slate-900"
              : "flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
          }
        >
          <figcaption className="text-sm">{s.caption}</figcaption>
          <div
            className="w-full bg-slate-50 dark:bg-slate-950"
            style={{
              maxHeight: height,
              aspectRatio: wide ? aspect(s.geometry) : undefined,
              height: wide ? undefined : height,
            }}
          >
            <ModelPicture geometry={s.geometry} labels className="h-full w-full" title={s.title} />
          </div>
        </figure>
      ))}
    </div>
  );
}
