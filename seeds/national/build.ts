// Builds the national synthetic network in memory, deterministically from (scale, seed): the
// institutions the pilot seed lacks, partnerships with a skewed degree distribution (preferential
// attachment, mostly within a county), and the networks (LSR per club, RSR and platform per
// voivodeship, the national body) with their memberships. Partnerships are kept in typed arrays so
// that national10 (1.5 million of them) stays small; rows are written out by copy-rows.ts.
import { stableId } from '../../src/common/ids';
import { ActivityField, InstitutionStatus, InstitutionType, SECTOR_OF, Sector } from '../../src/registry/institutions/institution-kinds';
import { MembershipRole, NetworkKind } from '../../src/registry/networks/network.entities';
import { PartnershipKind, PartnershipStatus } from '../../src/registry/cooperation/partnership.entities';
import { buildPilotPlan, NATIONAL_BODY_ID } from '../pilot';
import { keys } from '../pilot/ids';
import type { PilotPlan } from '../pilot/plan';
import { readTerc, type TercMunicipality, type TercRegister } from '../../src/registry/places/teryt';
import { nameFor, placeNames, type NamedTemplate } from './names';
import { derivedId, ID_TABLES, Rng, WeightedIndex } from './random';
import type { ScaleSpec } from './scales';

/** Seat of each voivodeship's ROPS and WUP (the capital; Zielona Góra for lubuskie). */
const CAPITALS: Record<string, string> = {
  '02': '0264011',
  '04': '0463011',
  '06': '0663011',
  '08': '0862011',
  '10': '1061011',
  '12': '1261011',
  '14': '1465011',
  '16': '1661011',
  '18': '1863011',
  '20': '2061011',
  '22': '2261011',
  '24': '2469011',
  '26': '2661011',
  '28': '2862011',
  '30': '3064011',
  '32': '3262011',
};

export const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
export const isoDay = (d: number): string => new Date(d * 86_400_000).toISOString().slice(0, 10);

interface GeneratedInstitution extends NamedTemplate {
  id: string;
  type: InstitutionType;
  municipality: string;
  locality: string;
  status: InstitutionStatus;
  createdOn: string | null;
  activityStartedOn: string | null;
  registeredOn: string | null;
  closedOn: string | null;
  founderId: string | null;
}

/** An institution that partnerships can attach to: the pilot's and the generated ones. */
interface PoolNode {
  id: string;
  type: InstitutionType;
  municipality: string;
  county: string;
  voivodeship: string;
  /** Generated here (false: from the pilot seed). */
  generated: boolean;
}

interface GeneratedNetwork {
  id: string;
  kind: NetworkKind;
  name: string;
  parentId: string | null;
  voivodeship: string;
  municipality: string | null;
  establishedOn: string;
}

interface GeneratedMembership {
  id: string;
  networkId: string;
  institutionId: string;
  role: MembershipRole;
  joinedOn: string;
  leftOn: string | null;
}

export const KINDS = [
  PartnershipKind.FORMAL_AGREEMENT,
  PartnershipKind.CONTRACT,
  PartnershipKind.LETTER_OF_INTENT,
  PartnershipKind.PROJECT_PARTNERSHIP,
  PartnershipKind.INFORMAL,
] as const;
export const STATUSES = [PartnershipStatus.ACTIVE, PartnershipStatus.ENDED, PartnershipStatus.PROPOSED, PartnershipStatus.DECLINED] as const;
export const AREAS = Object.values(ActivityField);

/** Partnerships as columns (index i is one partnership; its parties are partyStart[i]..partyStart[i+1]). */
interface PartnershipColumns {
  count: number;
  kind: Uint8Array;
  status: Uint8Array;
  validFrom: Int32Array;
  /** -1: open-ended. */
  validTo: Int32Array;
  createdDay: Int32Array;
  /** Bit i: AREAS[i]. */
  areas: Uint16Array;
  dataSharing: Uint8Array;
  partyStart: Int32Array;
  /** Pool node of each party; the lead (proposer) first. */
  partyNode: Int32Array;
  /** Days from creation to the party's confirmation (or decline); 255: none. */
  partyDelay: Uint8Array;
}

export interface NationalPlan {
  scale: ScaleSpec;
  seed: number;
  institutions: GeneratedInstitution[];
  nodes: PoolNode[];
  partnerships: PartnershipColumns;
  networks: GeneratedNetwork[];
  memberships: GeneratedMembership[];
}

