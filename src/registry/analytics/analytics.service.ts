// Research analytics over the public registry: the cooperation graph and its metrics, the
// shortest cooperation path, the monthly evolution, new-profile coverage and exports. Everything
// here is institution-level public data (no casework), so any caller may ask. Each result costs
// one statement for the graph version and, on a cache miss, one statement for the graph.
import type { RequestContext } from '../../common/context';
import { asOfOrToday } from '../../common/dates';
import { badInput } from '../../common/errors';
import { institutionById } from '../institutions/institution.service';
import { networkById } from '../networks/network.service';
import { cached } from './analytics-cache';
import type { CooperationGraphFilter } from './analytics.inputs';
import { computeCoverage, type CoverageReport } from './coverage';
import { evolution, monthEnds, type EvolutionPoint } from './evolution';
import { renderExport, type ExportFormat } from './exports/formats';
import { GraphAnalysis } from './graph-analysis';
import { loadGraphRows } from './graph-rows';
import { GRAPHQL_FIELDS, resolveScope, scopeKey, VOIVODESHIP_CODES, type FieldNames, type GraphScope, type TimeInput } from './graph-scope';
import { shortestPath, type CooperationPathResult } from './shortest-path';

/** A network named by the filter must exist (one lookup, only when a network is named). */
async function checkNetwork(ctx: RequestContext, scope: GraphScope, names: FieldNames): Promise<void> {
  if (scope.networkId && !(await networkById(ctx, scope.networkId))) {
    throw badInput(`${names.filterPrefix}networkId`, `no network with id ${scope.networkId}`);
  }
}

/** The analysed graph of a scope, from the cache when the registry has not changed. */
async function graphOf(ctx: RequestContext, scope: GraphScope, names: FieldNames = GRAPHQL_FIELDS): Promise<GraphAnalysis> {
  await checkNetwork(ctx, scope, names);
  return cached(ctx.em, 'graph', scopeKey(scope), async (version) => new GraphAnalysis(await loadGraphRows(ctx.em, scope), scope, version));
}

export function cooperationGraph(ctx: RequestContext, filter: CooperationGraphFilter | null | undefined, time: TimeInput): Promise<GraphAnalysis> {
  return graphOf(ctx, resolveScope(filter, time, GRAPHQL_FIELDS));
}

async function requireNode(ctx: RequestContext, graph: GraphAnalysis, id: string, field: string): Promise<void> {
  if (graph.hasNode(id)) return;
  const known = await institutionById(ctx, id);
  throw badInput(field, known ? 'this institution is not a node of the graph (outside the filter, or not existing then)' : `no institution with id ${id}`);
}

export async function cooperationPath(
  ctx: RequestContext,
  fromId: string,
  toId: string,
  filter: CooperationGraphFilter | null | undefined,
  time: TimeInput,
): Promise<CooperationPathResult | null> {
  const graph = await cooperationGraph(ctx, filter, time);
  await requireNode(ctx, graph, fromId, 'fromId');
  await requireNode(ctx, graph, toId, 'toId');
  return shortestPath(graph.graph, fromId, toId);
}

export async function cooperationEvolution(
  ctx: RequestContext,
  from: string,
  to: string,
  filter: CooperationGraphFilter | null | undefined,
): Promise<EvolutionPoint[]> {
  if (to < from) throw badInput('to', `must not be before from (${from})`);
  const dates = monthEnds(from, to);
  const scope = resolveScope(filter, { from, to }, GRAPHQL_FIELDS);
  await checkNetwork(ctx, scope, GRAPHQL_FIELDS);
  return cached(ctx.em, 'evolution', scopeKey(scope), async () => evolution(await loadGraphRows(ctx.em, scope), dates));
}

export function newProfileCoverage(ctx: RequestContext, asOf: string | null | undefined, voivodeship: string | null | undefined): Promise<CoverageReport> {
  if (voivodeship != null && !(VOIVODESHIP_CODES as readonly string[]).includes(voivodeship)) {
    throw badInput('voivodeship', `no voivodeship with TERYT code ${voivodeship}`);
  }
  const date = asOfOrToday(asOf);
  return cached(ctx.em, 'coverage', JSON.stringify([date, voivodeship ?? null]), () => computeCoverage(ctx.em, date, voivodeship ?? null));
}

/** The graph of a scope in an export format (HTTP and CLI; their parameters name the fields). */
export async function exportGraph(ctx: RequestContext, scope: GraphScope, format: ExportFormat, names: FieldNames): Promise<{ body: string; version: string }> {
  const graph = await graphOf(ctx, scope, names);
  return { body: renderExport(graph.graph, scope, format), version: graph.version };
}
