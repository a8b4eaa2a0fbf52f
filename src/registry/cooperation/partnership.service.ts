// Partnerships: lists in force on a date, partners of an institution, and the proposal →
// confirmation → end life cycle with its rules.
import { LockMode } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/postgresql';
import { deny, requireSignedIn, Role } from '../../common/auth';
import { pageSize, toConnection } from '../../common/connection';
import type { RequestContext } from '../../common/context';
import { asOfOrToday, todayInPoland } from '../../common/dates';
import { badInput, conflict, notFound, staleVersion } from '../../common/errors';
import { textArraySql } from '../../common/text';
import { typesOfSectors } from '../institutions/institution-kinds';
import { Institution } from '../institutions/institution.entities';
import { pagedInstitutions, requireInstitution, requireInstitutions } from '../institutions/institution.service';
import { Partnership, PartnershipParty, PartnershipStatus, PartyRole } from './partnership.entities';
import type { EndPartnershipInput, PartnerArgs, PartnershipFilter, PartyDecisionInput, ProposePartnershipInput } from './partnership.inputs';

export const partnershipById = (ctx: RequestContext, id: string): Promise<Partnership | null> => ctx.loaders.byKey(Partnership).load(id);

export const partiesOf = (ctx: RequestContext, partnershipId: string): Promise<PartnershipParty[]> =>
  ctx.loaders.groupedBy(PartnershipParty, 'partnership', { role: 'asc', id: 'asc' }).load(partnershipId);

/** In force on `asOf`: active or since ended, and its validity covers the date. */
function whereInForce(qb: Knex.QueryBuilder, alias: string, asOf: string): Knex.QueryBuilder {
  return qb
    .whereIn(`${alias}.status`, [PartnershipStatus.ACTIVE, PartnershipStatus.ENDED])
    .where(`${alias}.valid_from`, '<=', asOf)
    .whereRaw('(?? is null or ?? >= ?)', [`${alias}.valid_to`, `${alias}.valid_to`, asOf]);
}

function applyPartnershipFilter(knex: Knex, qb: Knex.QueryBuilder, filter: PartnershipFilter | null | undefined): Knex.QueryBuilder {
  const f = filter ?? {};
  if (f.statuses?.length) {
    qb.whereIn('p.status', f.statuses);
    if (f.asOf) qb.where('p.valid_from', '<=', f.asOf).whereRaw('(p.valid_to is null or p.valid_to >= ?)', [f.asOf]);
  } else {
    whereInForce(qb, 'p', asOfOrToday(f.asOf));
  }
  if (f.kinds?.length) qb.whereIn('p.kind', f.kinds);
  if (f.areas?.length) qb.whereRaw(`p.areas && ${textArraySql(f.areas)}`, f.areas);
  if (f.dataSharing != null) qb.where('p.data_sharing', f.dataSharing);
  if (f.institutionId) {
    qb.whereExists(knex('partnership_party as fp').select(knex.raw('1')).whereRaw('fp.partnership_id = p.id').where('fp.institution_id', f.institutionId));
  }
  if (f.voivodeship) {
    qb.whereExists(
      knex('partnership_party as vp')
        .join('institution as vi', 'vi.id', 'vp.institution_id')
        .select(knex.raw('1'))
        .whereRaw('vp.partnership_id = p.id')
        .where('vi.municipality_code', 'like', `${f.voivodeship}%`),
    );
  }
  return qb;
}

/** Partnerships ordered by start date then id. */
export async function listPartnerships(ctx: RequestContext, filter: PartnershipFilter | null | undefined, first?: number | null, after?: string | null) {
  const [page] = await ctx.loaders.pagesOf(Partnership, ['all'], {
    keyLength: 2,
    first: pageSize(first),
    after,
    base: (knex) =>
      applyPartnershipFilter(
        knex,
        knex('partnership as p').select(knex.raw("'all' as parent"), 'p.id', knex.raw('p.valid_from::text as k0'), knex.raw('p.id::text as k1')),
        filter,
      ),
  });
  return toConnection(page);
}

/** The partnerships of each institution (same filter), batched across institutions. */
export async function partnershipsOf(
  ctx: RequestContext,
  institutionId: string,
  filter: PartnershipFilter | null | undefined,
  first?: number | null,
  after?: string | null,
) {
  const page = await ctx.loaders.nestedPage(Partnership, 'partnershipsOf', { filter, first, after }, institutionId, (knex, ids) =>
    applyPartnershipFilter(
      knex,
      knex('partnership_party as pp')
        .join('partnership as p', 'p.id', 'pp.partnership_id')
        .select('pp.institution_id as parent', 'p.id', knex.raw('p.valid_from::text as k0'), knex.raw('p.id::text as k1'))
        .whereIn('pp.institution_id', ids),
      { ...filter, institutionId: null },
    ),
  );
  return toConnection(page);
}

