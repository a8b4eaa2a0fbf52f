// Programmes, grants (with the club-creation cap) and yearly funding sources. Money stays an exact
// decimal string end to end; comparisons use integer grosze.
import { deny, requireSignedIn, Role } from '../../common/auth';
import type { RequestContext } from '../../common/context';
import { badInput, notFound } from '../../common/errors';
import { pageSize, toConnection } from '../../common/connection';
import { newId } from '../../common/ids';
import { toGrosze } from '../../common/scalars';
import { Institution } from '../institutions/institution.entities';
import { requireInstitution } from '../institutions/institution.service';
import { FundingSource, Grant, GrantPurpose, Programme } from './funding.entities';
import type { GrantFilter, RecordGrantInput, SetFundingSourceInput } from './funding.inputs';

export const programmeById = (ctx: RequestContext, id: string): Promise<Programme | null> => ctx.loaders.byKey(Programme).load(id);

export const grantById = (ctx: RequestContext, id: string): Promise<Grant | null> => ctx.loaders.byKey(Grant).load(id);
export const fundingSourceById = (ctx: RequestContext, id: string): Promise<FundingSource | null> => ctx.loaders.byKey(FundingSource).load(id);

export const allProgrammes = (ctx: RequestContext): Promise<Programme[]> => ctx.em.find(Programme, {}, { orderBy: { code: 'asc' } });

export const subProgrammes = (ctx: RequestContext, id: string): Promise<Programme[]> => ctx.loaders.groupedBy(Programme, 'parent', { code: 'asc' }).load(id);

export const grantsOf = (ctx: RequestContext, institutionId: string): Promise<Grant[]> =>
  ctx.loaders.groupedBy(Grant, 'recipient', { awardedOn: 'asc', id: 'asc' }).load(institutionId);

export async function fundingSourcesOf(ctx: RequestContext, institutionId: string, year: number | null | undefined): Promise<FundingSource[]> {
  const all = await ctx.loaders.groupedBy(FundingSource, 'institution', { year: 'asc', source: 'asc' }).load(institutionId);
  return year == null ? all : all.filter((f) => f.year === year);
}

/** Grants by award date; a programme filter includes its sub-programmes (recursive). */
export async function listGrants(ctx: RequestContext, filter: GrantFilter | null | undefined, first?: number | null, after?: string | null) {
  const [page] = await ctx.loaders.pagesOf(Grant, ['all'], {
    keyLength: 2,
    first: pageSize(first),
    after,
    base: (knex) => {
      const qb = knex('grant as g').select(knex.raw("'all' as parent"), 'g.id', knex.raw('g.awarded_on::text as k0'), knex.raw('g.id::text as k1'));
      if (filter?.programmeId) {
        qb.whereRaw(
          'g.programme_id in (with recursive tree as (select id from programme where id = ? union select p.id from programme p join tree t on p.parent_id = t.id) select id from tree)',
          [filter.programmeId],
        );
      }
      if (filter?.purposes?.length) qb.whereIn('g.purpose', filter.purposes);
      if (filter?.voivodeship) {
        qb.whereExists(
          knex('institution as r').select(knex.raw('1')).whereRaw('r.id = g.recipient_id').where('r.municipality_code', 'like', `${filter.voivodeship}%`),
        );
      }
      return qb;
    },
  });
  return toConnection(page);
}

/** The club-creation cap of a programme or its nearest ancestor that sets one. */
async function clubCreationCap(ctx: RequestContext, programme: Programme): Promise<string | null> {
  let current: Programme | null = programme;
  for (let depth = 0; current && depth < 10; depth += 1) {
    if (current.clubCreationCap) return current.clubCreationCap;
    current = current.parent ? await programmeById(ctx, current.parent.id) : null;
  }
  return null;
}

export async function recordGrant(ctx: RequestContext, input: RecordGrantInput): Promise<Grant> {
  requireSignedIn(ctx.caller, 'recordGrant');
  if (ctx.caller.role !== Role.ADMIN) deny('recordGrant', 'only an admin (the granting authority) may record grants');
  const programme = await programmeById(ctx, input.programmeId);
  if (!programme) throw notFound('programme', input.programmeId, 'input.programmeId');
  await requireInstitution(ctx, input.recipientId, 'input.recipientId');
  if (input.clubId) await requireInstitution(ctx, input.clubId, 'input.clubId');
  if (toGrosze(input.amount) === 0n) throw badInput('input.amount', 'must be greater than 0.00');
  if (programme.startsOn && input.awardedOn < programme.startsOn) throw badInput('input.awardedOn', `is before the programme starts (${programme.startsOn})`);
  if (programme.endsOn && input.awardedOn > programme.endsOn) throw badInput('input.awardedOn', `is after the programme ends (${programme.endsOn})`);
  if (input.purpose === GrantPurpose.CLUB_CREATION) {
    const cap = await clubCreationCap(ctx, programme);
    if (cap && toGrosze(input.amount) > toGrosze(cap)) {
      throw badInput('input.amount', `${input.amount} PLN exceeds the cap of ${cap} PLN for creating one club under ${programme.code}`);
    }
  }
  const grant = ctx.em.create(Grant, {
    programme,
    recipient: ctx.em.getReference(Institution, input.recipientId, { wrapped: true }),
    club: input.clubId ? ctx.em.getReference(Institution, input.clubId, { wrapped: true }) : null,
    purpose: input.purpose,
    amount: input.amount,
    awardedOn: input.awardedOn,
  });
  await ctx.em.flush();
  return grant;
}

export async function setFundingSource(ctx: RequestContext, input: SetFundingSourceInput): Promise<FundingSource> {
  requireSignedIn(ctx.caller, 'setFundingSource');
  const own = ctx.caller.role === Role.INSTITUTION_STAFF && ctx.caller.institutionId === input.institutionId;
  if (ctx.caller.role !== Role.ADMIN && !own) deny('setFundingSource', 'only staff of the institution or an admin may record its funding');
  await requireInstitution(ctx, input.institutionId, 'input.institutionId');
  // One statement (insert … on conflict on the unique key do update): concurrent calls for one
  // institution, year and source leave one row with the last amount, never a duplicate-key error.
  const [{ id }] = await ctx.em.execute<{ id: string }[]>(
    `insert into funding_source (id, institution_id, year, source, amount) values (?, ?, ?, ?, ?)
     on conflict (institution_id, year, source) do update set amount = excluded.amount
     returning id`,
    [newId(), input.institutionId, input.year, input.source, input.amount],
  );
  return ctx.em.findOneOrFail(FundingSource, { id }, { refresh: true });
}
