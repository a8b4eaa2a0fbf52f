// Registry rows → HSDS 3.0 objects (the mapping is documented in ./README.md). Pure functions:
// the same rows always give the same objects, and every derived record (location, address,
// phone, contact point, identifier, attribute, service) has a name-based id, stable across
// exports. Empty values are left out rather than sent as null (the HSDS schemas type them as
// strings or numbers).
import { SECTOR_OF, type ActivityField, type InstitutionStatus, type InstitutionType } from '../institutions/institution-kinds';
import type { InstitutionRow, MembershipRow, PageRows, PartnershipRow } from './rows';
import { fieldTerms, hsdsId, profileTerms, ProfileTerm, sectorTerms, typeLabel, typeTerms, type HsdsTaxonomyTerm } from './taxonomy';

export type HsdsObject = Record<string, unknown>;

/** Drops null, undefined and empty arrays. */
function compact(o: Record<string, unknown>): HsdsObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v != null && !(Array.isArray(v) && v.length === 0)));
}

/** Identifier schemes of org-id.guide for the Polish registers. */
const IDENTIFIERS = [
  { column: 'krs', scheme: 'PL-KRS', type: 'KRS' },
  { column: 'regon', scheme: 'PL-REGON', type: 'REGON' },
  { column: 'nip', scheme: 'PL-NIP', type: 'NIP' },
] as const;

/** HSDS service status for the institution's status. */
const SERVICE_STATUS: Record<InstitutionStatus, string> = {
  PLANNED: 'inactive',
  ACTIVE: 'active',
  SUSPENDED: 'temporarily closed',
  CLOSED: 'defunct',
};

/** A URL with a scheme (HSDS `format: uri`); a bare host (older records) gets https://; anything else is left out. */
function websiteUri(value: string | null): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(\/\S*)?$/u.test(v) ? `https://${v}` : null;
  if (!candidate) return undefined;
  return URL.canParse(candidate) ? candidate : undefined;
}

const emailOf = (value: string | null): string | undefined => (value && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? value.trim() : undefined);

function attribute(linkId: string, linkEntity: string, term: HsdsTaxonomyTerm, linkType: string, key: string, value?: string): HsdsObject {
  return compact({
    id: hsdsId('attribute', linkEntity, linkId, term.id, key),
    link_id: linkId,
    link_entity: linkEntity,
    link_type: linkType,
    taxonomy_term_id: term.id,
    taxonomy_term: term,
    value,
  });
}

const profile = (p: ProfileTerm) => profileTerms.get(p)!;

function classification(linkId: string, linkEntity: string, type: InstitutionType, fields: ActivityField[]): HsdsObject[] {
  return [
    attribute(linkId, linkEntity, typeTerms.get(type)!, 'institution_type', type),
    attribute(linkId, linkEntity, sectorTerms.get(SECTOR_OF[type])!, 'sector', SECTOR_OF[type]),
    ...fields.map((f) => attribute(linkId, linkEntity, fieldTerms.get(f)!, 'field_of_activity', f)),
  ];
}

function partnershipAttribute(orgId: string, p: PartnershipRow): HsdsObject {
  const value = {
    partnership_id: p.id,
    kind: p.kind,
    status: p.status,
    areas: p.areas,
    valid_from: p.validFrom,
    valid_to: p.validTo,
    role: p.role,
    partners: p.partners,
  };
  return attribute(orgId, 'organization', profile(ProfileTerm.PARTNERSHIP), ProfileTerm.PARTNERSHIP, p.id, JSON.stringify(value));
}

function membershipAttribute(orgId: string, m: MembershipRow): HsdsObject {
  const value = {
    membership_id: m.id,
    network_id: m.networkId,
    network_name: m.networkName,
    network_kind: m.networkKind,
    voivodeship: m.voivodeship,
    role: m.role,
    joined_on: m.joinedOn,
    left_on: m.leftOn,
  };
  return attribute(orgId, 'organization', profile(ProfileTerm.NETWORK_MEMBERSHIP), ProfileTerm.NETWORK_MEMBERSHIP, m.id, JSON.stringify(value));
}

const phoneId = (i: InstitutionRow, owner: string): string => hsdsId('phone', i.id, owner);

