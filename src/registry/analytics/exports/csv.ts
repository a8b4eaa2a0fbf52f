// CSV (RFC 4180) in the shape of Gephi's spreadsheet import: nodes with Id and Label, edges with
// Source, Target, Type and Weight, then the attributes.
import type { ExportEdge, ExportNode } from './export-model';

const cell = (value: string | number | boolean | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const lines = (rows: (string | number | boolean | null)[][]): string => rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

export const nodesCsv = (nodes: readonly ExportNode[]): string =>
  lines([
    ['Id', 'Label', 'type', 'sector', 'voivodeship', 'municipality', 'pilot', 'synthetic', 'start', 'end'],
    ...nodes.map((n) => [n.id, n.label, n.type, n.sector, n.voivodeship, n.municipality, n.pilot, n.synthetic, n.start, n.end]),
  ]);

export const edgesCsv = (edges: readonly ExportEdge[]): string =>
  lines([
    ['Source', 'Target', 'Type', 'Weight', 'kind', 'areas', 'partnerships', 'start', 'end'],
    ...edges.map((e) => [e.source, e.target, 'Undirected', e.weight, e.kind, e.areas, e.partnerships, e.start, e.end]),
  ]);