/** How strongly partners are drawn to a type (multiplies an institution's random fitness). */
const ATTRACTIVENESS: Partial<Record<InstitutionType, number>> = { ROPS: 10, PUP: 6, WUP: 5, OPS: 4, KIS: 4, CIS: 4, PCPR: 3, NGO: 1.5 };
/** How often a type starts a partnership (the proposer). */
const INITIATIVE: Partial<Record<InstitutionType, number>> = { KIS: 8, CIS: 8, OPS: 3, PUP: 3, ROPS: 3, PCPR: 2, NGO: 2 };

/** Pareto tail index and cap of an institution's fitness; share of proposers drawn by weight. */
const FITNESS_TAIL = 1.6;
const FITNESS_CAP = 2_000;
const PREFERENTIAL_PROPOSERS = 0.5;

const AREA_OF_SECTOR: Partial<Record<Sector, ActivityField>> = {
  CULTURE: ActivityField.CULTURE,
  SPORT_RECREATION: ActivityField.SPORT_RECREATION,
  EDUCATION: ActivityField.EDUCATION,
  HEALTH: ActivityField.HEALTH_PREVENTION,
  HEALTH_PREVENTION: ActivityField.HEALTH_PREVENTION,
  LABOUR_MARKET: ActivityField.VOCATIONAL_ACTIVATION,
  BUSINESS: ActivityField.VOCATIONAL_ACTIVATION,
  SOCIAL_ASSISTANCE: ActivityField.SOCIAL_WORK,
  SOCIAL_ECONOMY: ActivityField.SOCIAL_ECONOMY,
};

/** The last day of generated history: later dates are the future of the data. */
export const LAST_PAST_DAY = day('2026-06-30');

/** How strongly a municipality attracts seats (and, in casework, residents): towns over villages. */
export function municipalityWeight(m: TercMunicipality, cityCounty: boolean): number {
  if (m.code === '1465011') return 60; // Warszawa
  if (cityCounty) return 12;
  return m.kind === 'URBAN' ? 4 : m.kind === 'URBAN_RURAL' ? 2.5 : 1.5;
}

interface Scope {
  voivodeships: { code: string; name: string }[];
  municipalities: TercMunicipality[];
  inScope: (municipality: string | null | undefined) => boolean;
}

function scopeOf(terc: TercRegister, scale: ScaleSpec): Scope {
  const wanted = scale.voivodeships ? new Set(scale.voivodeships) : null;
  const inScope = (code: string | null | undefined): boolean => Boolean(code) && (!wanted || wanted.has(code!.slice(0, 2)));
  return {
    voivodeships: terc.voivodeships.filter((v) => inScope(v.code)),
    municipalities: terc.municipalities.filter((m) => inScope(m.code)),
    inScope,
  };
}

