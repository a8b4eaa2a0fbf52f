// The export formats by name, as the HTTP endpoints and the CLI offer them.
import { todayInPoland } from '../../../common/dates';
import type { CooperationGraph } from '../cooperation-graph';
import type { GraphScope } from '../graph-scope';
import { edgesCsv, nodesCsv } from './csv';
import { exportModel } from './export-model';
import { toGexf } from './gexf';
import { toGraphml } from './graphml';

export const EXPORT_FORMATS = {
  graphml: { file: 'graph.graphml', contentType: 'application/graphml+xml; charset=utf-8' },
  gexf: { file: 'graph.gexf', contentType: 'application/gexf+xml; charset=utf-8' },
  'nodes.csv': { file: 'nodes.csv', contentType: 'text/csv; charset=utf-8' },
  'edges.csv': { file: 'edges.csv', contentType: 'text/csv; charset=utf-8' },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

export const isExportFormat = (value: string): value is ExportFormat => Object.hasOwn(EXPORT_FORMATS, value);

export function renderExport(graph: CooperationGraph, scope: GraphScope, format: ExportFormat): string {
  const model = exportModel(graph);
  switch (format) {
    case 'graphml':
      return toGraphml(model, scope);
    case 'gexf':
      return toGexf(model, scope, todayInPoland());
    case 'nodes.csv':
      return nodesCsv(model.nodes);
    case 'edges.csv':
      return edgesCsv(model.edges);
  }
}
