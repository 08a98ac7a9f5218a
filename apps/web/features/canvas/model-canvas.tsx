"use client";

import { FAMILY_COLORS, UNKNOWN_COLOR } from "@layerwise/graph-core";
import { LOCAL_ORIGIN, connect, disconnect, moveNodes, removeNodes } from "@layerwise/model-doc";
import {
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  type OnDelete,
} from "@xyflow/react";
import { useCallback, useEffect, useRef, useState, type DragEvent } from "react";
import { addLayer, edgeEndpoints } from "../editor/editor-actions";
import { useEditor, useEditorContext } from "../editor/editor-context";
import { CanvasGrid, CanvasLegend, RowLabels, ZoomVariables } from "./canvas-overlays";
import { RECONNECT_RADIUS } from "./edge-routes";
import { LayerNode } from "./layer-node";
import { handlePort, type TLayerNode } from "./layer-node-data";
import { RoutedEdge } from "./routed-edge";
import { spliceTarget } from "./splice";

/** Registered once, outside render: a new object here would remount every node. */
const NODE_TYPES = { layer: LayerNode };
const EDGE_TYPES = { routed: RoutedEdge };
/** MIME type the palette puts on drag events. */
export const LAYER_DRAG_TYPE = "application/x-layerwise-layer";
const FIT_OPTIONS = { padding: 0.15, duration: 300 };
const PRO_OPTIONS = { hideAttribution: true };
/** A constant: a new array on each render is a changed prop, and React Flow re-renders its graph view. */
const DELETE_KEYS = ["Delete", "Backspace"];
/**
 * From this many layers React Flow mounts only the nodes and edges in view. Below it the check
 * costs more than it saves: it re-tests every node and edge on each store update (several per
 * edit) and at fit view every layer is in view anyway (measured with `npm run bench -w apps/web`).
 */
const VISIBLE_ONLY_FROM = 1500;
/** Up to this many layers the minimap is shown unless hidden (see `miniMapChoice`). */
const MINIMAP_UP_TO = 150;

function miniMapColor(node: Node): string {
  const data = (node as TLayerNode).data;
  return (
    data?.visual?.fill ?? (data?.visual?.family ? FAMILY_COLORS[data.visual.family] : UNKNOWN_COLOR)
  );
}

/**
 * The React Flow canvas. Only this component subscribes to the whole node array (React Flow
 * needs it); every callback is stable and reads the store when called, so nodes never re-render
 * because a handler changed.
 */
export function ModelCanvas({ animate, dark }: { animate: boolean; dark: boolean }) {
  const { store, readOnly } = useEditorContext();
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const fitRequest = useEditor((s) => s.fitRequest);
  const alignment = useEditor((s) => s.meta.alignment);
  const flow = useReactFlow();
  const host = useRef<HTMLDivElement>(null);
  // Unset: shown for models up to MINIMAP_UP_TO layers. The minimap re-measures every node's
  // bounds on each store update (every edit and every pan frame), the largest cost the editor
  // adds over a bare canvas; on a large model it also covers the most. One click shows it.
  const [miniMapChoice, setShowMiniMap] = useState<boolean | null>(null);
  const showMiniMap = miniMapChoice ?? nodes.length <= MINIMAP_UP_TO;

  useEffect(() => {
    if (fitRequest > 0) requestAnimationFrame(() => void flow.fitView(FIT_OPTIONS));
  }, [fitRequest, flow]);

  const onNodesChange = useCallback(
    (changes: NodeChange<TLayerNode>[]) => {
      // Removal goes through onDelete → the Y.Doc; everything else here is view-local state.
      const local = changes.filter((c) => c.type !== "remove");
      if (local.length) store.setLocalNodes(applyNodeChanges(local, store.getState().nodes));
    },
    [store],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const local = changes.filter((c) => c.type === "select");
      if (local.length) store.setLocalEdges(applyEdgeChanges(local, store.getState().edges));
    },
    [store],
  );
  const onConnect = useCallback(
    (c: Connection) => {
      store.undo.stopCapturing();
      connect(store.ydoc, {
        source: c.source,
        target: c.target,
        port: handlePort(c.targetHandle),
      });
    },
    [store],
  );
  const onReconnect = useCallback(
    (old: Edge, c: Connection) => {
      store.undo.stopCapturing();
      // One transaction: shapes downstream update once, and undo restores the old edge.
      store.ydoc.transact(() => {
        disconnect(store.ydoc, [edgeEndpoints(store, old)]);
        connect(store.ydoc, {
          source: c.source,
          target: c.target,
          port: handlePort(c.targetHandle),
        });
      }, LOCAL_ORIGIN);
    },
    [store],
  );
  const onDelete: OnDelete<TLayerNode, Edge> = useCallback(
    ({ nodes: gone, edges: goneEdges }) => {
      const ids = new Set(gone.map((n) => n.id));
      // Structural edits are undo steps of their own, never merged with a preceding edit.
      store.undo.stopCapturing();
      store.ydoc.transact(() => {
        const loose = goneEdges.filter((e) => !ids.has(e.source) && !ids.has(e.target));
        if (loose.length)
          disconnect(
            store.ydoc,
            loose.map((e) => edgeEndpoints(store, e)),
          );
        if (ids.size) removeNodes(store.ydoc, [...ids], { heal: true });
        // The outer transaction's origin is the one recorded: it must be the undoable one.
      }, LOCAL_ORIGIN);
    },
    [store],
  );
  const onNodeDragStop = useCallback(
    (_e: unknown, _n: TLayerNode, dragged: TLayerNode[]) => {
      moveNodes(
        store.ydoc,
        new Map(
          dragged.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]),
        ),
      );
    },
    [store],
  );
  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(LAYER_DRAG_TYPE)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    }
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(LAYER_DRAG_TYPE);
      if (!type || readOnly) return;
      e.preventDefault();
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // Dropped on an edge: spliced into it, so the picture never shows a layer that only looks
      // connected.
      addLayer(store, type, at, spliceTarget(store, e.clientX, e.clientY));
    },
    [store, flow, readOnly],
  );

  return (
    <div
      ref={host}
      className={`lw-canvas h-full w-full ${animate ? "lw-animate" : ""}`}
      onDragOver={onDragOver}
      onDrop={onDrop}
      data-testid="canvas"
    >
      <ReactFlow<TLayerNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onReconnect={readOnly ? undefined : onReconnect}
        reconnectRadius={RECONNECT_RADIUS}
        onDelete={onDelete}
        onNodeDragStop={onNodeDragStop}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_FROM}
        minZoom={0.05}
        fitView
        fitViewOptions={FIT_OPTIONS}
        proOptions={PRO_OPTIONS}
        colorMode={dark ? "dark" : "light"}
      >
        <CanvasGrid />
        <ZoomVariables host={host} />
        {alignment === "unet" ? <RowLabels /> : null}
        <CanvasLegend />
        {showMiniMap ? <MiniMap nodeColor={miniMapColor} pannable zoomable /> : null}
        <Controls showInteractive={false} fitViewOptions={FIT_OPTIONS}>
          <ControlButton
            onClick={() => setShowMiniMap(!showMiniMap)}
            title={showMiniMap ? "Hide the minimap" : "Show the minimap"}
            aria-label={showMiniMap ? "Hide the minimap" : "Show the minimap"}
            aria-pressed={showMiniMap}
            data-testid="toggle-minimap"
          >
            <span aria-hidden className="text-[10px] font-bold">
              ▣
            </span>
          </ControlButton>
        </Controls>
      </ReactFlow>
    </div>
  );
}
