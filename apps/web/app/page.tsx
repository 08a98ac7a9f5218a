export default function HomePage() {
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-6 py-20">
      <h1 className="text-4xl font-semibold tracking-tight">Layerwise</h1>
      <p className="text-lg text-slate-600 dark:text-slate-300">
        Design a deep-learning model as a live graph and see, while you design it, whether it is
        right: every layer shows its output shape, sizes and colours reveal the architecture, and
        structural mistakes light up on the graph before anything runs.
      </p>
    </main>
  );
}