export function buildNationalPlan(scale: ScaleSpec, seed: number, terc: TercRegister = readTerc(), pilot: PilotPlan = buildPilotPlan(terc)): NationalPlan {
  const rng = new Rng(seed);
  const scope = scopeOf(terc, scale);
  const counties = new Map(terc.counties.map((c) => [c.code, c]));
  const municipalitiesByCode = new Map(terc.municipalities.map((m) => [m.code, m]));
  const institutions: GeneratedInstitution[] = [];
  const nodes: PoolNode[] = [];
  const node = (id: string, type: InstitutionType, municipality: string, generated: boolean): PoolNode => {
    const n: PoolNode = { id, type, municipality, county: municipality.slice(0, 4), voivodeship: municipality.slice(0, 2), generated };
    nodes.push(n);
    return n;
  };

  // The pilot's institutions in scope join the pool; what they cover is not generated again.
  const pilotHas = new Set<string>();
  const pilotCount = new Map<InstitutionType, number>();
  for (const i of pilot.institutions) {
    if (!scope.inScope(i.municipality)) continue;
    node(stableId(i.key), i.type, i.municipality!, false);
    pilotCount.set(i.type, (pilotCount.get(i.type) ?? 0) + 1);
    const m = i.municipality!;
    pilotHas
      .add(`${i.type}:${m}`)
      .add(`${i.type}:${m.slice(0, 4)}`)
      .add(`${i.type}:${m.slice(0, 2)}`);
  }

  const add = (
    id: string,
    type: InstitutionType,
    m: TercMunicipality,
    named: NamedTemplate,
    extra: Partial<GeneratedInstitution> = {},
  ): GeneratedInstitution => {
    const row: GeneratedInstitution = {
      ...named,
      id,
      type,
      municipality: m.code,
      locality: m.name,
      status: InstitutionStatus.ACTIVE,
      createdOn: null,
      activityStartedOn: null,
      registeredOn: null,
      closedOn: null,
      founderId: null,
      ...extra,
    };
    institutions.push(row);
    node(id, type, m.code, true);
    return row;
  };
  const seat = (code: string): TercMunicipality => {
    const m = municipalitiesByCode.get(code);
    if (!m) throw new Error(`national generator: no municipality ${code}`);
    return m;
  };

  // One per place, with the same stable ids as the pilot's (so the two never overlap).
  if (scale.perPlace) {
    for (const v of scope.voivodeships) {
      const capital = seat(CAPITALS[v.code]);
      if (!pilotHas.has(`ROPS:${v.code}`)) add(stableId(keys.rops(v.code)), InstitutionType.ROPS, capital, placeNames.rops(v.name));
      if (!pilotHas.has(`WUP:${v.code}`)) add(stableId(keys.wup(v.code)), InstitutionType.WUP, capital, placeNames.wup(v.name));
    }
    // A county's offices sit in its first urban municipality (the county town), else its first one.
    const countySeats = new Map<string, TercMunicipality>();
    for (const m of scope.municipalities) {
      const current = countySeats.get(m.countyCode);
      if (!current || (current.kind !== 'URBAN' && m.kind === 'URBAN')) countySeats.set(m.countyCode, m);
    }
    for (const [code, m] of countySeats) {
      const county = counties.get(code)!;
      if (!pilotHas.has(`PUP:${code}`)) add(stableId(keys.pup(code)), InstitutionType.PUP, m, placeNames.pup(county));
      if (!county.cityWithCountyRights) add(stableId(`institution:pcpr:${code}`), InstitutionType.PCPR, m, placeNames.pcpr(county));
    }
    for (const m of scope.municipalities) {
      if (!pilotHas.has(`OPS:${m.code}`)) add(stableId(keys.ops(m.code)), InstitutionType.OPS, m, placeNames.ops(m));
      if (!pilotHas.has(`GKRPA:${m.code}`)) add(stableId(`institution:gkrpa:${m.code}`), InstitutionType.GKRPA, m, placeNames.gkrpa(m));
    }
  }

  // Counted types, seated by a weight that favours towns and cities.
  const cityCounties = new Set(terc.counties.filter((c) => c.cityWithCountyRights).map((c) => c.code));
  const seats = new WeightedIndex(scope.municipalities.map((m) => municipalityWeight(m, cityCounties.has(m.countyCode))));
  let generatedIndex = 0;
  const ngosByVoivodeship = new Map<string, string[]>();
  // NGOs first: clubs and centres pick founders among them.
  const counted = (Object.entries(scale.counted) as [InstitutionType, number][]).sort(([a], [b]) =>
    a === InstitutionType.NGO ? -1 : b === InstitutionType.NGO ? 1 : 0,
  );
  for (const [type, total] of counted) {
    const missing = Math.max(0, total - (pilotCount.get(type) ?? 0));
    for (let k = 0; k < missing; k++) {
      const m = scope.municipalities[seats.draw(rng)];
      const named = nameFor(type, m, rng);
      const extra: Partial<GeneratedInstitution> = {};
      const r = rng.float();
      if (r < 0.02) extra.status = InstitutionStatus.SUSPENDED;
      else if (r < 0.05) {
        extra.status = InstitutionStatus.CLOSED;
        extra.closedOn = isoDay(rng.int(day('2020-01-01'), LAST_PAST_DAY));
      }
      if (type === InstitutionType.KIS || type === InstitutionType.CIS) {
        const created = rng.int(day('2005-01-01'), day('2025-12-31'));
        extra.createdOn = isoDay(created);
        extra.activityStartedOn = isoDay(created + rng.int(0, 60));
        extra.registeredOn = isoDay(created + rng.int(10, 50));
        const founders = ngosByVoivodeship.get(m.code.slice(0, 2));
        if (founders?.length && rng.chance(0.6)) extra.founderId = rng.pick(founders);
      }
      const row = add(derivedId(seed, ID_TABLES.institution, generatedIndex++), type, m, named, extra);
      if (type === InstitutionType.NGO) {
        const list = ngosByVoivodeship.get(m.code.slice(0, 2)) ?? [];
        list.push(row.id);
        ngosByVoivodeship.set(m.code.slice(0, 2), list);
      }
    }
  }

  const partnerships = buildPartnerships(scale.partnerships, nodes, rng);
  const { networks, memberships } = buildNetworks(scale, seed, rng, scope, pilot, nodes, partnerships, institutions);
  return { scale, seed, institutions, nodes, partnerships, networks, memberships };
}

