// The graphology graph of a set of rows: undirected and simple, one node per institution, one
// edge per pair of institutions weighted by the number of partnerships between them.
import { UndirectedGraph } from 'graphology';
import type { ActivityField, InstitutionType, Sector } from '../institutions/institution-kinds';
import { SECTOR_OF } from '../institutions/institution-kinds';
import type { PartnershipKind } from '../cooperation/partnership.entities';
import type { GraphRows, LinkRow, NodeRow } from './graph-rows';

export interface NodeAttributes {
  name: string;
  type: InstitutionType;
  sector: Sector;
  voivodeship: string | null;
  municipality: string | null;
  pilot: boolean;
  synthetic: boolean;
  startsOn: string | null;
  endsOn: string | null;
}

export interface EdgeAttributes {
  /** Number of partnerships between the pair. */
  weight: number;
  /** Those partnerships (one link row each), by id. */
  links: LinkRow[];
}

export type CooperationGraph = UndirectedGraph<NodeAttributes, EdgeAttributes>;

export const edgeKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

const nodeAttributes = (n: NodeRow): NodeAttributes => ({
  name: n.name,
  type: n.type,
  sector: SECTOR_OF[n.type],
  voivodeship: n.municipality?.slice(0, 2) ?? null,
  municipality: n.municipality,
  pilot: n.pilot,
  synthetic: n.synthetic,
  startsOn: n.startsOn,
  endsOn: n.endsOn,
});

/** Rows are sorted by id (nodes) and by pair (links), so the graph's iteration order is stable. */
export function buildGraph(rows: GraphRows): CooperationGraph {
  const graph: CooperationGraph = new UndirectedGraph<NodeAttributes, EdgeAttributes>();
  for (const n of rows.nodes) graph.addNode(n.id, nodeAttributes(n));
  for (const link of rows.links) {
    const key = edgeKey(link.source, link.target);
    const edge = graph.hasEdge(key) ? graph.getEdgeAttributes(key) : undefined;
    if (edge) {
      edge.weight += 1;
      edge.links.push(link);
    } else {
      graph.addEdgeWithKey(key, link.source, link.target, { weight: 1, links: [link] });
    }
  }
  return graph;
}

/** The rows as they were on one date: nodes existing (and members) then, links in force then. */
export function rowsOn(rows: GraphRows, date: string): GraphRows {
  const within = (from: string | null, to: string | null): boolean => (from === null || from <= date) && (to === null || to >= date);
  const nodes = rows.nodes.filter((n) => within(n.startsOn, n.endsOn) && (n.memberships === null || n.memberships.some(([from, to]) => within(from, to))));
  const ids = new Set(nodes.map((n) => n.id));
  const links = rows.links.filter((l) => within(l.validFrom, l.validTo) && ids.has(l.source) && ids.has(l.target));
  return { nodes, links };
}

export const distinctKinds = (links: readonly LinkRow[]): PartnershipKind[] => [...new Set(links.map((l) => l.kind))].sort();
export const distinctAreas = (links: readonly LinkRow[]): ActivityField[] => [...new Set(links.flatMap((l) => l.areas))].sort();
