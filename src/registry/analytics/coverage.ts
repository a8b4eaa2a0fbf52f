// New-profile coverage: does each club (KIS or CIS) work with partners from the four areas of the
// new service profile (education, culture, health prevention, sport and recreation)?
//
// The rule: a partner (a party of a partnership in force on `asOf` with the club) covers an area
//  - by its sector: EDUCATION → education, CULTURE → culture, HEALTH or HEALTH_PREVENTION →
//    health prevention, SPORT_RECREATION → sport and recreation; or
//  - by the partnership: the partnership names the area AND the partner itself works in that
//    field (e.g. an NGO with a sports section in a partnership for sport), unless the partner is
//    a social employment entity (another club is a peer, not a partner from that area).
// So the OPS and PUP of a multilateral partnership that also covers education do not count as
// education partners; the school in it does. The partner's own seat does not matter.
import type { EntityManager } from '@mikro-orm/postgresql';
import { PartnershipStatus } from '../cooperation/partnership.entities';
import { ActivityField, InstitutionType, NEW_PROFILE_AREAS, SECTOR_OF, Sector } from '../institutions/institution-kinds';

export type NewProfileArea = (typeof NEW_PROFILE_AREAS)[number];

const AREA_OF_SECTOR: Partial<Record<Sector, NewProfileArea>> = {
  [Sector.EDUCATION]: ActivityField.EDUCATION,
  [Sector.CULTURE]: ActivityField.CULTURE,
  [Sector.HEALTH]: ActivityField.HEALTH_PREVENTION,
  [Sector.HEALTH_PREVENTION]: ActivityField.HEALTH_PREVENTION,
  [Sector.SPORT_RECREATION]: ActivityField.SPORT_RECREATION,
};

interface PartnerRow {
  partner: string;
  type: InstitutionType;
  fields: ActivityField[];
  partnership: string;
  areas: ActivityField[];
}

interface ClubRow {
  id: string;
  voivodeship: string | null;
  partners: PartnerRow[];
}

/** The areas a partner covers for a club through one partnership (see the rule above). */
function areasCovered(p: Pick<PartnerRow, 'type' | 'fields' | 'areas'>): NewProfileArea[] {
  const sector = SECTOR_OF[p.type];
  const covered = new Set<NewProfileArea>();
  const bySector = AREA_OF_SECTOR[sector];
  if (bySector) covered.add(bySector);
  if (sector !== Sector.SOCIAL_EMPLOYMENT) {
    for (const area of NEW_PROFILE_AREAS) if (p.areas.includes(area) && p.fields.includes(area)) covered.add(area);
  }
  return NEW_PROFILE_AREAS.filter((a) => covered.has(a));
}

export interface ClubCoverage {
  clubId: string;
  voivodeship: string | null;
  /** Partner ids per area (sorted; empty when the area is missing). */
  partners: Record<NewProfileArea, string[]>;
  covered: NewProfileArea[];
  missing: NewProfileArea[];
  /** Areas covered / 4. */
  score: number;
}

export interface VoivodeshipCoverage {
  voivodeship: string | null;
  clubCount: number;
  fullyCovered: number;
  averageScore: number;
  /** Per area, the clubs missing it. */
  gaps: { area: NewProfileArea; clubIds: string[] }[];
}

export interface CoverageReport {
  asOf: string;
  clubs: ClubCoverage[];
  voivodeships: VoivodeshipCoverage[];
}

/**
 * Clubs existing on `asOf` (the graph's existence rule) with their partners through partnerships
 * in force then (the `whereInForce` rule), in one statement.
 */
async function loadClubs(em: EntityManager, asOf: string, voivodeship: string | null): Promise<ClubRow[]> {
  const sql = `
    select c.id, left(c.municipality_code, 2) as voivodeship,
      coalesce((
        select json_agg(json_build_object('partner', o.id, 'type', o.type, 'fields', o.fields, 'partnership', p.id, 'areas', p.areas) order by o.id, p.id)
        from partnership_party cp
        join partnership p on p.id = cp.partnership_id
        join partnership_party op on op.partnership_id = p.id and op.institution_id <> cp.institution_id
        join institution o on o.id = op.institution_id
        where cp.institution_id = c.id and p.status in (:active, :ended)
          and p.valid_from <= :asOf and (p.valid_to is null or p.valid_to >= :asOf)
      ), '[]'::json) as partners
    from institution c
    where c.type in (:kis, :cis)
      and (least(c.created_on, c.activity_started_on, c.registered_on) is null or least(c.created_on, c.activity_started_on, c.registered_on) <= :asOf)
      and (c.closed_on is null or c.closed_on >= :asOf)
      and not (c.status = 'CLOSED' and c.closed_on is null)
      ${voivodeship ? 'and c.municipality_code like :voivodeship' : ''}
    order by voivodeship nulls last, c.id`;
  const params = {
    asOf,
    active: PartnershipStatus.ACTIVE,
    ended: PartnershipStatus.ENDED,
    kis: InstitutionType.KIS,
    cis: InstitutionType.CIS,
    voivodeship: `${voivodeship ?? ''}%`,
  };
  return em.execute<ClubRow[]>(em.getKnex().raw(sql, params));
}

export async function computeCoverage(em: EntityManager, asOf: string, voivodeship: string | null): Promise<CoverageReport> {
  const rows = await loadClubs(em, asOf, voivodeship);
  const clubs = rows.map((row): ClubCoverage => {
    const partners = Object.fromEntries(NEW_PROFILE_AREAS.map((a) => [a, new Set<string>()])) as Record<NewProfileArea, Set<string>>;
    for (const p of row.partners) for (const area of areasCovered(p)) partners[area].add(p.partner);
    const covered = NEW_PROFILE_AREAS.filter((a) => partners[a].size > 0);
    return {
      clubId: row.id,
      voivodeship: row.voivodeship,
      partners: Object.fromEntries(NEW_PROFILE_AREAS.map((a) => [a, [...partners[a]].sort()])) as Record<NewProfileArea, string[]>,
      covered,
      missing: NEW_PROFILE_AREAS.filter((a) => !covered.includes(a)),
      score: covered.length / NEW_PROFILE_AREAS.length,
    };
  });
  const groups = new Map<string | null, ClubCoverage[]>();
  for (const club of clubs) groups.set(club.voivodeship, [...(groups.get(club.voivodeship) ?? []), club]);
  const voivodeships = [...groups].map(([code, list]): VoivodeshipCoverage => ({
    voivodeship: code,
    clubCount: list.length,
    fullyCovered: list.filter((c) => c.missing.length === 0).length,
    averageScore: list.reduce((sum, c) => sum + c.score, 0) / list.length,
    gaps: NEW_PROFILE_AREAS.map((area) => ({ area, clubIds: list.filter((c) => c.missing.includes(area)).map((c) => c.clubId) })),
  }));
  return { asOf, clubs, voivodeships };
}
