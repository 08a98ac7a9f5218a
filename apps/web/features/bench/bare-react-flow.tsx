"use client";

import {
  ReactFlow,
  ReactFlowProvider,
  applyNodeChanges,
  type Edge,
  type Node,
  type NodeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useState, type ChangeEvent } from "react";

/** Nodes per row: the chain folds into a block, about as wide as the editor's layouts. */
const PER_ROW = 40;

function initialNodes(n: number): Node[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `n_${i}`,
    position: { x: (i % PER_ROW) * 200, y: Math.floor(i / PER_ROW) * 120 },
    data: { label: `node ${i}` },
  }));
}

function initialEdges(n: number): Edge[] {
  return Array.from({ length: Math.max(0, n - 1) }, (_, i) => ({
    id: `e_${i}`,
    source: `n_${i}`,
    target: `n_${i + 1}`,
  }));
}

/**
 * The benchmark's baseline: React Flow as its documentation shows it — default nodes and edges,
 * controlled nodes updated with `applyNodeChanges`, nothing of ours. The input changes the width
 * of `resize` consecutive nodes from the target the way an app would (new node objects in a new
 * array), so the benchmark can time "edit → painted frame" here and in the editor the same way,
 * for the same change on screen.
 */
export function BareReactFlow({ count, resize = 1 }: { count: number; resize?: number }) {
  const [nodes, setNodes] = useState(() => initialNodes(count));
  const [edges] = useState(() => initialEdges(count));
  const [target, setTarget] = useState(`n_${Math.floor(count / 2)}`);
  const [width, setWidth] = useState("150");
  const onNodesChange = useCallback(
    (changes: NodeChange[]) => setNodes((nds) => applyNodeChanges(changes, nds)),
    [],
  );
  const onWidth = (e: ChangeEvent<HTMLInputElement>) => {
    const value = e.target.value;
    setWidth(value);
    const w = Number(value);
    if (!Number.isFinite(w) || w <= 0) return;
    setNodes((nds) => {
      const from = nds.findIndex((n) => n.id === target);
      if (from < 0) return nds;
      return nds.map((n, i) =>
        i >= from && i < from + resize ? { ...n, style: { width: w } } : n,
      );
    });
  };
  return (
    <div className="flex h-screen flex-col">
      <div className="flex gap-3 border-b p-2 text-sm">
        <span>Benchmark baseline: bare React Flow, {count} nodes</span>
        <label>
          node <input value={target} onChange={(e) => setTarget(e.target.value)} id="bench-node" />
        </label>
        <label>
          width <input value={width} onChange={onWidth} id="bench-width" type="number" />
        </label>
      </div>
      <div className="min-h-0 flex-1" data-testid="bare-canvas">
        <ReactFlowProvider>
          {/* minZoom as in the editor, so fit view shows every node in both canvases. */}
          <ReactFlow
            nodes={nodes}
            edges={edges}
            onNodesChange={onNodesChange}
            minZoom={0.05}
            fitView
          />
        </ReactFlowProvider>
      </div>
    </div>
  );
}
