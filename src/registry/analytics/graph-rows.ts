// The cooperation graph of a scope as plain rows, in ONE statement whatever its size: nodes are
// institutions matching the scope that exist during the window; links are (partnership, pair of
// parties) for partnerships in force during the window between two nodes, so a multilateral
// partnership gives a link for every pair of its parties. No entities are hydrated.
import type { EntityManager } from '@mikro-orm/postgresql';
import { PartnershipStatus } from '../cooperation/partnership.entities';
import type { ActivityField, InstitutionType } from '../institutions/institution-kinds';
import type { PartnershipKind } from '../cooperation/partnership.entities';
import type { GraphScope } from './graph-scope';

export interface NodeRow {
  id: string;
  name: string;
  type: InstitutionType;
  municipality: string | null;
  pilot: boolean;
  synthetic: boolean;
  /** Earliest of its creation, activity start and registration dates; null when unknown. */
  startsOn: string | null;
  /** Closing date; null while open. */
  endsOn: string | null;
  /** Membership intervals of the scope's network (only when the scope names one). */
  memberships: [string, string | null][] | null;
}

export interface LinkRow {
  partnershipId: string;
  /** The two parties, source < target. */
  source: string;
  target: string;
  kind: PartnershipKind;
  areas: ActivityField[];
  validFrom: string;
  validTo: string | null;
}

export interface GraphRows {
  nodes: NodeRow[];
  links: LinkRow[];
}

/**
 * An institution exists from the earliest of its dates (unknown: always) until it closes; a
 * CLOSED one without a closing date is taken as closed all along. In force: the partnership rule
 * of `whereInForce` widened from a date to a window (they agree when from = to).
 */
const EXISTS_IN_WINDOW = `(least(i.created_on, i.activity_started_on, i.registered_on) is null or least(i.created_on, i.activity_started_on, i.registered_on) <= :to)
  and (i.closed_on is null or i.closed_on >= :from)
  and not (i.status = 'CLOSED' and i.closed_on is null)`;

export async function loadGraphRows(em: EntityManager, scope: GraphScope): Promise<GraphRows> {
  const params: Record<string, unknown> = { from: scope.from, to: scope.to, active: PartnershipStatus.ACTIVE, ended: PartnershipStatus.ENDED };
  const where: string[] = [EXISTS_IN_WINDOW];
  if (scope.voivodeship) {
    where.push(`i.municipality_code like :voivodeship`);
    params.voivodeship = `${scope.voivodeship}%`;
  }
  if (scope.types) {
    // An empty list (types outside the sectors asked for) matches nothing.
    where.push(scope.types.length ? 'i.type::text = any(cast(:types as text[]))' : 'false');
    // An array literal (the names are enum values): knex would spread a bound JS array.
    params.types = `{${scope.types.join(',')}}`;
  }
  const memberIn = `from membership m where m.institution_id = i.id and m.network_id = :network
    and m.joined_on <= :to and (m.left_on is null or m.left_on >= :from)`;
  if (scope.networkId) {
    where.push(`exists (select 1 ${memberIn})`);
    params.network = scope.networkId;
  }
  const memberships = scope.networkId ? `(select json_agg(json_build_array(m.joined_on, m.left_on) order by m.joined_on) ${memberIn})` : 'null::json';
  const sql = `
    with nodes as (
      select i.id, i.name, i.type, i.municipality_code as municipality, i.pilot, i.synthetic,
        least(i.created_on, i.activity_started_on, i.registered_on) as "startsOn", i.closed_on as "endsOn",
        ${memberships} as memberships
      from institution i
      where ${where.join(' and ')}
    ),
    links as (
      select p.id as "partnershipId", a.institution_id as source, b.institution_id as target, p.kind, p.areas,
        p.valid_from as "validFrom", p.valid_to as "validTo"
      from partnership p
      join partnership_party a on a.partnership_id = p.id
      join partnership_party b on b.partnership_id = p.id and a.institution_id < b.institution_id
      where p.status in (:active, :ended) and p.valid_from <= :to and (p.valid_to is null or p.valid_to >= :from)
        and a.institution_id in (select id from nodes) and b.institution_id in (select id from nodes)
    )
    select
      coalesce((select json_agg(n order by n.id) from nodes n), '[]'::json) as nodes,
      coalesce((select json_agg(l order by l.source, l.target, l."partnershipId") from links l), '[]'::json) as links`;
  const knex = em.getKnex();
  const [row] = await em.execute<{ nodes: NodeRow[]; links: LinkRow[] }[]>(knex.raw(sql, params));
  return { nodes: row.nodes, links: row.links };
}
