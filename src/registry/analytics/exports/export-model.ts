// What every export format writes: the graph's nodes and edges (institution pairs) with their
// attributes, in the graph's stable order.
import type { CooperationGraph } from '../cooperation-graph';
import { distinctAreas, distinctKinds } from '../cooperation-graph';

export interface ExportNode {
  id: string;
  label: string;
  type: string;
  sector: string;
  voivodeship: string | null;
  municipality: string | null;
  pilot: boolean;
  synthetic: boolean;
  /** The institution's existence: first known date, closing date (null: open). */
  start: string | null;
  end: string | null;
}

export interface ExportEdge {
  id: string;
  source: string;
  target: string;
  /** Number of partnerships between the pair. */
  weight: number;
  /** Distinct kinds and areas of those partnerships, ';'-separated. */
  kind: string;
  areas: string;
  /** Their ids, ';'-separated. */
  partnerships: string;
  /** Earliest start and latest end of those partnerships (end null when one is open-ended). */
  start: string;
  end: string | null;
  /** When the pair cooperates: the partnerships' validity intervals, overlapping ones merged. */
  intervals: [string, string | null][];
}

const dayAfter = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** Merges overlapping or adjacent [from, to] date intervals (to null: open-ended). */
export function mergeIntervals(intervals: readonly [string, string | null][]): [string, string | null][] {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [string, string | null][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && (last[1] === null || dayAfter(last[1]) >= from)) {
      if (last[1] !== null && (to === null || to > last[1])) last[1] = to;
    } else {
      merged.push([from, to]);
    }
  }
  return merged;
}

export function exportModel(graph: CooperationGraph): { nodes: ExportNode[]; edges: ExportEdge[] } {
  const nodes = graph.mapNodes((id, a): ExportNode => ({
    id,
    label: a.name,
    type: a.type,
    sector: a.sector,
    voivodeship: a.voivodeship,
    municipality: a.municipality,
    pilot: a.pilot,
    synthetic: a.synthetic,
    start: a.startsOn,
    end: a.endsOn,
  }));
  const edges = graph.mapEdges((_key, a, source, target, _sa, _ta): ExportEdge => {
    const intervals = mergeIntervals(a.links.map((l) => [l.validFrom, l.validTo]));
    return {
      id: '',
      source,
      target,
      weight: a.weight,
      kind: distinctKinds(a.links).join(';'),
      areas: distinctAreas(a.links).join(';'),
      partnerships: a.links.map((l) => l.partnershipId).join(';'),
      start: intervals[0][0],
      end: intervals.some((i) => i[1] === null)
        ? null
        : intervals.reduce((max, i) => ((i[1] as string) > max ? (i[1] as string) : max), intervals[0][1] as string),
      intervals,
    };
  });
  edges.forEach((e, i) => (e.id = `e${i}`));
  return { nodes, edges };
}
