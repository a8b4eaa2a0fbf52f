// Networks: nesting, members on a date, meetings, and who may change them (admins, the
// network's coordinator, the regional coordinator of its voivodeship).
import type { Knex } from '@mikro-orm/postgresql';
import { deny, requireSignedIn, Role } from '../../common/auth';
import { toConnection, type ConnectionShape } from '../../common/connection';
import { describeConstraints } from '../../common/constraints';
import type { RequestContext } from '../../common/context';
import { asOfOrToday, todayInPoland } from '../../common/dates';
import { badInput, conflict, notFound, staleVersion } from '../../common/errors';
import { loadPresent } from '../../common/loaders';
import { rowReader } from '../../common/read-only-rows';
import { typesOfSectors } from '../institutions/institution-kinds';
import { Institution } from '../institutions/institution.entities';
import { requireInstitution, requireInstitutions } from '../institutions/institution.service';
import { Municipality, Voivodeship } from '../places/place.entities';
import { requireMunicipality, voivodeshipByCode } from '../places/place.service';
import { Meeting, MeetingAttendance, Membership, MembershipRole, Network, NetworkKind } from './network.entities';
import type {
  AddMembershipInput,
  CreateNetworkInput,
  EndMembershipInput,
  InstitutionNetworkArgs,
  MemberArgs,
  NetworkFilter,
  RecordMeetingInput,
} from './network.inputs';

export const networkById = (ctx: RequestContext, id: string): Promise<Network | null> => ctx.loaders.byKey(Network).load(id);
export const membershipById = (ctx: RequestContext, id: string): Promise<Membership | null> => ctx.loaders.byKey(Membership).load(id);
export const meetingById = (ctx: RequestContext, id: string): Promise<Meeting | null> => ctx.loaders.byKey(Meeting).load(id);

/** Memberships valid on a date: joined by then and not left before it. */
function whereMemberOn(qb: Knex.QueryBuilder, alias: string, asOf: string): Knex.QueryBuilder {
  return qb.where(`${alias}.joined_on`, '<=', asOf).whereRaw('(?? is null or ?? >= ?)', [`${alias}.left_on`, `${alias}.left_on`, asOf]);
}

/** A nested page (common/loaders.ts `nestedPage`) as a connection. */
async function nested<T extends object>(
  ctx: RequestContext,
  name: string,
  args: { first?: number | null; after?: string | null; [k: string]: unknown },
  parent: string,
  entity: { new (): T; name: string },
  base: (knex: Knex, parents: string[]) => Knex.QueryBuilder,
  include?: readonly (keyof T & string)[],
): Promise<ConnectionShape<T>> {
  return toConnection(await ctx.loaders.nestedPage(entity, name, args, parent, base, { include }));
}

const networkColumns = (knex: Knex, parent: string) => [knex.raw(`${parent} as parent`), 'n.id', 'n.name as k0', knex.raw('n.id::text as k1')];

export async function listNetworks(ctx: RequestContext, filter: NetworkFilter | null | undefined, first?: number | null, after?: string | null) {
  return nested(ctx, 'networks', { filter, first, after }, 'all', Network, (knex) => {
    const qb = knex('network as n').select(networkColumns(knex, "'all'"));
    if (filter?.kinds?.length) qb.whereIn('n.kind', filter.kinds);
    if (filter?.voivodeship) qb.where('n.voivodeship_code', filter.voivodeship);
    if (filter?.parentId) qb.where('n.parent_id', filter.parentId);
    if (filter?.synthetic != null) qb.where('n.synthetic', filter.synthetic);
    return qb;
  });
}

export const childrenOf = (ctx: RequestContext, networkId: string, first?: number | null, after?: string | null) =>
  nested(ctx, 'networkChildren', { first, after }, networkId, Network, (knex, ids) =>
    knex('network as n').select(networkColumns(knex, 'n.parent_id')).whereIn('n.parent_id', ids),
  );

export const networksOfVoivodeship = (
  ctx: RequestContext,
  code: string,
  kinds: NetworkKind[] | null | undefined,
  first?: number | null,
  after?: string | null,
) =>
  nested(ctx, 'voivodeshipNetworks', { kinds, first, after }, code, Network, (knex, codes) => {
    const qb = knex('network as n').select(networkColumns(knex, 'n.voivodeship_code')).whereIn('n.voivodeship_code', codes);
    if (kinds?.length) qb.whereIn('n.kind', kinds);
    return qb;
  });

/**
 * The regional cooperation platform of a voivodeship (the earliest established, if several). A
 * platform whose date is unknown counts from the day its first member joined, so a platform added
 * later with a date does not displace it.
 */
