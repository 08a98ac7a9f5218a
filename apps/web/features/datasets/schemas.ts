import { z } from "zod";

/** The upload form's text fields. */
export const ZDatasetUploadFields = z.object({
  name: z
    .string({ error: "name is required" })
    .trim()
    .min(1, "name must not be empty")
    .max(100, "name must be at most 100 characters"),
});

/** Largest zip accepted (bytes). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

/** A dataset as the API and the pages show it. */
export interface TDatasetDto {
  id: string;
  name: string;
  description: string;
  task: "binary-segmentation" | "multiclass-segmentation" | "classification";
  source: "builtin" | "upload";
  teamId: string | null;
  count: number;
  trainCount: number;
  valCount: number;
  sampleShape: [number, number, number];
  classes: string[];
  /** Sizes and class balance (null for a built-in not generated yet). */
  stats: TDatasetStatsDto | null;
  sizeBytes: number | null;
  /** False for a built-in that a worker has not generated yet (it is generated on first use). */
  isReady: boolean;
  createdAt: string | null;
}

export interface TDatasetStatsDto {
  width: number;
  height: number;
  channels: number;
  formats: Record<string, number>;
  classBalance: { name: string; count: number; fraction: number }[];
}
