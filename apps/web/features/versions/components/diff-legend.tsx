/** The key of a structural diff picture: how added, removed and changed layers are outlined. */
export function DiffLegend() {
  return (
    <p className="flex flex-wrap gap-4 text-sm">
      <span>
        <span className="mr-1 inline-block h-3 w-3 rounded-sm border-2 border-green-600 bg-green-200" />
        added
      </span>
      <span>
        <span className="mr-1 inline-block h-3 w-3 rounded-sm border-2 border-red-600 bg-red-200" />
        removed
      </span>
      <span>
        <span className="mr-1 inline-block h-3 w-3 rounded-sm border-2 border-amber-500" />
        changed
      </span>
    </p>
  );
}
