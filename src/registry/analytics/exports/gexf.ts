// GEXF 1.3 (gexf.net), dynamic: a node carries start/end (the institution's existence), an edge
// start/end when the pair cooperated over one interval, else spells (one per interval), so
// Gephi's timeline shows the network growing and partnerships ending.
import type { GraphScope } from '../graph-scope';
import { describe } from './graphml';
import { attributes, xml } from './xml';
import type { ExportEdge, ExportNode } from './export-model';

const NODE_ATTRS: [keyof ExportNode, 'string' | 'boolean'][] = [
  ['type', 'string'],
  ['sector', 'string'],
  ['voivodeship', 'string'],
  ['municipality', 'string'],
  ['pilot', 'boolean'],
  ['synthetic', 'boolean'],
];
const EDGE_ATTRS: (keyof ExportEdge)[] = ['kind', 'areas', 'partnerships'];

const attvalues = (pairs: [string, unknown][]): string => {
  const values = pairs.filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `<attvalue${attributes({ for: k, value: v as string })}/>`);
  return values.length ? `<attvalues>${values.join('')}</attvalues>` : '';
};

export function toGexf(graph: { nodes: ExportNode[]; edges: ExportEdge[] }, scope: GraphScope, generatedOn: string): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    `  <meta lastmodifieddate="${xml(generatedOn)}"><creator>KSR registry API</creator><description>${xml(describe(scope))}</description></meta>`,
    '  <graph mode="dynamic" defaultedgetype="undirected" timeformat="date" timerepresentation="interval">',
    '    <attributes class="node" mode="static">',
    ...NODE_ATTRS.map(([id, type]) => `      <attribute${attributes({ id, title: id, type })}/>`),
    '    </attributes>',
    '    <attributes class="edge" mode="static">',
    ...EDGE_ATTRS.map((id) => `      <attribute${attributes({ id, title: id, type: 'string' })}/>`),
    '    </attributes>',
    '    <nodes>',
  ];
  for (const n of graph.nodes) {
    out.push(`      <node${attributes({ id: n.id, label: n.label, start: n.start, end: n.end })}>${attvalues(NODE_ATTRS.map(([k]) => [k, n[k]]))}</node>`);
  }
  out.push('    </nodes>', '    <edges>');
  for (const e of graph.edges) {
    const single = e.intervals.length === 1;
    const spells = single ? '' : `<spells>${e.intervals.map(([start, end]) => `<spell${attributes({ start, end })}/>`).join('')}</spells>`;
    const when = single ? { start: e.intervals[0][0], end: e.intervals[0][1] } : {};
    out.push(
      `      <edge${attributes({ id: e.id, source: e.source, target: e.target, weight: e.weight, ...when })}>${attvalues(EDGE_ATTRS.map((k) => [k, e[k]]))}${spells}</edge>`,
    );
  }
  out.push('    </edges>', '  </graph>', '</gexf>', '');
  return out.join('\n');
}