/** Distinct institutions linked to each institution by a partnership in force, ordered by name. */
export function partnersOf(ctx: RequestContext, institutionId: string, args: PartnerArgs) {
  const asOf = asOfOrToday(args.asOf);
  const { sectors, types, areas } = args;
  return pagedInstitutions(ctx, 'partnersOf', { first: args.first, after: args.after, asOf, sectors, types, areas }, institutionId, (knex, ids) => {
    const qb = knex('partnership_party as pp')
      .join('partnership as p', 'p.id', 'pp.partnership_id')
      .join('partnership_party as other', function () {
        this.on('other.partnership_id', '=', 'p.id').andOn('other.institution_id', '<>', 'pp.institution_id');
      })
      .join('institution as o', 'o.id', 'other.institution_id')
      .distinct('pp.institution_id as parent', 'o.id', 'o.name as k0', knex.raw('o.id::text as k1'))
      .whereIn('pp.institution_id', ids);
    whereInForce(qb, 'p', asOf);
    if (sectors?.length) qb.whereIn('o.type', typesOfSectors(sectors));
    if (types?.length) qb.whereIn('o.type', types);
    if (areas?.length) qb.whereRaw(`p.areas && ${textArraySql(areas)}`, areas);
    return qb;
  });
}

/** The institution a caller acts for in a partnership decision. */
function actingInstitution(ctx: RequestContext, requested: string | null | undefined, action: string): string {
  requireSignedIn(ctx.caller, action);
  if (ctx.caller.role === Role.ADMIN) {
    if (!requested) throw badInput('input.institutionId', 'required when an admin acts for a party');
    return requested;
  }
  if (ctx.caller.role !== Role.INSTITUTION_STAFF || !ctx.caller.institutionId) deny(action, 'only staff of a party (or an admin) may do this');
  if (requested && requested !== ctx.caller.institutionId) deny(action, 'you may act only for your own institution');
  return ctx.caller.institutionId;
}

/** The advisory-lock class (first key) of partnership party sets; the second key hashes the set. */
const PARTY_SET_LOCK = 7301;

const overlaps = (aFrom: string, aTo: string | null | undefined, bFrom: string, bTo: string | null | undefined): boolean =>
  (aTo == null || aTo >= bFrom) && (bTo == null || bTo >= aFrom);

export async function proposePartnership(ctx: RequestContext, input: ProposePartnershipInput): Promise<Partnership> {
  const proposer = actingInstitution(ctx, input.proposerId, 'proposePartnership');
  if (input.partnerIds.includes(proposer)) throw badInput('input.partnerIds', 'an institution cannot be in a partnership with itself');
  if (input.validTo && input.validTo < input.validFrom) throw badInput('input.validTo', `must not be before validFrom (${input.validFrom})`);
  await requireInstitution(ctx, proposer, 'input.proposerId');
  await requireInstitutions(ctx, input.partnerIds, 'input.partnerIds');

  // A duplicate: a proposed or active partnership of exactly these parties overlapping in time.
  // The rule spans two tables (a party set is rows of partnership_party), so instead of a constraint
  // proposals of one party set are serialised by a transaction-scoped advisory lock, held until
  // this transaction commits: a concurrent twin waits here, then its check sees this partnership.
  const parties = [proposer, ...input.partnerIds].sort();
  await ctx.em.execute('select pg_advisory_xact_lock(?, hashtext(?))', [PARTY_SET_LOCK, parties.join(',')]);
  const knex = ctx.em.getKnex();
  const candidates = await ctx.em.execute<{ id: string; valid_from: string; valid_to: string | null; parties: string[] }[]>(
    knex('partnership as p')
      .join('partnership_party as pp', 'pp.partnership_id', 'p.id')
      .select(
        'p.id',
        knex.raw('p.valid_from::text'),
        knex.raw('p.valid_to::text'),
        knex.raw('array_agg(pp.institution_id::text order by pp.institution_id) as parties'),
      )
      .whereIn('p.status', [PartnershipStatus.PROPOSED, PartnershipStatus.ACTIVE])
      .whereIn('p.id', knex('partnership_party').select('partnership_id').where('institution_id', proposer))
      .groupBy('p.id'),
  );
  const duplicate = candidates.find(
    (c) =>
      c.parties.length === parties.length &&
      c.parties.every((id, i) => id === parties[i]) &&
      overlaps(c.valid_from, c.valid_to, input.validFrom, input.validTo),
  );
  if (duplicate)
    throw conflict('input.partnerIds', `these institutions already have a proposed or active partnership (${duplicate.id}) overlapping these dates`);

  const partnership = ctx.em.create(Partnership, {
    kind: input.kind,
    areas: input.areas,
    validFrom: input.validFrom,
    validTo: input.validTo ?? null,
    note: input.note ?? null,
    dataSharing: input.dataSharing,
    status: PartnershipStatus.PROPOSED,
    proposedBy: ctx.em.getReference(Institution, proposer, { wrapped: true }),
  });
  const now = new Date();
  for (const id of [proposer, ...input.partnerIds]) {
    ctx.em.create(PartnershipParty, {
      partnership,
      institution: ctx.em.getReference(Institution, id, { wrapped: true }),
      role: id === proposer ? PartyRole.LEAD : PartyRole.PARTNER,
      confirmedAt: id === proposer ? now : null,
    });
  }
  await ctx.em.flush();
  return partnership;
}

