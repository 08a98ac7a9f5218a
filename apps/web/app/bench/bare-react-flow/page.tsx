import type { Metadata } from "next";
import { BareReactFlow } from "@/features/bench/bare-react-flow";

export const metadata: Metadata = {
  title: "Benchmark baseline · Layerwise",
  robots: { index: false },
};

const MAX_NODES = 5000;
const MAX_RESIZED = 10;

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
  const raw = Number(params.n ?? 50);
  const count = Number.isInteger(raw) && raw > 0 ? Math.min(raw, MAX_NODES) : 50;
  const rawResize = Number(params.resize ?? 1);
  const resize =
    Number.isInteger(rawResize) && rawResize > 0 ? Math.min(rawResize, MAX_RESIZED) : 1;
  // Keyed by n: a new count starts a new canvas instead of keeping the old state.
  return <BareReactFlow key={count} count={count} resize={resize} />;
}
