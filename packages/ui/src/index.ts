/**
 * @layerwise/ui — presentational React components shared by the web app. No data fetching, no
 * editor state: everything comes in through props. Apps using it must let Tailwind scan this
 * package (`@source` in the app's CSS).
 */
export { Kbd } from "./primitives/kbd";
export { ShortcutsDialog } from "./components/shortcuts-dialog";
export { highlightPython } from "./components/highlight-python";
export { formatCount, formatInteger } from "./format/format-count";
