/**
 * Sorts each node's run of a CSR input list by port, stably (edge order among equal ports):
 * the runs are `start[v] … start[v + 1] - 1`, `source` and `port` move together. Insertion sort,
 * since a node has few inputs. Shared by code generation and the layouts, whose lists differ only
 * in what a source is (an id, or a document position).
 */
export function sortRunsByPort<T>(
  start: Int32Array,
  source: { [k: number]: T },
  port: Float64Array,
): void {
  const n = start.length - 1;
  for (let v = 0; v < n; v++) {
    for (let k = start[v]! + 1; k < start[v + 1]!; k++) {
      const s = source[k]!;
      const p = port[k]!;
      let j = k - 1;
      for (; j >= start[v]! && port[j]! > p; j--) {
        source[j + 1] = source[j]!;
        port[j + 1] = port[j]!;
      }
      source[j + 1] = s;
      port[j + 1] = p;
    }
  }
}
