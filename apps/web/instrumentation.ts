/**
 * Runs once when the Next.js server starts. The Node-only work lives in its own module so the
 * Edge bundle never sees `process.exit`.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { validateEnvAtStart } = await import("./instrumentation-node");
    validateEnvAtStart();
  }
}
