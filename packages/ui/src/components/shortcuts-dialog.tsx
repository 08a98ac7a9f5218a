import { Kbd } from "../primitives/kbd";

/** A modal list of keyboard shortcuts; clicking outside or Close dismisses it. */
export function ShortcutsDialog({
  title = "Keyboard shortcuts",
  shortcuts,
  onClose,
}: {
  title?: string;
  shortcuts: readonly (readonly [string, string])[];
  onClose: () => void;
}) {
  return (
    <div
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/40"
      onClick={onClose}
      role="dialog"
      aria-label={title}
    >
      <div
        className="w-[28rem] rounded-lg bg-white p-4 shadow-xl dark:bg-slate-900"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 className="mb-2 text-sm font-semibold">{title}</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {shortcuts.map(([keys, what]) => (
            <div key={keys} className="contents">
              <dt>
                <Kbd>{keys}</Kbd>
              </dt>
              <dd className="text-slate-600 dark:text-slate-300">{what}</dd>
            </div>
          ))}
        </dl>
        <button
          type="button"
          onClick={onClose}
          className="mt-3 rounded bg-slate-100 px-2 py-1 text-xs dark:bg-slate-800"
        >
          Close
        </button>
      </div>
    </div>
  );
}
