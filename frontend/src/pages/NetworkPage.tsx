import { Link } from 'react-router';
import type { Network, RelationKind } from '../api/client';
import { useNetwork } from '../api/queries';
import { Loading, LoadError } from '../components/QueryState';
import { useLang, usePaths, useTexts } from '../i18n/useLang';
import { layoutNetwork, TALL, WIDE } from '../lib/networkLayout';
import { useMediaQuery } from '../lib/useMediaQuery';
import { usePageTitle } from '../lib/usePageTitle';

/** Colour and dash pattern per relation: never colour alone. All reach 3:1 on white. */
const STYLES: Record<RelationKind, { color: string; dash?: string }> = {
  member_of: { color: '#00466e' },
  part_of: { color: '#4f5b66', dash: '8 5' },
  runs: { color: '#9a3a00', dash: '2 5' },
  funds: { color: '#6a2a8c', dash: '12 4 3 4' },
  integrated_in: { color: '#1d6b35', dash: '16 6' },
};
const KINDS = Object.keys(STYLES) as RelationKind[];

function Markers() {
  return (
    <defs>
      {KINDS.map((kind) => (
        <marker
          key={kind}
          id={`arrow-${kind}`}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" fill={STYLES[kind].color} />
        </marker>
      ))}
    </defs>
  );
}

function Picture({ network }: { network: Network }) {
  const t = useTexts();
  const wide = useMediaQuery('(min-width: 45em)');
  const geometry = wide ? WIDE : TALL;
  const { nodes, edges } = layoutNetwork(network, geometry);
  const lineHeight = geometry.fontSize * 1.25;
  return (
    <svg
      className="network"
      viewBox={`0 0 ${geometry.width} ${geometry.height}`}
      role="img"
      aria-label={t.network.figureLabel(network.nodes.length, network.edges.length)}
      style={{ maxWidth: geometry.width }}
    >
      <Markers />
      {edges.map((e) => (
        <line
          key={`${e.source}-${e.kind}-${e.target}`}
          x1={e.x1}
          y1={e.y1}
          x2={e.x2}
          y2={e.y2}
          stroke={STYLES[e.kind].color}
          strokeWidth={2.5}
          strokeDasharray={STYLES[e.kind].dash}
          strokeLinecap="round"
          markerEnd={`url(#arrow-${e.kind})`}
        />
      ))}
      {nodes.map((n) => (
        <g key={n.id} className={n.hub ? 'network__node network__node--hub' : 'network__node'}>
          <rect x={n.x - n.w / 2} y={n.y - n.h / 2} width={n.w} height={n.h} rx={8} />
          <text x={n.x} y={n.y - ((n.lines.length - 1) * lineHeight) / 2} fontSize={geometry.fontSize}>
            {n.lines.map((line, i) => (
              <tspan key={line} x={n.x} dy={i === 0 ? '0.35em' : lineHeight}>
                {line}
              </tspan>
            ))}
          </text>
        </g>
      ))}
    </svg>
  );
}

function Legend() {
  const t = useTexts();
  return (
    <ul className="legend">
      {KINDS.map((kind) => (
        <li key={kind}>
          <svg width="56" height="14" viewBox="0 0 56 14" aria-hidden="true" focusable="false">
            <line
              x1="2"
              y1="7"
              x2="50"
              y2="7"
              stroke={STYLES[kind].color}
              strokeWidth="2.5"
              strokeDasharray={STYLES[kind].dash}
              strokeLinecap="round"
              markerEnd={`url(#arrow-${kind})`}
            />
          </svg>
          <span>
            A <span aria-hidden="true">→</span> B: A {t.relations[kind].verb} B
          </span>
        </li>
      ))}
    </ul>
  );
}

function FactList({ network }: { network: Network }) {
  const t = useTexts();
  const to = usePaths();
  const name = (id: string) => network.nodes.find((n) => n.id === id)?.name ?? id;
  const sorted = [...network.edges].sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
  return (
    <ul className="fact-list">
      {sorted.map((e) => (
        <li key={`${e.source}-${e.kind}-${e.target}`}>
          <Link to={to('organisation', { slug: e.source })}>{name(e.source)}</Link> {t.relations[e.kind].verb}{' '}
          <Link to={to('organisation', { slug: e.target })}>{name(e.target)}</Link>
        </li>
      ))}
    </ul>
  );
}

export default function NetworkPage() {
  const t = useTexts();
  const query = useNetwork(useLang());
  usePageTitle(t.network.title);
  return (
    <>
      <h1>{t.network.title}</h1>
      <p className="lead">{t.network.intro}</p>
      {query.isPending && <Loading />}
      {query.isError && <LoadError error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && (
        <>
          <figure className="network-figure">
            <Picture network={query.data} />
          </figure>
          <section aria-labelledby="legend-title" className="section">
            <h2 id="legend-title">{t.network.legend}</h2>
            <Legend />
          </section>
          <section aria-labelledby="facts-title" className="section">
            <h2 id="facts-title">{t.network.listTitle}</h2>
            <FactList network={query.data} />
          </section>
        </>
      )}
    </>
  );
}
