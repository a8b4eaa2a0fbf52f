// The benchmark's workloads. A workload is one committed GraphQL document (<id>.graphql) with its
// variables (<id>.variables.json), optionally a SQL-floor function (floor.ts) and the peer's
// equivalent query (../peer/queries/<id>.graphql). A workload listed in PENDING is reported as not
// yet available. Workloads 5 and 6 have no peer equivalent (PostGraphile serves the registry's
// tables: no graph metrics, no casework).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FLOOR, type FloorQuery } from './floor';

export interface Workload {
  id: string;
  number: number;
  title: string;
  /** read: a query with fixed variables; write: propose → confirm with per-iteration variables. */
  kind: 'read' | 'write';
  available: boolean;
  /** Why an unavailable workload is not measured. */
  reason?: string;
  /** Its answer is cached by the service (analytics): the first request is cold, the cells warm. */
  cached?: boolean;
  /** It reads the casework subgraph too (through the gateway): not part of the registry-only split mode. */
  casework?: boolean;
  document?: string;
  variables?: Record<string, unknown>;
  floor?: FloorQuery;
  peer?: { document: string; variables: Record<string, unknown> };
}

const DEFINED: Omit<Workload, 'available' | 'document' | 'variables' | 'floor' | 'peer'>[] = [
  { id: '1-dashboard', number: 1, title: 'voivodeship dashboard: counts by type and sector, the platform and its members', kind: 'read' },
  { id: '2-navigation', number: 2, title: 'one-request navigation: platform → members → partnerships → partners', kind: 'read' },
  { id: '3-search', number: 3, title: 'institution search by text with filters, paginated', kind: 'read' },
  { id: '4-neighbourhood', number: 4, title: "an institution's two-hop neighbourhood (partners of partners)", kind: 'read' },
  { id: '5-graph-metrics', number: 5, title: 'graph metrics for one voivodeship', kind: 'read', cached: true },
  {
    id: '6-shared-participants',
    number: 6,
    title: "shared participants of every partnership of a network's members, through the gateway",
    kind: 'read',
    casework: true,
  },
  { id: '7-propose-confirm', number: 7, title: 'a write: propose and confirm a partnership', kind: 'write' },
];

const PENDING: Record<string, string> = {};

const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

export function loadWorkloads(projectRoot: string): Workload[] {
  const dir = path.join(projectRoot, 'bench', 'workloads');
  const peerDir = path.join(projectRoot, 'bench', 'peer', 'queries');
  return DEFINED.map((w) => {
    const file = path.join(dir, `${w.id}.graphql`);
    if (PENDING[w.id] || !existsSync(file)) return { ...w, available: false, reason: PENDING[w.id] ?? `not yet available: ${w.id}.graphql is not committed` };
    const variablesFile = path.join(dir, `${w.id}.variables.json`);
    const peerFile = path.join(peerDir, `${w.id}.graphql`);
    return {
      ...w,
      available: true,
      document: readFileSync(file, 'utf8'),
      variables: existsSync(variablesFile) ? readJson(variablesFile) : {},
      floor: FLOOR[w.id],
      peer: existsSync(peerFile) ? { document: readFileSync(peerFile, 'utf8'), variables: readJson(path.join(peerDir, `${w.id}.variables.json`)) } : undefined,
    };
  });
}
