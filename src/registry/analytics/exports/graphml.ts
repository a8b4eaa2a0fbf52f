// GraphML (graphml.graphdrawing.org): typed keys for node and edge attributes; read by Gephi,
// yEd, Cytoscape, networkx and igraph.
import type { GraphScope } from '../graph-scope';
import { attributes, xml } from './xml';
import type { ExportEdge, ExportNode } from './export-model';

type KeyType = 'string' | 'boolean' | 'int';

const NODE_KEYS: [keyof ExportNode, KeyType][] = [
  ['label', 'string'],
  ['type', 'string'],
  ['sector', 'string'],
  ['voivodeship', 'string'],
  ['municipality', 'string'],
  ['pilot', 'boolean'],
  ['synthetic', 'boolean'],
  ['start', 'string'],
  ['end', 'string'],
];
const EDGE_KEYS: [keyof ExportEdge, KeyType][] = [
  ['weight', 'int'],
  ['kind', 'string'],
  ['areas', 'string'],
  ['partnerships', 'string'],
  ['start', 'string'],
  ['end', 'string'],
];

const data = (prefix: string, name: string, value: unknown): string =>
  value === null || value === undefined ? '' : `<data key="${prefix}_${name}">${xml(value as string)}</data>`;

export function toGraphml(graph: { nodes: ExportNode[]; edges: ExportEdge[] }, scope: GraphScope): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    `  <desc>${xml(describe(scope))}</desc>`,
    ...NODE_KEYS.map(([name, type]) => `  <key${attributes({ id: `n_${name}`, for: 'node', 'attr.name': name, 'attr.type': type })}/>`),
    ...EDGE_KEYS.map(([name, type]) => `  <key${attributes({ id: `e_${name}`, for: 'edge', 'attr.name': name, 'attr.type': type })}/>`),
    '  <graph id="cooperation" edgedefault="undirected">',
  ];
  for (const n of graph.nodes) out.push(`    <node id="${xml(n.id)}">${NODE_KEYS.map(([k]) => data('n', k, n[k])).join('')}</node>`);
  for (const e of graph.edges) {
    out.push(`    <edge${attributes({ id: e.id, source: e.source, target: e.target })}>${EDGE_KEYS.map(([k]) => data('e', k, e[k])).join('')}</edge>`);
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

/** One line saying which graph this is, for the file's description. */
export function describe(scope: GraphScope): string {
  const when = scope.asOf ? `as of ${scope.asOf}` : `from ${scope.from} to ${scope.to}`;
  const parts = [
    scope.voivodeship && `voivodeship ${scope.voivodeship}`,
    scope.types && `types ${scope.types.join(',')}`,
    scope.networkId && `network ${scope.networkId}`,
  ].filter(Boolean);
  return `KSR cooperation graph ${when}${parts.length ? `, ${parts.join('; ')}` : ''}: institutions and partnerships in force (public registry data)`;
}