/** Loads a partnership for a write, locking its row so concurrent confirmations serialise. */
async function lockPartnership(ctx: RequestContext, id: string): Promise<{ partnership: Partnership; parties: PartnershipParty[] }> {
  const partnership = await ctx.em.findOne(Partnership, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!partnership) throw notFound('partnership', id, 'input.partnershipId');
  const parties = await ctx.em.find(PartnershipParty, { partnership: id });
  return { partnership, parties };
}

function partyOf(parties: PartnershipParty[], institutionId: string, action: string): PartnershipParty {
  const party = parties.find((p) => p.institution.id === institutionId);
  if (!party) deny(action, 'your institution is not a party to this partnership');
  return party;
}

export async function confirmPartnership(ctx: RequestContext, input: PartyDecisionInput): Promise<Partnership> {
  const acting = actingInstitution(ctx, input.institutionId, 'confirmPartnership');
  const { partnership, parties } = await lockPartnership(ctx, input.partnershipId);
  const party = partyOf(parties, acting, 'confirmPartnership');
  if (partnership.status !== PartnershipStatus.PROPOSED)
    throw conflict('input.partnershipId', `the partnership is ${partnership.status}; only a PROPOSED one can be confirmed`);
  if (party.confirmedAt) throw conflict('input.institutionId', 'this party has already confirmed');
  party.confirmedAt = new Date();
  if (parties.every((p) => p.confirmedAt)) partnership.status = PartnershipStatus.ACTIVE;
  await ctx.em.flush();
  return partnership;
}

export async function declinePartnership(ctx: RequestContext, input: PartyDecisionInput): Promise<Partnership> {
  const acting = actingInstitution(ctx, input.institutionId, 'declinePartnership');
  const { partnership, parties } = await lockPartnership(ctx, input.partnershipId);
  const party = partyOf(parties, acting, 'declinePartnership');
  if (partnership.status !== PartnershipStatus.PROPOSED)
    throw conflict('input.partnershipId', `the partnership is ${partnership.status}; only a PROPOSED one can be declined`);
  if (party.confirmedAt) throw conflict('input.institutionId', 'this party has confirmed; end the partnership instead');
  party.declinedAt = new Date();
  partnership.status = PartnershipStatus.DECLINED;
  await ctx.em.flush();
  return partnership;
}

export async function endPartnership(ctx: RequestContext, input: EndPartnershipInput): Promise<Partnership> {
  requireSignedIn(ctx.caller, 'endPartnership');
  const { partnership, parties } = await lockPartnership(ctx, input.partnershipId);
  if (ctx.caller.role !== Role.ADMIN) {
    if (ctx.caller.role !== Role.INSTITUTION_STAFF || !ctx.caller.institutionId)
      deny('endPartnership', 'only staff of a party (or an admin) may end a partnership');
    partyOf(parties, ctx.caller.institutionId, 'endPartnership');
  }
  if (partnership.version !== input.version) throw staleVersion('partnership', input.version, partnership.version);
  if (partnership.status !== PartnershipStatus.ACTIVE)
    throw conflict('input.partnershipId', `the partnership is ${partnership.status}; only an ACTIVE one can be ended`);
  const endedOn = input.endedOn ?? todayInPoland();
  if (endedOn < partnership.validFrom) throw badInput('input.endedOn', `must not be before validFrom (${partnership.validFrom})`);
  if (partnership.validTo && endedOn > partnership.validTo) throw badInput('input.endedOn', `must not be after validTo (${partnership.validTo})`);
  partnership.status = PartnershipStatus.ENDED;
  partnership.validTo = endedOn;
  await ctx.em.flush();
  return partnership;
}
