// Translates an InstitutionFilter into SQL on an `institution` alias; shared by every list that
// returns institutions (search, partners, network members).
import type { Knex } from '@mikro-orm/postgresql';
import { asOfOrToday } from '../../common/dates';
import { escapeLike, normaliseForSearch, textArraySql } from '../../common/text';
import { typesOfSectors } from './institution-kinds';
import type { InstitutionFilter } from './institution.inputs';

export function applyInstitutionFilter(knex: Knex, qb: Knex.QueryBuilder, alias: string, filter: InstitutionFilter | null | undefined): Knex.QueryBuilder {
  if (!filter) return qb;
  const col = (name: string): string => `${alias}.${name}`;
  // TERYT codes nest (WW, WWPP, WWPPGGR): each given level narrows the seat, and they combine with AND.
  for (const place of [filter.voivodeship, filter.county, filter.municipality]) {
    if (place) qb.where(col('municipality_code'), 'like', `${place}%`);
  }
  if (filter.types?.length) qb.whereIn(col('type'), filter.types);
  if (filter.sectors?.length) qb.whereIn(col('type'), typesOfSectors(filter.sectors));
  if (filter.fields?.length) qb.whereRaw(`?? && ${textArraySql(filter.fields)}`, [col('fields'), ...filter.fields]);
  if (filter.statuses?.length) qb.whereIn(col('status'), filter.statuses);
  if (filter.pilot != null) qb.where(col('pilot'), filter.pilot);
  if (filter.synthetic != null) qb.where(col('synthetic'), filter.synthetic);
  if (filter.founderId) qb.where(col('founder_id'), filter.founderId);
  if (filter.networkId) {
    const asOf = asOfOrToday(filter.asOf);
    qb.whereExists(
      knex('membership as fm')
        .select(knex.raw('1'))
        .whereRaw('fm.institution_id = ??', [col('id')])
        .where('fm.network_id', filter.networkId)
        .where('fm.joined_on', '<=', asOf)
        .whereRaw('(fm.left_on is null or fm.left_on >= ?)', [asOf]),
    );
  }
  const words = filter.search ? normaliseForSearch(filter.search).split(' ').filter(Boolean) : [];
  for (const word of words) qb.where(col('search_text'), 'like', `%${escapeLike(word)}%`);
  return qb;
}