/** Nodes of one scope (county, voivodeship, country) drawn in proportion to their weights. */
class Catchment {
  private readonly index: WeightedIndex;

  constructor(
    readonly members: number[],
    weights: Float64Array,
  ) {
    this.index = new WeightedIndex(members.map((i) => weights[i]));
  }

  draw(rng: Rng): number {
    return this.members[this.index.draw(rng)];
  }
}

/**
 * Partnerships by a Chung–Lu style model: every institution gets a weight, its type's
 * attractiveness times a Pareto-distributed fitness (tail index 1.6), and partners are drawn in
 * proportion to it, mostly within the proposer's county. Degrees then follow a power law: most
 * institutions have a few partners, hubs (an OPS, a PUP or an NGO in a city) have hundreds.
 */
function buildPartnerships(count: number, nodes: readonly PoolNode[], rng: Rng): PartnershipColumns {
  const maxParties = Math.ceil(count * 2.2) + 16;
  const cols: PartnershipColumns = {
    count,
    kind: new Uint8Array(count),
    status: new Uint8Array(count),
    validFrom: new Int32Array(count),
    validTo: new Int32Array(count),
    createdDay: new Int32Array(count),
    areas: new Uint16Array(count),
    dataSharing: new Uint8Array(count),
    partyStart: new Int32Array(count + 1),
    partyNode: new Int32Array(maxParties),
    partyDelay: new Uint8Array(maxParties),
  };
  if (count === 0 || nodes.length < 2) {
    cols.count = 0;
    return cols;
  }
  const weights = new Float64Array(nodes.length);
  nodes.forEach((n, i) => {
    const fitness = Math.min(FITNESS_CAP, (1 - rng.float()) ** (-1 / FITNESS_TAIL));
    weights[i] = (ATTRACTIVENESS[n.type] ?? 1) * fitness;
  });
  const grouped = (key: (n: PoolNode) => string): Map<string, Catchment> => {
    const members = new Map<string, number[]>();
    nodes.forEach((n, i) => {
      const list = members.get(key(n)) ?? [];
      list.push(i);
      members.set(key(n), list);
    });
    return new Map([...members].map(([k, list]) => [k, new Catchment(list, weights)]));
  };
  const countyScopes = grouped((n) => n.county);
  const voivodeshipScopes = grouped((n) => n.voivodeship);
  const country = new Catchment(
    nodes.map((_, i) => i),
    weights,
  );
  const proposers = new WeightedIndex(nodes.map((n) => INITIATIVE[n.type] ?? 1));
  const pairs = new Set<number>();
  const N = nodes.length;
  const free = (a: number, b: number): boolean => a !== b && !pairs.has(Math.min(a, b) * N + Math.max(a, b));

  let party = 0;
  for (let p = 0; p < count; p++) {
    // Half the proposers by type (clubs and centres start most partnerships), half by weight.
    const a = rng.chance(PREFERENTIAL_PROPOSERS) ? country.draw(rng) : proposers.draw(rng);
    const county = countyScopes.get(nodes[a].county)!;
    const voivodeship = voivodeshipScopes.get(nodes[a].voivodeship)!;
    const r = rng.float();
    // Mostly within the county; when its likely partners are taken, the voivodeship, then the country.
    const order = r < 0.7 ? [county, voivodeship, country] : r < 0.92 ? [voivodeship, country] : [country];
    let b = -1;
    for (const scope of order) {
      for (let attempt = 0; attempt < 8 && b < 0; attempt++) {
        const candidate = scope.draw(rng);
        if (free(a, candidate)) b = candidate;
      }
      if (b >= 0) break;
    }
    while (b < 0) {
      const candidate = rng.int(0, N - 1);
      if (free(a, candidate)) b = candidate;
    }
    pairs.add(Math.min(a, b) * N + Math.max(a, b));
    cols.partyStart[p] = party;
    const members = [a, b];
    // A few multilateral partnerships: more parties from the partner's county.
    if (rng.chance(0.04)) {
      const extra = rng.int(1, 3);
      const partnerCounty = countyScopes.get(nodes[b].county)!;
      for (let k = 0; k < extra; k++) {
        const c = partnerCounty.draw(rng);
        if (!members.includes(c)) members.push(c);
      }
    }
    const sr = rng.float();
    const status = sr < 0.82 ? 0 : sr < 0.94 ? 1 : sr < 0.98 ? 2 : 3;
    cols.status[p] = status;
    cols.kind[p] = rng.weighted([
      [0, 30],
      [1, 10],
      [2, 25],
      [3, 15],
      [4, 20],
    ] as const);
    let from: number;
    let to = -1;
    let created: number;
    if (status === 2) {
      from = rng.int(day('2026-12-01'), day('2027-06-30'));
      created = rng.int(day('2026-09-01'), day('2026-11-15'));
    } else {
      from = rng.int(day('2016-01-01'), LAST_PAST_DAY);
      created = from - rng.int(0, 30);
      if (status === 0 && rng.chance(0.3)) to = rng.int(day('2027-01-01'), day('2029-12-31'));
      if (status === 1) to = Math.max(from, Math.min(from + rng.int(90, 1500), day('2026-10-31')));
    }
    cols.validFrom[p] = from;
    cols.validTo[p] = to;
    cols.createdDay[p] = created;
    let mask = 0;
    const main =
      AREA_OF_SECTOR[SECTOR_OF[nodes[b].type]] ??
      rng.pick([ActivityField.SOCIAL_WORK, ActivityField.COUNSELLING, ActivityField.CULTURE, ActivityField.HOUSING]);
    mask |= 1 << AREAS.indexOf(main);
    if (rng.chance(0.3)) mask |= 1 << rng.int(0, AREAS.length - 1);
    cols.areas[p] = mask;
    cols.dataSharing[p] = status <= 1 && rng.chance(0.3) ? 1 : 0;
    members.forEach((m, k) => {
      cols.partyNode[party] = m;
      // The lead confirms on proposing; the others within days, unless still proposed or declined.
      if (k === 0) cols.partyDelay[party] = 0;
      else if (status <= 1) cols.partyDelay[party] = rng.int(1, 20);
      else if (status === 3 && k === 1) cols.partyDelay[party] = rng.int(1, 20);
      else cols.partyDelay[party] = 255;
      party++;
    });
  }
  cols.partyStart[count] = party;
  return cols;
}

