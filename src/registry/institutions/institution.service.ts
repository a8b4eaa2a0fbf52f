// Institutions: lookups, filtered lists, counts per voivodeship, and the create/update rules.
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { deny, requireSignedIn, Role, type Caller } from '../../common/auth';
import { pageSize, toConnection, type ConnectionShape } from '../../common/connection';
import type { RequestContext } from '../../common/context';
import { badInput, conflict, notFound, staleVersion } from '../../common/errors';
import { loadPresent } from '../../common/loaders';
import type { NestedPageSpec } from '../../common/nested-pages';
import { Municipality } from '../places/place.entities';
import { requireMunicipality } from '../places/place.service';
import { InstitutionStatus, InstitutionType, SECTOR_OF, Sector } from './institution-kinds';
import { applyInstitutionFilter } from './institution-filter';
import { Institution } from './institution.entities';
import type { CreateInstitutionInput, InstitutionFilter, UpdateInstitutionInput } from './institution.inputs';

export const institutionById = (ctx: RequestContext, id: string): Promise<Institution | null> => ctx.loaders.byKey(Institution).load(id);

export const institutionsByIds = (ctx: RequestContext, ids: readonly string[]): Promise<Institution[]> => loadPresent(ctx.loaders.byKey(Institution), ids);

export async function requireInstitution(ctx: RequestContext, id: string, field: string): Promise<Institution> {
  const found = await institutionById(ctx, id);
  if (!found) throw notFound('institution', id, field);
  return found;
}

/** All of these institutions, loaded in one batch; the first missing one is named by index. */
export async function requireInstitutions(ctx: RequestContext, ids: readonly string[], field: string): Promise<Institution[]> {
  const found = await ctx.loaders.byKey(Institution).loadMany(ids);
  return found.map((institution, i) => {
    if (institution instanceof Error) throw institution;
    if (!institution) throw notFound('institution', ids[i], `${field}[${i}]`);
    return institution;
  });
}

/** Voivodeship (TERYT) of an institution's seat, if it has one. */
export const voivodeshipOf = (institution: Institution): string | undefined => institution.municipality?.code.slice(0, 2);