export function platformOf(ctx: RequestContext, code: string): Promise<Network | null> {
  return ctx.loaders
    .get<string, Network | null>('platformOf', undefined, async (codes) => {
      const knex = ctx.em.getKnex();
      const rows = await ctx.em.execute<Record<string, unknown>[]>(
        knex('network as n')
          .select('n.*')
          .where('n.kind', NetworkKind.REGIONAL_COOPERATION_PLATFORM)
          .whereIn('n.voivodeship_code', [...codes])
          .orderByRaw('coalesce(n.established_on, (select min(m.joined_on) from membership m where m.network_id = n.id)) asc nulls last, n.id asc'),
      );
      // Plain instances, as every read (common/read-only-rows.ts): nothing here is changed or flushed.
      const reader = rowReader(ctx.em, Network);
      const platforms = rows.map((row) => reader.toEntity(row));
      return codes.map((c) => platforms.find((n) => n.voivodeship?.code === c) ?? null);
    })
    .load(code);
}

/** Members of each network on a date, by institution name. */
export function membersOf(ctx: RequestContext, networkId: string, args: MemberArgs) {
  const asOf = asOfOrToday(args.asOf);
  const { roles, sectors, types, first, after } = args;
  return nested(
    ctx,
    'networkMembers',
    { asOf, roles, sectors, types, first, after },
    networkId,
    Membership,
    (knex, ids) => {
      const qb = knex('membership as m')
        .join('institution as i', 'i.id', 'm.institution_id')
        .select('m.network_id as parent', 'm.id', 'i.name as k0', knex.raw('m.id::text as k1'))
        .whereIn('m.network_id', ids);
      whereMemberOn(qb, 'm', asOf);
      if (roles?.length) qb.whereIn('m.role', roles);
      if (sectors?.length) qb.whereIn('i.type', typesOfSectors(sectors));
      if (types?.length) qb.whereIn('i.type', types);
      return qb;
      // A member list is read with its institutions: their rows come with the page.
    },
    ['institution'],
  );
}

/** Memberships of each institution on a date, by network name. */
export function membershipsOf(ctx: RequestContext, institutionId: string, args: InstitutionNetworkArgs) {
  const asOf = asOfOrToday(args.asOf);
  const { kinds, first, after } = args;
  return nested(ctx, 'institutionMemberships', { asOf, kinds, first, after }, institutionId, Membership, (knex, ids) => {
    const qb = knex('membership as m')
      .join('network as n', 'n.id', 'm.network_id')
      .select('m.institution_id as parent', 'm.id', 'n.name as k0', knex.raw('m.id::text as k1'))
      .whereIn('m.institution_id', ids);
    whereMemberOn(qb, 'm', asOf);
    if (kinds?.length) qb.whereIn('n.kind', kinds);
    return qb;
  });
}

/** Distinct networks each institution belongs to on a date, by name. */
export function networksOf(ctx: RequestContext, institutionId: string, args: InstitutionNetworkArgs) {
  const asOf = asOfOrToday(args.asOf);
  const { kinds, first, after } = args;
  return nested(ctx, 'institutionNetworks', { asOf, kinds, first, after }, institutionId, Network, (knex, ids) => {
    const qb = knex('membership as m')
      .join('network as n', 'n.id', 'm.network_id')
      .distinct(networkColumns(knex, 'm.institution_id'))
      .whereIn('m.institution_id', ids);
    whereMemberOn(qb, 'm', asOf);
    if (kinds?.length) qb.whereIn('n.kind', kinds);
    return qb;
  });
}

export const meetingsOf = (ctx: RequestContext, networkId: string, first?: number | null, after?: string | null) =>
  nested(ctx, 'networkMeetings', { first, after }, networkId, Meeting, (knex, ids) =>
    knex('meeting as mt')
      .select('mt.network_id as parent', 'mt.id', knex.raw('mt.date::text as k0'), knex.raw('mt.id::text as k1'))
      .whereIn('mt.network_id', ids),
  );

export async function attendeesOf(ctx: RequestContext, meetingId: string): Promise<Institution[]> {
  const rows = await ctx.loaders.groupedBy(MeetingAttendance, 'meeting').load(meetingId);
  const people = await loadPresent(
    ctx.loaders.byKey(Institution),
    rows.map((r) => r.institution.id),
  );
  return people.sort((a, b) => a.name.localeCompare(b.name, 'pl'));
}

export const voivodeshipOfNetwork = (ctx: RequestContext, n: Network): Promise<Voivodeship | null> | null =>
  n.voivodeship ? voivodeshipByCode(ctx, n.voivodeship.code) : null;

/** Whether the caller may change this network's members and meetings. */
async function requireNetworkManager(ctx: RequestContext, network: Network, action: string): Promise<void> {
  requireSignedIn(ctx.caller, action);
  const { caller } = ctx;
  if (caller.role === Role.ADMIN) return;
  if (caller.role === Role.REGIONAL_COORDINATOR && network.voivodeship && caller.voivodeship === network.voivodeship.code) return;
  if (caller.role === Role.INSTITUTION_STAFF && caller.institutionId) {
    const today = todayInPoland();
    const coordinator = await ctx.em.count(Membership, {
      network: network.id,
      institution: caller.institutionId,
      role: MembershipRole.COORDINATOR,
      joinedOn: { $lte: today },
      $or: [{ leftOn: null }, { leftOn: { $gte: today } }],
    });
    if (coordinator > 0) return;
  }
  deny(action, "only the network's coordinator, the regional coordinator of its voivodeship, or an admin may do this");
}

