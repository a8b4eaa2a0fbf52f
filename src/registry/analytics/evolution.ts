// The graph month by month: one statement loads the whole window (nodes with their dates, links
// with theirs), then each month-end snapshot is a filter in memory, O(V + L) per month.
import { undirectedDensity } from 'graphology-metrics/graph/density';
import { badInput } from '../../common/errors';
import { SECTOR_OF } from '../institutions/institution-kinds';
import { rowsOn } from './cooperation-graph';
import type { GraphRows } from './graph-rows';

/** At most this many monthly points per series (20 years). */
const MAX_MONTHS = 240;

export interface EvolutionPoint {
  date: string;
  /** Institutions of the scope existing on the date (nodes). */
  institutions: number;
  /** Those with at least one partnership in force in the graph. */
  activeInstitutions: number;
  partnerships: number;
  edges: number;
  crossSectorEdgeShare: number | null;
  density: number;
}

const lastDayOfMonth = (year: number, month: number): string => new Date(Date.UTC(year, month + 1, 0)).toISOString().slice(0, 10);

/** Month ends from the month of `from` to `to`; the last point is `to` itself when mid-month. */
export function monthEnds(from: string, to: string): string[] {
  const dates: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7)) - 1;
  for (;;) {
    const end = lastDayOfMonth(year, month);
    if (end >= to) {
      dates.push(to);
      return dates;
    }
    dates.push(end);
    if (dates.length >= MAX_MONTHS) throw badInput('to', `at most ${MAX_MONTHS} months after from`);
    month += 1;
    if (month === 12) {
      year += 1;
      month = 0;
    }
  }
}

export function evolution(rows: GraphRows, dates: readonly string[]): EvolutionPoint[] {
  const sectorOf = new Map(rows.nodes.map((n) => [n.id, SECTOR_OF[n.type]]));
  return dates.map((date) => {
    const snapshot = rowsOn(rows, date);
    const pairs = new Map<string, boolean>();
    const active = new Set<string>();
    for (const l of snapshot.links) {
      pairs.set(`${l.source}|${l.target}`, sectorOf.get(l.source) !== sectorOf.get(l.target));
      active.add(l.source).add(l.target);
    }
    const cross = [...pairs.values()].filter(Boolean).length;
    const n = snapshot.nodes.length;
    return {
      date,
      institutions: n,
      activeInstitutions: active.size,
      partnerships: new Set(snapshot.links.map((l) => l.partnershipId)).size,
      edges: pairs.size,
      crossSectorEdgeShare: pairs.size ? cross / pairs.size : null,
      density: n > 1 ? undirectedDensity(n, pairs.size) : 0,
    };
  });
}
