import type { Metadata } from "next";
import { BareReactFlow } from "@/features/bench/bare-react-flow";

export const metadata: Metadata = {
  title: "Benchmark baseline · Layerwise",
  robots: { index: false },
};

const MAX_NODES = 5000;
const MAX_RESIZED = 10;

/** A query parameter as a whole number in 1..max; `fallback` when absent or not one. */
function positiveInt(value: string | string[] | undefined, fallback: number, max: number): number {
  const n = Number(value ?? fallback);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/**
 * /bench/bare-react-flow?n=300&resize=3: a plain React Flow canvas with n default nodes in a
 * chain, the baseline `npm run bench -w apps/web` compares the editor with; its width field
 * resizes `resize` consecutive nodes (default 1). No account, no data.
 */
export default async function BareReactFlowBenchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const count = positiveInt(params.n, 50, MAX_NODES);
  const resize = positiveInt(params.resize, 1, MAX_RESIZED);
  // Keyed by n: a new count starts a new canvas instead of keeping the old state.
  return <BareReactFlow key={count} count={count} resize={resize} />;
}