async function requireNetwork(ctx: RequestContext, id: string, field: string): Promise<Network> {
  const network = await networkById(ctx, id);
  if (!network) throw notFound('network', id, field);
  return network;
}

export async function createNetwork(ctx: RequestContext, input: CreateNetworkInput): Promise<Network> {
  requireSignedIn(ctx.caller, 'createNetwork');
  const { caller } = ctx;
  const allowed = caller.role === Role.ADMIN || (caller.role === Role.REGIONAL_COORDINATOR && input.voivodeship === caller.voivodeship);
  if (!allowed) deny('createNetwork', 'only an admin, or a regional coordinator within their voivodeship, may create a network');
  if (input.parentId) await requireNetwork(ctx, input.parentId, 'input.parentId');
  if (input.municipalityCode) {
    await requireMunicipality(ctx, input.municipalityCode, 'input.municipalityCode');
    if (input.voivodeship && !input.municipalityCode.startsWith(input.voivodeship)) {
      throw badInput('input.municipalityCode', `is not in voivodeship ${input.voivodeship}`);
    }
  }
  const voivodeship = input.voivodeship ?? input.municipalityCode?.slice(0, 2);
  if (voivodeship && !(await voivodeshipByCode(ctx, voivodeship))) throw badInput('input.voivodeship', `no voivodeship with TERYT code ${voivodeship}`);
  if (input.coordinatorId) await requireInstitution(ctx, input.coordinatorId, 'input.coordinatorId');
  const network = ctx.em.create(Network, {
    kind: input.kind,
    name: input.name,
    description: input.description ?? null,
    parent: input.parentId ? ctx.em.getReference(Network, input.parentId, { wrapped: true }) : null,
    voivodeship: voivodeship ? ctx.em.getReference(Voivodeship, voivodeship, { wrapped: true }) : null,
    municipality: input.municipalityCode ? ctx.em.getReference(Municipality, input.municipalityCode, { wrapped: true }) : null,
    establishedOn: input.establishedOn ?? null,
  });
  if (input.coordinatorId) {
    ctx.em.create(Membership, {
      network,
      institution: ctx.em.getReference(Institution, input.coordinatorId, { wrapped: true }),
      role: MembershipRole.COORDINATOR,
      joinedOn: input.establishedOn ?? todayInPoland(),
    });
  }
  await ctx.em.flush();
  return network;
}

describeConstraints({
  // An exclusion constraint (migration idempotency_and_no_duplicates): one membership of an institution in a network at any date.
  membership_no_overlap: { field: 'input.institutionId', message: 'the institution is already a member of this network on or after that date' },
});

export async function addMembership(ctx: RequestContext, input: AddMembershipInput): Promise<Membership> {
  requireSignedIn(ctx.caller, 'addMembership');
  const network = await requireNetwork(ctx, input.networkId, 'input.networkId');
  await requireNetworkManager(ctx, network, 'addMembership');
  await requireInstitution(ctx, input.institutionId, 'input.institutionId');
  const joinedOn = input.joinedOn ?? todayInPoland();
  // No read-then-insert check: the database refuses an overlapping membership (membership_no_overlap,
  // answered as CONFLICT by the mutation's @Transaction()), so concurrent requests cannot both add one.
  const membership = ctx.em.create(Membership, {
    network,
    institution: ctx.em.getReference(Institution, input.institutionId, { wrapped: true }),
    role: input.role,
    joinedOn,
  });
  await ctx.em.flush();
  return membership;
}

export async function endMembership(ctx: RequestContext, input: EndMembershipInput): Promise<Membership> {
  requireSignedIn(ctx.caller, 'endMembership');
  const membership = await ctx.em.findOne(Membership, { id: input.membershipId });
  if (!membership) throw notFound('membership', input.membershipId, 'input.membershipId');
  const network = await requireNetwork(ctx, membership.network.id, 'input.membershipId');
  await requireNetworkManager(ctx, network, 'endMembership');
  if (membership.version !== input.version) throw staleVersion('membership', input.version, membership.version);
  if (membership.leftOn) throw conflict('input.membershipId', `the membership already ended on ${membership.leftOn}`);
  const leftOn = input.leftOn ?? todayInPoland();
  if (leftOn < membership.joinedOn) throw badInput('input.leftOn', `must not be before joinedOn (${membership.joinedOn})`);
  membership.leftOn = leftOn;
  await ctx.em.flush();
  return membership;
}

export async function recordMeeting(ctx: RequestContext, input: RecordMeetingInput): Promise<Meeting> {
  requireSignedIn(ctx.caller, 'recordMeeting');
  const network = await requireNetwork(ctx, input.networkId, 'input.networkId');
  await requireNetworkManager(ctx, network, 'recordMeeting');
  await requireInstitutions(ctx, input.attendeeIds, 'input.attendeeIds');
  const meeting = ctx.em.create(Meeting, { network, date: input.date, kind: input.kind, topic: input.topic });
  for (const id of input.attendeeIds) {
    ctx.em.create(MeetingAttendance, { meeting, institution: ctx.em.getReference(Institution, id, { wrapped: true }) });
  }
  await ctx.em.flush();
  return meeting;
}
