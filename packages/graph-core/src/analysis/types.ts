import type { TShape } from "../graph/types";

/** Stable diagnostic codes (ARCHITECTURE.md, "Diagnostics"). Add codes; never rename one. */
export type TDiagnosticCode =
  | "shape-mismatch"
  | "invalid-param"
  | "empty-output"
  | "rank-mismatch"
  | "missing-input"
  | "too-many-inputs"
  | "cycle"
  | "unreachable"
  | "layer-order"
  | "no-output"
  | "unknown-type"
  | "duplicate-id"
  | "dangling-edge"
  | "bias-before-norm"
  | "double-activation"
  | "odd-pool-drop"
  | "size-cannot-meet"
  | "task-mismatch"
  | "dtype-mismatch"
  | "unsupported-op"
  /** Warning: torch reads the batch dimension as a sequence (time) dim, mixing the samples. */
  | "batch-mixing"
  /** Warning: a BatchNorm sees one value per channel per sample, so a batch of 1 fails in training. */
  | "batchnorm-single-value"
  /** Warning: Dropout right before a BatchNorm shifts the variance the norm learns. */
  | "dropout-before-norm"
  /** Warning: the parameters (with gradients and optimiser state) exceed the device memory. */
  | "too-many-params"
  /** Warning: one sample's activations exceed the device memory. */
  | "activation-memory";

export type TSeverity = "error" | "warning" | "info";

export interface TDiagnostic {
  code: TDiagnosticCode;
  severity: TSeverity;
  node?: string;
  message: string;
  hint?: string;
}

/** What analysis knows about one node. */
export interface TNodeAnalysis {
  /** Output shape without batch dimension; `null` when unknown (e.g. downstream of an error). */
  shape: TShape | null;
  /** Exact trainable + buffer-free parameter count, as `sum(p.numel() for p in m.parameters())`. */
  params: number;
  /** Multiply-accumulate estimate for one sample. */
  macs: number;
  /** Bytes of the output activation for one sample (float32). */
  activationBytes: number;
  diagnostics: TDiagnostic[];
  /** Present (as `"long"`) only for integer-index tensors; absent means float. */
  dtype?: "long";
}

export interface TAnalysis {
  /** Per node id, in document order. Read-only: an analysis is a snapshot shared by later edits. */
  nodes: ReadonlyMap<string, TNodeAnalysis>;
  /** Graph-level diagnostics (no `node`), e.g. `no-output`. */
  diagnostics: TDiagnostic[];
  /** Node ids in a deterministic topological order (nodes on cycles last, in document order). */
  order: string[];
  totalParams: number;
  totalMacs: number;
  errorCount: number;
  warningCount: number;
}