/** Institutions ordered by name (then id), filtered; one statement for the page, one for the rows. */
export async function listInstitutions(
  ctx: RequestContext,
  filter: InstitutionFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ConnectionShape<Institution>> {
  const [page] = await ctx.loaders.pagesOf(Institution, ['all'], {
    keyLength: 2,
    first: pageSize(first),
    after,
    base: (knex) =>
      applyInstitutionFilter(
        knex,
        knex('institution as i').select(knex.raw("'all' as parent"), 'i.id', 'i.name as k0', knex.raw('i.id::text as k1')),
        'i',
        filter,
      ),
  });
  return toConnection(page);
}

/** Institutions run by each founder, one page per founder, batched across founders. */
export function operatedInstitutions(ctx: RequestContext, founderId: string, first: number | null | undefined, after: string | null | undefined) {
  return pagedInstitutions(ctx, 'operatedBy', { first, after }, founderId, (knex, parents) =>
    knex('institution as i').select('i.founder_id as parent', 'i.id', 'i.name as k0', knex.raw('i.id::text as k1')).whereIn('i.founder_id', parents),
  );
}

/** Shared by nested lists of institutions: batch the page query per request and arguments. */
export async function pagedInstitutions(
  ctx: RequestContext,
  name: string,
  args: { first?: number | null; after?: string | null; [k: string]: unknown },
  parent: string,
  base: NestedPageSpec['base'],
): Promise<ConnectionShape<Institution>> {
  return toConnection(await ctx.loaders.nestedPage(Institution, name, args, parent, base));
}

export interface TypeCount {
  type: InstitutionType;
  sector: Sector;
  count: number;
}

/** Institutions per type in each voivodeship (closed ones excluded unless asked), batched. */
export function countsByType(ctx: RequestContext, voivodeship: string, includeClosed: boolean): Promise<TypeCount[]> {
  return ctx.loaders
    .get<string, TypeCount[]>('institutionCounts', { includeClosed }, async (codes) => {
      const knex = ctx.em.getKnex();
      const qb = knex('institution as i')
        .select(knex.raw('left(i.municipality_code, 2) as voivodeship'), 'i.type')
        .count({ n: '*' })
        .whereRaw(`left(i.municipality_code, 2) in (${codes.map(() => '?').join(', ')})`, [...codes])
        .groupBy(1, 2);
      if (!includeClosed) qb.whereNot('i.status', InstitutionStatus.CLOSED);
      const rows = await ctx.em.execute<{ voivodeship: string; type: InstitutionType; n: string }[]>(qb);
      const byCode = new Map<string, TypeCount[]>(codes.map((c) => [c, []]));
      for (const r of rows) byCode.get(r.voivodeship)?.push({ type: r.type, sector: SECTOR_OF[r.type], count: Number(r.n) });
      return codes.map((c) => (byCode.get(c) ?? []).sort((a, b) => a.type.localeCompare(b.type)));
    })
    .load(voivodeship);
}

function canManage(caller: Caller, institution: { id?: string; voivodeship?: string; founderId?: string | null }): boolean {
  switch (caller.role) {
    case Role.ADMIN:
      return true;
    case Role.INSTITUTION_STAFF:
      return caller.institutionId === institution.id || (institution.founderId != null && caller.institutionId === institution.founderId);
    case Role.REGIONAL_COORDINATOR:
      return institution.voivodeship !== undefined && caller.voivodeship === institution.voivodeship;
    default:
      return false;
  }
}

async function checkReferences(ctx: RequestContext, input: CreateInstitutionInput | UpdateInstitutionInput, selfId?: string): Promise<void> {
  if (input.municipalityCode) await requireMunicipality(ctx, input.municipalityCode, 'input.municipalityCode');
  if (input.founderId) {
    if (input.founderId === selfId) throw badInput('input.founderId', 'an institution cannot be its own founder');
    await requireInstitution(ctx, input.founderId, 'input.founderId');
  }
}

function checkDates(created: string | null | undefined, closed: string | null | undefined): void {
  if (created && closed && closed < created) throw badInput('input.closedOn', `must not be before createdOn (${created})`);
}

const ASSIGNABLE = [
  'name',
  'type',
  'shortName',
  'legalForm',
  'krs',
  'regon',
  'nip',
  'street',
  'postalCode',
  'locality',
  'website',
  'email',
  'phone',
  'fields',
  'status',
  'createdOn',
  'activityStartedOn',
  'registeredOn',
  'closedOn',
] as const;

function assign(ctx: RequestContext, target: Institution, input: CreateInstitutionInput | UpdateInstitutionInput): void {
  const patch = target as unknown as Record<string, unknown>;
  for (const key of ASSIGNABLE) {
    const value = input[key];
    if (value === undefined) continue;
    if (value === null && (key === 'name' || key === 'type' || key === 'status' || key === 'fields')) {
      throw badInput(`input.${key}`, 'cannot be null');
    }
    patch[key] = value;
  }
  if (input.municipalityCode !== undefined) {
    target.municipality = input.municipalityCode ? ctx.em.getReference(Municipality, input.municipalityCode, { wrapped: true }) : null;
  }
  if (input.founderId !== undefined) {
    target.founder = input.founderId ? ctx.em.getReference(Institution, input.founderId, { wrapped: true }) : null;
  }
}

async function flushUnique(ctx: RequestContext, what: string): Promise<void> {
  try {
    await ctx.em.flush();
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException) {
      const field = /krs/.test(e.message) ? 'krs' : /regon/.test(e.message) ? 'regon' : 'input';
      throw conflict(`input.${field}`, `another ${what} already has this ${field.toUpperCase()}`);
    }
    throw e;
  }
}

export async function createInstitution(ctx: RequestContext, input: CreateInstitutionInput): Promise<Institution> {
  requireSignedIn(ctx.caller, 'createInstitution');
  const voivodeship = input.municipalityCode?.slice(0, 2);
  if (!canManage(ctx.caller, { voivodeship, founderId: input.founderId })) {
    deny('createInstitution', 'only an admin, the regional coordinator of its voivodeship, or staff of its founding body may register an institution');
  }
  await checkReferences(ctx, input);
  checkDates(input.createdOn, input.closedOn);
  const institution = new Institution();
  assign(ctx, institution, input);
  ctx.em.persist(institution);
  await flushUnique(ctx, 'institution');
  return institution;
}

export async function updateInstitution(ctx: RequestContext, input: UpdateInstitutionInput): Promise<Institution> {
  requireSignedIn(ctx.caller, 'updateInstitution');
  const institution = await requireInstitution(ctx, input.id, 'input.id');
  if (!canManage(ctx.caller, { id: institution.id, voivodeship: voivodeshipOf(institution), founderId: institution.founder?.id })) {
    deny('updateInstitution', 'only an admin, staff of this institution or of its founder, or the regional coordinator of its voivodeship may edit it');
  }
  if (input.municipalityCode && ctx.caller.role === Role.REGIONAL_COORDINATOR && input.municipalityCode.slice(0, 2) !== ctx.caller.voivodeship) {
    deny('updateInstitution', 'a regional coordinator cannot move an institution out of their voivodeship');
  }
  if (institution.version !== input.version) throw staleVersion('institution', input.version, institution.version);
  await checkReferences(ctx, input, institution.id);
  assign(ctx, institution, input);
  checkDates(institution.createdOn, institution.closedOn);
  try {
    await flushUnique(ctx, 'institution');
  } catch (e) {
    if (e instanceof OptimisticLockError) throw staleVersion('institution', input.version, input.version + 1);
    throw e;
  }
  return institution;
}
