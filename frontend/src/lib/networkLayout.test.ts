import type { Network } from '../api/client';
import { layoutNetwork, ringOrder, TALL, WIDE, wrapLabel } from './networkLayout';

const node = (id: string, short_name: string | null = id.toUpperCase()) => ({ id, name: `Name of ${id}`, short_name, kind: 'ministry' as const });
const NETWORK: Network = {
  nodes: ['aktion-neustart', 'beraten', 'kip-ni', 'lka-ni', 'pmk', 'mi', 'mj', 'ms', 'nfv'].map((id) => node(id)),
  edges: [
    { source: 'mi', target: 'kip-ni', kind: 'member_of' },
    { source: 'lka-ni', target: 'kip-ni', kind: 'member_of' },
    { source: 'pmk', target: 'kip-ni', kind: 'member_of' },
    { source: 'ms', target: 'kip-ni', kind: 'member_of' },
    { source: 'mj', target: 'kip-ni', kind: 'member_of' },
    { source: 'lka-ni', target: 'mi', kind: 'part_of' },
    { source: 'nfv', target: 'mi', kind: 'part_of' },
    { source: 'pmk', target: 'lka-ni', kind: 'part_of' },
    { source: 'nfv', target: 'aktion-neustart', kind: 'runs' },
    { source: 'ms', target: 'beraten', kind: 'funds' },
    { source: 'aktion-neustart', target: 'kip-ni', kind: 'integrated_in' },
    { source: 'beraten', target: 'kip-ni', kind: 'integrated_in' },
  ],
};

describe('ringOrder', () => {
  it('puts the best-connected organisation in the middle and neighbours next to each other', () => {
    const { hub, ring } = ringOrder(NETWORK);
    expect(hub).toBe('kip-ni');
    expect(ring).toHaveLength(8);
    const adjacent = (a: string, b: string) => Math.abs(ring.indexOf(a) - ring.indexOf(b)) === 1;
    for (const edge of NETWORK.edges.filter((e) => e.target !== 'kip-ni')) {
      expect(adjacent(edge.source, edge.target), `${edge.source} next to ${edge.target}`).toBe(true);
    }
  });
});

describe('layoutNetwork', () => {
  it.each([
    ['wide', WIDE],
    ['tall', TALL],
  ])('keeps every box inside the %s picture without overlaps', (_, geometry) => {
    const { nodes, edges } = layoutNetwork(NETWORK, geometry);
    expect(edges).toHaveLength(NETWORK.edges.length);
    for (const n of nodes) {
      expect(n.x - n.w / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + n.w / 2).toBeLessThanOrEqual(geometry.width);
      expect(n.y - n.h / 2).toBeGreaterThanOrEqual(0);
      expect(n.y + n.h / 2).toBeLessThanOrEqual(geometry.height);
    }
    for (const a of nodes) {
      for (const b of nodes) {
        if (a === b) continue;
        const apart = Math.abs(a.x - b.x) >= (a.w + b.w) / 2 || Math.abs(a.y - b.y) >= (a.h + b.h) / 2;
        expect(apart, `${a.id} and ${b.id} do not overlap`).toBe(true);
      }
    }
  });
});

describe('wrapLabel', () => {
  it('breaks long labels at spaces', () => {
    expect(wrapLabel('LKA NI – Präventionsstelle PMK')).toEqual(['LKA NI –', 'Präventionsstelle', 'PMK']);
    expect(wrapLabel('KIP NI')).toEqual(['KIP NI']);
  });
});