/** The seat: a physical location with its TERYT municipality and, when complete, its address. */
function locationOf(i: InstitutionRow): HsdsObject | undefined {
  if (!i.municipalityCode && !i.street && !i.locality) return undefined;
  const id = hsdsId('location', i.id);
  const city = i.locality ?? i.municipalityName;
  const address =
    i.street && i.postalCode && city && i.voivodeshipName
      ? compact({
          id: hsdsId('address', i.id),
          location_id: id,
          address_1: i.street,
          city,
          region: i.countyName ? `powiat ${i.countyName}` : undefined,
          state_province: i.voivodeshipName,
          postal_code: i.postalCode,
          country: 'PL',
          address_type: 'physical',
        })
      : undefined;
  return compact({
    id,
    location_type: 'physical',
    organization_id: i.id,
    name: i.name,
    description:
      [i.locality, i.municipalityName && `gmina ${i.municipalityName}`, i.voivodeshipName && `województwo ${i.voivodeshipName}`].filter(Boolean).join(', ') ||
      undefined,
    external_identifier: i.municipalityCode ?? undefined,
    external_identifier_type: i.municipalityCode ? 'TERYT TERC (municipality)' : undefined,
    addresses: address ? [address] : [],
  });
}

/** The institution's one service: what it offers, in its fields of activity, at its seat. */
function serviceOf(i: InstitutionRow): HsdsObject {
  const id = hsdsId('service', i.id);
  const location = locationOf(i);
  return compact({
    id,
    organization_id: i.id,
    name: `${typeLabel(i.type)}: ${i.name}`,
    description: `Services of ${i.name} (${typeLabel(i.type).toLowerCase()}) in the National Reintegration Network.`,
    status: SERVICE_STATUS[i.status],
    url: websiteUri(i.website),
    email: emailOf(i.email),
    phones: i.phone ? [{ id: phoneId(i, 'service'), service_id: id, number: i.phone }] : [],
    attributes: classification(id, 'service', i.type, i.fields),
    service_at_locations: location ? [{ id: hsdsId('service_at_location', i.id), service_id: id, location_id: location.id, location }] : [],
  });
}

/** A full HSDS organization: identifiers, seat, phone, contact point, classification and relations. */
export function organizationOf(i: InstitutionRow, partnerships: PartnershipRow[], memberships: MembershipRow[]): HsdsObject {
  const location = locationOf(i);
  const email = emailOf(i.email);
  const contactId = hsdsId('contact', i.id);
  const flags = [
    i.pilot ? attribute(i.id, 'organization', profile(ProfileTerm.PILOT_CLUB), ProfileTerm.PILOT_CLUB, 'flag', 'true') : null,
    i.synthetic ? attribute(i.id, 'organization', profile(ProfileTerm.SYNTHETIC_RECORD), ProfileTerm.SYNTHETIC_RECORD, 'flag', 'true') : null,
  ].filter((a): a is HsdsObject => a !== null);
  return compact({
    id: i.id,
    name: i.name,
    alternate_name: i.shortName ?? undefined,
    description: `${typeLabel(i.type)}${(i.locality ?? i.municipalityName) ? ` in ${i.locality ?? i.municipalityName}` : ''}${i.voivodeshipName ? ` (${i.voivodeshipName})` : ''}.`,
    email,
    website: websiteUri(i.website),
    tax_id: i.nip ?? undefined,
    year_incorporated: i.createdOn ? Number(i.createdOn.slice(0, 4)) : undefined,
    legal_status: i.legalForm ?? undefined,
    parent_organization_id: i.founderId ?? undefined,
    organization_identifiers: IDENTIFIERS.filter((d) => i[d.column]).map((d) => ({
      id: hsdsId('organization_identifier', i.id, d.type),
      organization_id: i.id,
      identifier_scheme: d.scheme,
      identifier_type: d.type,
      identifier: i[d.column]!,
    })),
    locations: location ? [location] : [],
    phones: i.phone ? [{ id: phoneId(i, 'organization'), organization_id: i.id, number: i.phone }] : [],
    // The institution's own contact point (its public e-mail and phone), never a person: the
    // registry holds no contact persons.
    contacts:
      email || i.phone
        ? [
            compact({
              id: contactId,
              organization_id: i.id,
              email,
              phones: i.phone ? [{ id: phoneId(i, 'contact'), contact_id: contactId, number: i.phone }] : [],
            }),
          ]
        : [],
    attributes: [
      ...classification(i.id, 'organization', i.type, i.fields),
      attribute(i.id, 'organization', profile(ProfileTerm.INSTITUTION_STATUS), ProfileTerm.INSTITUTION_STATUS, 'status', i.status),
      ...flags,
      ...partnerships.map((p) => partnershipAttribute(i.id, p)),
      ...memberships.map((m) => membershipAttribute(i.id, m)),
    ],
  });
}

export const organizationsOf = (rows: PageRows): HsdsObject[] =>
  rows.institutions.map((i) => organizationOf(i, rows.partnerships.get(i.id) ?? [], rows.memberships.get(i.id) ?? []));

export const servicesOf = (rows: PageRows): HsdsObject[] => rows.institutions.map(serviceOf);
