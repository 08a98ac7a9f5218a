import type { Metadata } from "next";
import { PlaygroundClient } from "@/features/editor/playground-client";

export const metadata: Metadata = {
  title: "Playground · Layerwise",
  description: "Design a deep-learning model as a live graph, in your browser, without an account.",
};

/** /playground: the editor with the model kept in this browser. */
export default function PlaygroundPage() {
  return (
    <main className="h-screen">
      <PlaygroundClient />
    </main>
  );
}
