// The registry rows behind one page of the HSDS export, as plain rows (no entities hydrated), in a
// fixed number of statements whatever the page size: the count, the page of institutions with
// their place names, then the partnerships and the memberships of every institution of the page
// in one statement each (batched by the page's ids). Public data only: no casework table is read,
// partnership notes are not, and partnerships still proposed or declined are left out.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PartnershipKind, PartnershipStatus, PartyRole } from '../cooperation/partnership.entities';
import type { ActivityField, InstitutionStatus, InstitutionType, LegalForm } from '../institutions/institution-kinds';
import type { MembershipRole, NetworkKind } from '../networks/network.entities';

export interface InstitutionRow {
  id: string;
  type: InstitutionType;
  name: string;
  shortName: string | null;
  legalForm: LegalForm | null;
  krs: string | null;
  regon: string | null;
  nip: string | null;
  street: string | null;
  postalCode: string | null;
  locality: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  fields: ActivityField[];
  status: InstitutionStatus;
  createdOn: string | null;
  founderId: string | null;
  pilot: boolean;
  synthetic: boolean;
  municipalityCode: string | null;
  municipalityName: string | null;
  countyName: string | null;
  voivodeshipName: string | null;
}

export interface PartnershipRow {
  holderId: string;
  id: string;
  kind: PartnershipKind;
  status: PartnershipStatus;
  areas: ActivityField[];
  validFrom: string;
  validTo: string | null;
  role: PartyRole;
  partners: { organization_id: string; name: string; role: PartyRole }[];
}

export interface MembershipRow {
  holderId: string;
  id: string;
  role: MembershipRole;
  joinedOn: string;
  leftOn: string | null;
  networkId: string;
  networkName: string;
  networkKind: NetworkKind;
  voivodeship: string | null;
}

export interface PageRows {
  total: number;
  institutions: InstitutionRow[];
  partnerships: Map<string, PartnershipRow[]>;
  memberships: Map<string, MembershipRow[]>;
}

const INSTITUTION_COLUMNS = `
  i.id, i.type, i.name, i.short_name as "shortName", i.legal_form as "legalForm", i.krs, i.regon, i.nip,
  i.street, i.postal_code as "postalCode", i.locality, i.website, i.email, i.phone, i.fields::text[] as fields,
  i.status, i.created_on::text as "createdOn", i.founder_id as "founderId", i.pilot, i.synthetic,
  m.code as "municipalityCode", m.name as "municipalityName", c.name as "countyName", v.name as "voivodeshipName"
  from institution i
  left join municipality m on m.code = i.municipality_code
  left join county c on c.code = m.county_code
  left join voivodeship v on v.code = c.voivodeship_code`;

const uuidArray = (ids: string[]): string => `{${ids.join(',')}}`;

function groupBy<T extends { holderId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.holderId);
    if (list) list.push(row);
    else out.set(row.holderId, [row]);
  }
  return out;
}

/** What goes with the institutions of a page: partnerships and memberships, one statement each. */
async function relationsOf(em: EntityManager, ids: string[], withRelations: boolean): Promise<Pick<PageRows, 'partnerships' | 'memberships'>> {
  if (!withRelations || !ids.length) return { partnerships: new Map(), memberships: new Map() };
  const [partnerships, memberships] = await Promise.all([
    em.execute<PartnershipRow[]>(
      `select pp.institution_id as "holderId", p.id, p.kind, p.status, p.areas::text[] as areas,
         p.valid_from::text as "validFrom", p.valid_to::text as "validTo", pp.role,
         coalesce((select json_agg(json_build_object('organization_id', o.institution_id, 'name', oi.name, 'role', o.role) order by o.institution_id)
                   from partnership_party o join institution oi on oi.id = o.institution_id
                   where o.partnership_id = p.id and o.institution_id <> pp.institution_id), '[]'::json) as partners
       from partnership_party pp join partnership p on p.id = pp.partnership_id
       where pp.institution_id = any(?::uuid[]) and p.status in ('ACTIVE', 'ENDED')
       order by pp.institution_id, p.valid_from, p.id`,
      [uuidArray(ids)],
    ),
    em.execute<MembershipRow[]>(
      `select ms.institution_id as "holderId", ms.id, ms.role, ms.joined_on::text as "joinedOn", ms.left_on::text as "leftOn",
         n.id as "networkId", n.name as "networkName", n.kind as "networkKind", n.voivodeship_code as voivodeship
       from membership ms join network n on n.id = ms.network_id
       where ms.institution_id = any(?::uuid[])
       order by ms.institution_id, ms.joined_on, ms.id`,
      [uuidArray(ids)],
    ),
  ]);
  return { partnerships: groupBy(partnerships), memberships: groupBy(memberships) };
}

/** Institutions ordered by id (time-ordered UUIDs), `perPage` from `offset`, with the total. */
export async function loadPage(em: EntityManager, offset: number, perPage: number, withRelations: boolean): Promise<PageRows> {
  const [[{ total }], institutions] = await Promise.all([
    em.execute<{ total: number }[]>('select count(*)::int as total from institution'),
    em.execute<InstitutionRow[]>(`select ${INSTITUTION_COLUMNS} order by i.id limit ? offset ?`, [perPage, offset]),
  ]);
  return {
    total,
    institutions,
    ...(await relationsOf(
      em,
      institutions.map((i) => i.id),
      withRelations,
    )),
  };
}

/** One institution with its relations; null when there is none with that id. */
export async function loadOne(em: EntityManager, id: string): Promise<PageRows | null> {
  const institutions = await em.execute<InstitutionRow[]>(`select ${INSTITUTION_COLUMNS} where i.id = ?`, [id]);
  if (!institutions.length) return null;
  return { total: 1, institutions, ...(await relationsOf(em, [id], true)) };
}
