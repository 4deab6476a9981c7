import type { DataFrame, Field } from '@grafana/data';

export interface TaskNode {
  id: string;
  title: string;
  subtitle: string;
  state: string;
  /** A Grafana palette colour name for the state. */
  color: string;
  /** The latest attempt's duration in ms, when finished. */
  durationMs: number | null;
}

export interface TaskEdge {
  source: string;
  target: string;
}

export interface PlacedNode extends TaskNode {
  x: number;
  y: number;
}

export interface DagLayout {
  nodes: PlacedNode[];
  edges: Array<TaskEdge & { path: string }>;
  width: number;
  height: number;
}

export const NODE = { width: 180, height: 56, gapX: 64, gapY: 20 };

const values = (frame: DataFrame | undefined, name: string): unknown[] => [
  ...(frame?.fields.find((f) => f.name === name)?.values ?? []),
];

/**
 * Reads the node graph frames of a run (nodes and edges, as the data source's runGraph list
 * returns them); a node's colour is that of the arc__ field set to 1 for it.
 */
export function graphFromFrames(series: DataFrame[]): { nodes: TaskNode[]; edges: TaskEdge[] } {
  const nodesFrame = series.find((f) => f.name === 'nodes');
  const edgesFrame = series.find((f) => f.name === 'edges');
  const arcs = (nodesFrame?.fields ?? []).filter((f) => f.name.startsWith('arc__'));
  const colorAt = (i: number) => {
    const arc: Field | undefined = arcs.find((f) => f.values[i] === 1);
    return (arc?.config.color?.fixedColor as string | undefined) ?? 'text';
  };
  const ids = values(nodesFrame, 'id') as string[];
  const titles = values(nodesFrame, 'title');
  const subtitles = values(nodesFrame, 'subtitle');
  const states = values(nodesFrame, 'mainstat');
  const durations = values(nodesFrame, 'secondarystat');
  const targets = values(edgesFrame, 'target');
  return {
    nodes: ids.map((id, i) => ({
      id,
      title: String(titles[i] ?? id),
      subtitle: String(subtitles[i] ?? ''),
      state: String(states[i] ?? ''),
      color: colorAt(i),
      durationMs: (durations[i] as number | null) ?? null,
    })),
    edges: (values(edgesFrame, 'source') as string[]).map((source, i) => ({ source, target: String(targets[i]) })),
  };
}

/**
 * Lays a DAG out left to right: each node's column is its longest path from a root, so every
 * edge points right; nodes keep their order within a column. Nodes on a cycle (which a DAG
 * should not have) go after the rest rather than looping.
 */
export function layoutDag(nodes: TaskNode[], edges: TaskEdge[]): DagLayout {
  const known = new Set(nodes.map((n) => n.id));
  const valid = edges.filter((e) => known.has(e.source) && known.has(e.target));
  const incoming = new Map(nodes.map((n) => [n.id, 0]));
  valid.forEach((e) => incoming.set(e.target, incoming.get(e.target)! + 1));
  const column = new Map<string, number>();
  const queue = nodes.filter((n) => incoming.get(n.id) === 0).map((n) => n.id);
  queue.forEach((id) => column.set(id, 0));
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of valid.filter((edge) => edge.source === id)) {
      column.set(e.target, Math.max(column.get(e.target) ?? 0, column.get(id)! + 1));
      incoming.set(e.target, incoming.get(e.target)! - 1);
      if (incoming.get(e.target) === 0) {
        queue.push(e.target);
      }
    }
  }
  const lastColumn = Math.max(-1, ...column.values());
  const rows = new Map<number, number>();
  const placed = nodes.map((node) => {
    const col = incoming.get(node.id)! > 0 ? lastColumn + 1 : column.get(node.id)!;
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    return { ...node, x: col * (NODE.width + NODE.gapX), y: row * (NODE.height + NODE.gapY) };
  });
  const at = new Map(placed.map((n) => [n.id, n]));
  return {
    nodes: placed,
    edges: valid.map((e) => {
      const from = at.get(e.source)!;
      const to = at.get(e.target)!;
      const [x1, y1] = [from.x + NODE.width, from.y + NODE.height / 2];
      const [x2, y2] = [to.x, to.y + NODE.height / 2];
      const bend = Math.max(24, (x2 - x1) / 2);
      return { ...e, path: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}` };
    }),
    width: Math.max(0, ...placed.map((n) => n.x + NODE.width)),
    height: Math.max(0, ...placed.map((n) => n.y + NODE.height)),
  };
}
