// Shared assertions and fixtures for the registry integration tests: typed-error checks, tokens per
// role, a fingerprint of every registry table (to prove a refused write changed nothing), and the
// pilot plan the seed was built from (to derive expected values independently of the API).
import { expect } from 'vitest';
import { Role } from '../../src/common/auth';
import { stableId } from '../../src/common/ids';
import { PartnershipStatus } from '../../src/registry/cooperation/partnership.entities';
import { buildPilotPlan, type PilotPlan } from '../../seeds/pilot';
import type { TestApp } from './registry-app';
import type { GraphQLResponse } from './requests';

/** Asserts the response failed with exactly one error of this code (and field, when given). */
export function expectError(res: GraphQLResponse, code: string, field?: string): { message: string } {
  const got = (res.errors ?? []).map((e) => ({ code: e.extensions?.code, ...(field === undefined ? {} : { field: e.extensions?.field }) }));
  expect(got, `errors: ${JSON.stringify(res.errors)}`).toEqual([{ code, ...(field === undefined ? {} : { field }) }]);
  const error = res.errors![0];
  if (field) expect(error.message.startsWith(`${field}: `), `the message names the field: ${error.message}`).toBe(true);
  return error;
}

export const adminToken = (app: TestApp): Promise<string> => app.token({ role: Role.ADMIN });
export const staffToken = (app: TestApp, institutionId: string): Promise<string> => app.token({ role: Role.INSTITUTION_STAFF, institutionId });
export const coordinatorToken = (app: TestApp, voivodeship: string): Promise<string> => app.token({ role: Role.REGIONAL_COORDINATOR, voivodeship });
export const researcherToken = (app: TestApp): Promise<string> => app.token({ role: Role.RESEARCHER });

const TABLES = [
  'institution',
  'partnership',
  'partnership_party',
  'network',
  'membership',
  'meeting',
  'meeting_attendance',
  'programme',
  'grant',
  'funding_source',
] as const;

/** A checksum of the full content of every writable registry table: equal fingerprints mean nothing was written. */
export async function fingerprint(app: TestApp): Promise<Record<string, string>> {
  const sql = TABLES.map(
    (t) => `select '${t}' as name, count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as sum from "${t}" t`,
  ).join(' union all ');
  const rows = await app.db.orm.em.fork().getConnection().execute<{ name: string; n: number; sum: string }[]>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, `${r.n}:${r.sum}`]));
}

/** Runs a refused request and asserts that no registry table changed. */
export async function expectNoWrites<T>(app: TestApp, run: () => Promise<T>): Promise<T> {
  const before = await fingerprint(app);
  const result = await run();
  expect(await fingerprint(app)).toEqual(before);
  return result;
}

/** Raw SQL on the test database (setup and independent checks). */
export async function sql<T = Record<string, unknown>>(app: TestApp, query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().getConnection().execute<T[]>(query, params);
}

/** An institution the seed does not have (checksum-valid identifiers), as createInstitution takes it. */
export const razemCooperative = {
  type: 'SOCIAL_COOPERATIVE',
  name: 'Spółdzielnia Socjalna „Razem” w Morawicy',
  shortName: 'SS Razem',
  legalForm: 'COOPERATIVE',
  krs: '0000765432',
  regon: '260123451',
  nip: '6571234562',
  street: 'ul. Spacerowa 5',
  postalCode: '26-026',
  locality: 'Morawica',
  municipalityCode: '2604123',
  website: 'https://razem.example.pl',
  email: 'biuro@razem.example.pl',
  phone: '+48 41 311 00 00',
  fields: ['SOCIAL_ECONOMY', 'VOCATIONAL_ACTIVATION'],
  createdOn: '2021-03-01',
};

let cachedPlan: PilotPlan | undefined;
/** The plan the seed wrote (pure and deterministic): expected values come from here, not from the API. */
export function pilotPlan(): PilotPlan {
  cachedPlan ??= buildPilotPlan();
  return cachedPlan;
}

/** The id a seeded row got from its plan key. */
export const idOf = (key: string): string => stableId(key);

/** Money compared exactly, in grosze (never as floats). */
export const grosze = (amount: string): bigint => {
  expect(amount).toMatch(/^\d+\.\d{2}$/);
  return BigInt(amount.replace('.', ''));
};

/** Sorted copy (tests compare sets of ids or names). */
export const sorted = <T>(items: readonly T[]): T[] => [...items].sort();

/** Partnerships of the plan in force on a date: active or ended, and their validity covers it. */
export const planPartnershipsInForce = (date: string) =>
  pilotPlan().partnerships.filter(
    (p) => (p.status === PartnershipStatus.ACTIVE || p.status === PartnershipStatus.ENDED) && p.validFrom <= date && (p.validTo == null || p.validTo >= date),
  );

/** Memberships of the plan on a date (the seed has no ended memberships). */
export const planMembershipsOn = (date: string) => pilotPlan().memberships.filter((m) => m.joinedOn <= date);

/** The plan's institution row behind an id. */
let byId: Map<string, PilotPlan['institutions'][number]> | undefined;
export function planInstitution(id: string) {
  byId ??= new Map(pilotPlan().institutions.map((i) => [idOf(i.key), i]));
  const row = byId.get(id);
  if (!row) throw new Error(`no planned institution with id ${id}`);
  return row;
}
