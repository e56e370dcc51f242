// A circular layout for the network picture: the best-connected organisation in the middle,
// the others on an ellipse, ordered so that related organisations sit next to each other.
import type { Network, RelationKind } from '../api/client';

export interface Geometry {
  width: number;
  height: number;
  rx: number;
  ry: number;
  fontSize: number;
}

/** Landscape for wide screens, portrait for phones, so labels stay legible. */
export const WIDE: Geometry = { width: 900, height: 600, rx: 330, ry: 225, fontSize: 16 };
export const TALL: Geometry = { width: 420, height: 820, rx: 118, ry: 330, fontSize: 15 };

export interface PlacedNode {
  id: string;
  name: string;
  lines: string[];
  hub: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedEdge {
  source: string;
  target: string;
  kind: RelationKind;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const PADDING = 10;
const LINE_HEIGHT = 1.25;
const CHAR_WIDTH = 0.6;

/** Breaks a label into lines of at most `max` characters where spaces allow. */
export function wrapLabel(text: string, max = 16): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && (last + ' ' + word).length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * The hub (most relations) and the ring order: depth-first walks over the other relations,
 * each starting at an end of a chain, so that related organisations become neighbours.
 */
export function ringOrder(network: Network): { hub: string | undefined; ring: string[] } {
  const degree = (id: string, edges = network.edges) =>
    edges.filter((e) => e.source === id || e.target === id).length;
  const hub = [...network.nodes].sort((a, b) => degree(b.id) - degree(a.id))[0]?.id;
  const ringEdges = network.edges.filter((e) => e.source !== hub && e.target !== hub);
  const ends = (id: string) => degree(id, ringEdges) || Infinity;
  const byEnds = (ids: string[]) => [...ids].sort((a, b) => ends(a) - ends(b));
  const neighbours = (id: string) =>
    byEnds(ringEdges.flatMap((e) => (e.source === id ? [e.target] : e.target === id ? [e.source] : [])));

  const ring: string[] = [];
  const visit = (id: string) => {
    if (ring.includes(id)) return;
    ring.push(id);
    neighbours(id).forEach(visit);
  };
  byEnds(network.nodes.map((n) => n.id).filter((id) => id !== hub)).forEach(visit);
  return { hub, ring };
}

/** Where the segment from the centre of a box towards (dx, dy) leaves the box. */
function border(node: PlacedNode, dx: number, dy: number, gap: number): [number, number] {
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  const t = Math.min(Math.abs(ux) > 1e-9 ? node.w / 2 / Math.abs(ux) : Infinity, Math.abs(uy) > 1e-9 ? node.h / 2 / Math.abs(uy) : Infinity);
  return [node.x + ux * (t + gap), node.y + uy * (t + gap)];
}

export function layoutNetwork(network: Network, g: Geometry): { nodes: PlacedNode[]; edges: PlacedEdge[] } {
  const { hub, ring } = ringOrder(network);
  const cx = g.width / 2;
  const cy = g.height / 2;
  const box = (id: string, x: number, y: number): PlacedNode => {
    const node = network.nodes.find((n) => n.id === id)!;
    const lines = wrapLabel(node.short_name ?? node.name);
    const w = Math.max(...lines.map((l) => l.length)) * g.fontSize * CHAR_WIDTH + 2 * PADDING;
    const h = lines.length * g.fontSize * LINE_HEIGHT + 2 * PADDING;
    const clamp = (v: number, half: number, max: number) => Math.min(Math.max(v, half + 2), max - half - 2);
    return { id, name: node.name, lines, hub: id === hub, x: clamp(x, w / 2, g.width), y: clamp(y, h / 2, g.height), w, h };
  };

  const nodes = ring.map((id, i) => {
    const angle = (2 * Math.PI * i) / ring.length;
    return box(id, cx + g.rx * Math.sin(angle), cy - g.ry * Math.cos(angle));
  });
  if (hub) nodes.push(box(hub, cx, cy));

  const at = new Map(nodes.map((n) => [n.id, n]));
  const pairKey = (a: string, b: string) => [a, b].sort().join(' ');
  const pairs = new Map<string, number>();
  const edges = network.edges.flatMap((edge) => {
    const from = at.get(edge.source);
    const to = at.get(edge.target);
    if (!from || !to) return [];
    // Several relations between one pair run side by side.
    const key = pairKey(edge.source, edge.target);
    const index = pairs.get(key) ?? 0;
    pairs.set(key, index + 1);
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const length = Math.hypot(dx, dy) || 1;
    const shift = index * 8;
    const [x1, y1] = border(from, dx, dy, 2);
    const [x2, y2] = border(to, -dx, -dy, 4);
    return [
      {
        source: edge.source,
        target: edge.target,
        kind: edge.kind,
        x1: x1 - (dy / length) * shift,
        y1: y1 + (dx / length) * shift,
        x2: x2 - (dy / length) * shift,
        y2: y2 + (dx / length) * shift,
      },
    ];
  });
  return { nodes, edges };
}
