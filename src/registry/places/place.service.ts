// Reads of the territorial division; every relation goes through the request's loaders.
import type { RequestContext } from '../../common/context';
import { badInput } from '../../common/errors';
import { pageSize, toConnection, type ConnectionShape } from '../../common/connection';
import { County, Municipality, MunicipalityKind, Voivodeship } from './place.entities';

export const voivodeshipByCode = (ctx: RequestContext, code: string): Promise<Voivodeship | null> => ctx.loaders.byKey(Voivodeship, 'code').load(code);
export const countyByCode = (ctx: RequestContext, code: string): Promise<County | null> => ctx.loaders.byKey(County, 'code').load(code);
export const municipalityByCode = (ctx: RequestContext, code: string): Promise<Municipality | null> => ctx.loaders.byKey(Municipality, 'code').load(code);

export const allVoivodeships = (ctx: RequestContext): Promise<Voivodeship[]> => ctx.em.find(Voivodeship, {}, { orderBy: { code: 'asc' } });

export const countiesOf = (ctx: RequestContext, voivodeship: string): Promise<County[]> =>
  ctx.loaders.groupedBy(County, 'voivodeship', { code: 'asc' }).load(voivodeship);

export const municipalitiesOfCounty = (ctx: RequestContext, county: string): Promise<Municipality[]> =>
  ctx.loaders.groupedBy(Municipality, 'county', { code: 'asc' }).load(county);

/** A TERYT code that is not in the register is bad input, named by its field. */
export async function requireMunicipality(ctx: RequestContext, code: string, field: string): Promise<Municipality> {
  const found = await municipalityByCode(ctx, code);
  if (!found) throw badInput(field, `no municipality with TERYT code ${code} in the register`);
  return found;
}

export interface MunicipalityFilter {
  voivodeship?: string | null;
  county?: string | null;
  kind?: MunicipalityKind | null;
  name?: string | null;
}

export async function listMunicipalities(
  ctx: RequestContext,
  filter: MunicipalityFilter,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ConnectionShape<Municipality>> {
  const [page] = await ctx.loaders.pagesOf(
    Municipality,
    ['all'],
    {
      keyLength: 1,
      first: pageSize(first),
      after,
      base: (knex) => {
        const qb = knex('municipality as m').select(knex.raw("'all' as parent"), 'm.code as id', 'm.code as k0');
        for (const prefix of [filter.voivodeship, filter.county]) {
          if (prefix) qb.where('m.code', 'like', `${prefix}%`);
        }
        if (filter.kind) qb.where('m.kind', filter.kind);
        if (filter.name) qb.whereILike('m.name', `%${filter.name}%`);
        return qb;
      },
    },
    { key: 'code' },
  );
  return toConnection(page);
}
