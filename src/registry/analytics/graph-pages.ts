// Pages of a graph's nodes and edges. The graph is an immutable snapshot (per version), so a
// cursor is the position in its stable order.
import { decodeCursor, encodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/connection';
import { badInput } from '../../common/errors';
import type { CooperationNodeArgs } from './analytics.inputs';
import { CooperationLink, CooperationNode } from './graph-elements.types';
import type { GraphAnalysis } from './graph-analysis';

function page<T>(all: readonly T[], first: number | null | undefined, after: string | null | undefined): ConnectionShape<T> {
  const size = pageSize(first);
  let start = 0;
  if (after) {
    const [position] = decodeCursor(after, 1);
    start = Number(position) + 1;
    if (!Number.isSafeInteger(start) || start < 1) throw badInput('after', 'not a cursor returned by this list');
  }
  const items = all.slice(start, start + size);
  return toConnection({
    items,
    cursors: items.map((_, i) => encodeCursor([String(start + i)])),
    hasNextPage: start + size < all.length,
    hasPreviousPage: start > 0,
    totalCount: all.length,
  });
}

export function nodePage(analysis: GraphAnalysis, args: CooperationNodeArgs): ConnectionShape<CooperationNode> {
  let ids = analysis.ordered(args.orderBy);
  if (args.community != null) {
    const community = args.community;
    ids = ids.filter((id) => analysis.communities.of.get(id) === community);
  }
  return page(
    ids.map((id) => new CooperationNode(analysis, id)),
    args.first,
    args.after,
  );
}

export function nodeOf(analysis: GraphAnalysis, id: string): CooperationNode | null {
  return analysis.hasNode(id) ? new CooperationNode(analysis, id) : null;
}

/** Edges by source id, then target id (the graph's insertion order). */
export function linkPage(analysis: GraphAnalysis, first: number | null | undefined, after: string | null | undefined): ConnectionShape<CooperationLink> {
  const links = analysis.graph.mapEdges((_key, _attrs, source, target) => new CooperationLink(analysis, source, target));
  return page(links, first, after);
}