function buildNetworks(
  scale: ScaleSpec,
  seed: number,
  rng: Rng,
  scope: Scope,
  pilot: PilotPlan,
  nodes: readonly PoolNode[],
  partnerships: PartnershipColumns,
  institutions: readonly GeneratedInstitution[],
): { networks: GeneratedNetwork[]; memberships: GeneratedMembership[] } {
  const networks: GeneratedNetwork[] = [];
  const memberships: GeneratedMembership[] = [];
  if (!scale.perPlace) return { networks, memberships };
  const taken = new Set(pilot.memberships.map((m) => `${stableId(m.networkKey)}|${stableId(m.institutionKey)}`));
  const pilotNetworks = new Set(pilot.networks.map((n) => n.key));
  let membershipIndex = 0;
  const member = (networkId: string, institutionId: string, role: MembershipRole, joined: number): void => {
    const key = `${networkId}|${institutionId}`;
    if (taken.has(key)) return;
    taken.add(key);
    const joinedDay = Math.min(joined, LAST_PAST_DAY);
    const left = role !== MembershipRole.COORDINATOR && rng.chance(0.04) ? isoDay(Math.min(LAST_PAST_DAY, joinedDay + rng.int(30, 900))) : null;
    memberships.push({
      id: derivedId(seed, ID_TABLES.membership, membershipIndex++),
      networkId,
      institutionId,
      role,
      joinedOn: isoDay(joinedDay),
      leftOn: left,
    });
  };

  // Partners of each generated club (for its LSR), from the partnerships just built.
  const clubPartners = new Map<number, number[]>();
  for (let p = 0; p < partnerships.count; p++) {
    if (partnerships.status[p] > 1) continue;
    const start = partnerships.partyStart[p];
    const end = partnerships.partyStart[p + 1];
    for (let i = start; i < end; i++) {
      const n = partnerships.partyNode[i];
      if (!nodes[n].generated || nodes[n].type !== InstitutionType.KIS) continue;
      const list = clubPartners.get(n) ?? [];
      for (let j = start; j < end; j++) if (j !== i && list.length < 12) list.push(partnerships.partyNode[j]);
      clubPartners.set(n, list);
    }
  }
  const byVoivodeship = new Map<string, number[]>();
  nodes.forEach((n, i) => {
    const list = byVoivodeship.get(n.voivodeship) ?? [];
    list.push(i);
    byVoivodeship.set(n.voivodeship, list);
  });
  const rsrEstablished = day('2019-06-01');

  for (const v of scope.voivodeships) {
    const rsrKey = keys.rsr(v.code);
    const platformKey = keys.platform(v.code);
    const rsr = stableId(rsrKey);
    const platform = stableId(platformKey);
    const established = rsrEstablished + rng.int(0, 400);
    if (!pilotNetworks.has(rsrKey)) {
      networks.push({
        id: rsr,
        kind: NetworkKind.REGIONAL_REINTEGRATION_NETWORK,
        name: `Regionalna Sieć Reintegracji – województwo ${v.name}`,
        parentId: NATIONAL_BODY_ID,
        voivodeship: v.code,
        municipality: null,
        establishedOn: isoDay(established),
      });
    }
    if (!pilotNetworks.has(platformKey)) {
      networks.push({
        id: platform,
        kind: NetworkKind.REGIONAL_COOPERATION_PLATFORM,
        name: `Regionalna Platforma Współpracy – województwo ${v.name}`,
        parentId: NATIONAL_BODY_ID,
        voivodeship: v.code,
        municipality: null,
        establishedOn: isoDay(established),
      });
    }
    const rops = stableId(keys.rops(v.code));
    member(NATIONAL_BODY_ID, rops, MembershipRole.REPRESENTATIVE, established);
    member(rsr, rops, MembershipRole.COORDINATOR, established);
    member(platform, rops, MembershipRole.COORDINATOR, established);
    member(rsr, stableId(keys.wup(v.code)), MembershipRole.MEMBER, established + rng.int(0, 60));
    let ngos = 0;
    for (const i of byVoivodeship.get(v.code) ?? []) {
      const n = nodes[i];
      if (!n.generated) continue;
      const later = established + rng.int(0, 1500);
      switch (SECTOR_OF[n.type]) {
        case Sector.SOCIAL_EMPLOYMENT:
          member(rsr, n.id, MembershipRole.MEMBER, later);
          if (n.type === InstitutionType.KIS) member(platform, n.id, MembershipRole.MEMBER, later);
          break;
        case Sector.LABOUR_MARKET:
          if (n.type === InstitutionType.PUP) member(rsr, n.id, MembershipRole.MEMBER, later);
          break;
        case Sector.NON_GOVERNMENTAL:
          if (ngos < 5 && rng.chance(0.05)) {
            ngos++;
            member(rsr, n.id, MembershipRole.MEMBER, later);
          }
          break;
        case Sector.CULTURE:
        case Sector.SPORT_RECREATION:
        case Sector.EDUCATION:
        case Sector.HEALTH:
        case Sector.HEALTH_PREVENTION:
          if (rng.chance(scale.platformShare)) member(platform, n.id, rng.chance(0.1) ? MembershipRole.OBSERVER : MembershipRole.MEMBER, later);
          break;
        default:
          break;
      }
    }
  }

  // An LSR per generated club: the club coordinates; the OPS of its municipality, the PUP of its
  // county and its partners are members.
  const names = new Map(institutions.map((i) => [i.id, i.name]));
  let networkIndex = 0;
  nodes.forEach((n, i) => {
    if (!n.generated || n.type !== InstitutionType.KIS) return;
    const lsr = derivedId(seed, ID_TABLES.network, networkIndex++);
    const established = rng.int(day('2015-01-01'), day('2025-06-30'));
    networks.push({
      id: lsr,
      kind: NetworkKind.LOCAL_REINTEGRATION_NETWORK,
      name: `Lokalna Sieć Reintegracji – ${names.get(n.id) ?? n.id}`,
      parentId: stableId(keys.rsr(n.voivodeship)),
      voivodeship: n.voivodeship,
      municipality: n.municipality,
      establishedOn: isoDay(established),
    });
    member(lsr, n.id, MembershipRole.COORDINATOR, established);
    member(lsr, stableId(keys.ops(n.municipality)), MembershipRole.MEMBER, established + rng.int(0, 90));
    member(lsr, stableId(keys.pup(n.county)), MembershipRole.MEMBER, established + rng.int(0, 90));
    for (const partner of clubPartners.get(i) ?? []) member(lsr, nodes[partner].id, MembershipRole.MEMBER, established + rng.int(0, 700));
  });
  return { networks, memberships };
}
