import type { Metadata } from "next";
import { BareReactFlow } from "@/features/bench/bare-react-flow";

export const metadata: Metadata = {
  title: "Benchmark baseline · Layerwise",
  robots: { index: false },
};

const MAX_NODES = 5000;

/**
 * /bench/bare-react-flow?n=300: a plain React Flow canvas with n default nodes in a chain, the
 * baseline `npm run bench -w apps/web` compares the editor with. No account, no data.
 */
export default async function BareReactFlowBenchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = Number((await searchParams).n ?? 50);
  const count = Number.isInteger(raw) && raw > 0 ? Math.min(raw, MAX_NODES) : 50;
  // Keyed by n: a new count starts a new canvas instead of keeping the old state.
  return <BareReactFlow key={count} count={count} />;
}
