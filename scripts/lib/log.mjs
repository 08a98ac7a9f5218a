// Human progress output for the bootstrap scripts (the services themselves log JSON lines).
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = paint("1");
export const dim = paint("2");
export const red = paint("31");
export const green = paint("32");
export const yellow = paint("33");
export const cyan = paint("36");

let started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1).padStart(5);

/** Prints one step: "[  3.2s] ▸ Starting PostgreSQL…". */
export function step(message) {
  console.log(`${dim(`[${seconds()}s]`)} ${cyan("▸")} ${message}`);
}
export function done(message) {
  console.log(`${dim(`[${seconds()}s]`)} ${green("✓")} ${message}`);
}
export function warn(message) {
  console.log(`${dim(`[${seconds()}s]`)} ${yellow("!")} ${message}`);
}
export function resetClock() {
  started = Date.now();
}

/** An error the user can act on: printed without a stack trace. */
export class SetupError extends Error {
  constructor(message, fix) {
    super(message);
    this.fix = fix;
  }
}

/** Runs a script's main, turning SetupError into a clear message and exit code 1. */
export async function runMain(main) {
  try {
    await main();
  } catch (error) {
    if (error instanceof SetupError) {
      console.error(`\n${red(bold("✗ " + error.message))}`);
      if (error.fix) console.error(`\n${error.fix}\n`);
      process.exit(1);
    }
    throw error;
  }
}
