// The HSDS 3.0 export (src/registry/hsds/): every object of every endpoint, and of the CLI's
// files, is validated against the Open Referral JSON schemas (test/fixtures/hsds-3.0, draft
// 2020-12) with Ajv; pages against the API's `Page` schema. Pilot facts are checked against the
// seed's plan and against institutions written through the API (identifiers), and the SQL per
// page does not grow with the page size.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, PESTKA_ID, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { PartnershipStatus } from '../../../src/registry/cooperation/partnership.entities';
import { exportCommand } from '../../../src/registry/analytics/export.command';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { adminToken, idOf, pilotPlan, razemCooperative } from '../../support/registry-helpers';
import { data } from '../../support/requests';

const FIXTURES = path.join(__dirname, '../../fixtures/hsds-3.0');

/** Ajv over the per-table schemas, referenced by file name as they reference one another. */
function hsdsValidator(): { validate(file: string, value: unknown): void; page(items: string): ValidateFunction } {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // The specification's own annotations (Frictionless table metadata) beside JSON Schema's.
  for (const keyword of ['name', 'constraints', 'core', 'example', 'datapackage_metadata', 'datapackage_type', 'path', 'tabular_required'])
    ajv.addKeyword(keyword);
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')), file);
  }
  const openapi = JSON.parse(readFileSync(path.join(FIXTURES, 'openapi.json'), 'utf8'));
  const pageSchema = openapi.components.schemas.Page;
  const pages = new Map<string, ValidateFunction>();
  return {
    validate(file, value) {
      const check = ajv.getSchema(file)!;
      if (!check(value)) throw new Error(`${file}: ${ajv.errorsText(check.errors)} in ${JSON.stringify(value).slice(0, 400)}`);
    },
    page(items) {
      let check = pages.get(items);
      if (!check) {
        check = ajv.compile({
          ...pageSchema,
          required: [...Object.keys(pageSchema.properties), 'contents'],
          properties: { ...pageSchema.properties, contents: { type: 'array', items: { $ref: items } } },
        });
        pages.set(items, check);
      }
      return check;
    },
  };
}

let app: TestApp;
const hsds = hsdsValidator();

async function get(pathAndQuery: string, status = 200): Promise<any> {
  const res = await fetch(`${new URL(app.url).origin}/export/hsds/${pathAndQuery}`);
  const body: any = await res.json();
  expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(status);
  return body;
}

/** Every page of a list, each checked against the Page schema with its items' schema. */
async function allPages(list: string, file: string, perPage: number): Promise<any[]> {
  const out: any[] = [];
  for (let page = 1; ; page += 1) {
    const body: any = await get(`${list}?page=${page}&per_page=${perPage}`);
    const check = hsds.page(file);
    const valid: boolean = check(body);
    if (!valid) throw new Error(`${list} page ${page}: ${JSON.stringify(check.errors)}`);
    expect(body).toMatchObject({ page_number: page, first_page: page === 1, size: body.contents.length });
    out.push(...body.contents);
    expect(body.total_pages).toBe(Math.ceil(body.total_items / perPage));
    if (body.last_page) {
      expect(out).toHaveLength(body.total_items);
      return out;
    }
    expect(body.size).toBe(perPage);
  }
}

const attributesOf = (o: any, linkType: string): any[] => (o.attributes ?? []).filter((a: any) => a.link_type === linkType);

const CREATE = `mutation($input: CreateInstitutionInput!) { createInstitution(input: $input) { id } }`;
let cooperativeId: string;

beforeAll(async () => {
  app = await startRegistryApp();
  cooperativeId = data(await app.gql(CREATE, { input: razemCooperative }, await adminToken(app))).createInstitution.id;
});
afterAll(() => app?.close());

describe('the schema check', () => {
  it('refuses what HSDS 3.0 refuses (so the checks below can fail)', () => {
    expect(() => hsds.validate('organization.json', { id: 'not-a-uuid', name: 'x', description: 'y' })).toThrow(/uuid/);
    expect(() => hsds.validate('organization.json', { id: '0190a6f2-0000-7000-8000-000000000000', name: 'x' })).toThrow(/description/);
    expect(() => hsds.validate('service.json', { id: '0190a6f2-0000-7000-8000-000000000000', name: 'x', status: 'open' })).toThrow(/allowed values/);
    expect(() =>
      hsds.validate('organization.json', {
        id: '0190a6f2-0000-7000-8000-000000000000',
        name: 'x',
        description: 'y',
        locations: [
          {
            id: '0190a6f2-0000-7000-8000-000000000001',
            location_type: 'physical',
            addresses: [{ id: '0190a6f2-0000-7000-8000-000000000002', address_1: 'a', city: 'b', postal_code: 'c', country: 'PL', address_type: 'physical' }],
          },
        ],
      }),
    ).toThrow(/state_province/);
  });
});

describe('GET /export/hsds/organizations', () => {
  let organizations: any[];
  beforeAll(async () => {
    organizations = await allPages('organizations', 'organization.json', 40);
  });

  it('gives every institution once as a schema-valid HSDS organization', () => {
    for (const o of organizations) hsds.validate('organization.json', o);
    const ids = organizations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(cooperativeId);
    for (const i of pilotPlan().institutions) expect(ids).toContain(idOf(i.key));
  });

  it('carries KRS, REGON and NIP as organization identifiers with their org-id.guide schemes', () => {
    const o = organizations.find((x) => x.id === cooperativeId);
    expect(o.organization_identifiers.map((i: any) => [i.identifier_scheme, i.identifier_type, i.identifier])).toEqual([
      ['PL-KRS', 'KRS', '0000765432'],
      ['PL-REGON', 'REGON', '260123451'],
      ['PL-NIP', 'NIP', '6571234562'],
    ]);
    expect(o).toMatchObject({
      name: 'Spółdzielnia Socjalna „Razem” w Morawicy',
      alternate_name: 'SS Razem',
      tax_id: '6571234562',
      website: 'https://razem.example.pl',
      email: 'biuro@razem.example.pl',
      year_incorporated: 2021,
    });
    expect(o.locations[0]).toMatchObject({ location_type: 'physical', external_identifier: '2604123' });
    expect(o.locations[0].addresses[0]).toMatchObject({
      address_1: 'ul. Spacerowa 5',
      city: 'Morawica',
      postal_code: '26-026',
      state_province: 'świętokrzyskie',
      country: 'PL',
    });
    expect(o.phones[0].number).toBe('+48 41 311 00 00');
    // The contact point is the institution's own, never a person.
    expect(o.contacts).toHaveLength(1);
    expect(o.contacts[0].name).toBeUndefined();
    expect(
      attributesOf(o, 'field_of_activity')
        .map((a) => a.taxonomy_term.code)
        .sort(),
    ).toEqual(['SOCIAL_ECONOMY', 'VOCATIONAL_ACTIVATION']);
    expect(attributesOf(o, 'sector').map((a) => a.taxonomy_term.code)).toEqual(['sector:SOCIAL_ECONOMY']);
  });

  it('classifies the pilot clubs by type, flags them, and names their founder as parent organization', () => {
    const club = organizations.find((x) => x.id === SWIETOKRZYSKIE_CLUB_IDS[6]);
    expect(club.name).toBe('Klub Integracji Społecznej Fundacji Pestka w Suchedniowie');
    expect(club.parent_organization_id).toBe(PESTKA_ID);
    expect(attributesOf(club, 'institution_type').map((a) => a.taxonomy_term.code)).toEqual(['KIS']);
    expect(attributesOf(club, 'pilot_club').map((a) => a.value)).toEqual(['true']);
    expect(club.locations[0].addresses[0]).toMatchObject({ address_1: 'Wiejski Dom Kultury, Mostki 1', postal_code: '26-130', city: 'Suchedniów' });
    expect(organizations.filter((o) => attributesOf(o, 'pilot_club').length)).toHaveLength(32);
  });

  it('carries every partnership in force or ended, and every membership, as attributes of each party', () => {
    const plan = pilotPlan();
    const byId = new Map(organizations.map((o) => [o.id, o]));
    const shown = plan.partnerships.filter((p) => p.status === PartnershipStatus.ACTIVE || p.status === PartnershipStatus.ENDED);
    expect(shown.length).toBeGreaterThan(0);
    for (const p of shown) {
      for (const party of p.parties) {
        const attr = attributesOf(byId.get(idOf(party.institutionKey)), 'partnership').find((a) => JSON.parse(a.value).partnership_id === idOf(p.key));
        expect(attr, `partnership ${p.key} on ${party.institutionKey}`).toBeDefined();
        const value = JSON.parse(attr.value);
        expect(value).toMatchObject({ kind: p.kind, status: p.status, valid_from: p.validFrom, valid_to: p.validTo, role: party.role });
        expect(value.areas.sort()).toEqual([...p.areas].sort());
        expect(value.partners.map((x: any) => x.organization_id).sort()).toEqual(
          p.parties
            .filter((x) => x !== party)
            .map((x) => idOf(x.institutionKey))
            .sort(),
        );
      }
    }
    const hidden = new Set(
      plan.partnerships.filter((p) => p.status === PartnershipStatus.PROPOSED || p.status === PartnershipStatus.DECLINED).map((p) => idOf(p.key)),
    );
    for (const o of organizations) for (const a of attributesOf(o, 'partnership')) expect(hidden.has(JSON.parse(a.value).partnership_id)).toBe(false);
    for (const m of plan.memberships) {
      const attr = attributesOf(byId.get(idOf(m.institutionKey)), 'network_membership').find((a) => JSON.parse(a.value).membership_id === idOf(m.key));
      expect(attr, `membership ${m.key}`).toBeDefined();
      expect(JSON.parse(attr.value)).toMatchObject({ network_id: idOf(m.networkKey), role: m.role, joined_on: m.joinedOn });
    }
  });

  it('answers one organization by id, the same as in the list; 404 for an unknown id, 400 for a bad one', async () => {
    const one = await get(`organizations/${SWIETOKRZYSKIE_CLUB_IDS[0]}`);
    hsds.validate('organization.json', one);
    expect(one).toEqual(organizations.find((o) => o.id === SWIETOKRZYSKIE_CLUB_IDS[0]));
    expect((await get('organizations/00000000-0000-4000-8000-000000000000', 404)).errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await get('organizations/not-a-uuid', 400)).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect((await get('organizations?per_page=0', 400)).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'per_page' });
    expect((await get('organizations?page=x', 400)).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'page' });
  });

  it('holds nothing person-level: no casework data and no contact person', () => {
    const text = JSON.stringify(organizations);
    expect(text).not.toMatch(/participant|pesel/i);
    for (const o of organizations) for (const c of o.contacts ?? []) expect(c.name ?? c.title).toBeUndefined();
  });

  it('sends the same number of SQL statements for a page of 2 and a page of 200', async () => {
    const small = await app.countStatements(() => get('organizations?per_page=2'));
    const large = await app.countStatements(() => get('organizations?per_page=200'));
    expect(organizations.length).toBeGreaterThan(200);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(4);
  });
});

describe('GET /export/hsds/services, taxonomies, taxonomy_terms', () => {
  it('gives one schema-valid service per institution, at its seat, classified by its fields', async () => {
    const services = await allPages('services', 'service.json', 100);
    for (const s of services) hsds.validate('service.json', s);
    const coop = services.find((s) => s.organization_id === cooperativeId);
    expect(coop.status).toBe('active');
    expect(coop.service_at_locations[0].location.addresses[0].postal_code).toBe('26-026');
    expect(
      attributesOf(coop, 'field_of_activity')
        .map((a) => a.taxonomy_term.code)
        .sort(),
    ).toEqual(['SOCIAL_ECONOMY', 'VOCATIONAL_ACTIVATION']);
  });

  it('lists the taxonomies and terms every attribute refers to, types under their sectors', async () => {
    const taxonomies = await allPages('taxonomies', 'taxonomy.json', 50);
    const terms = await allPages('taxonomy_terms', 'taxonomy_term.json', 20);
    for (const t of taxonomies) hsds.validate('taxonomy.json', t);
    for (const t of terms) hsds.validate('taxonomy_term.json', t);
    const taxonomyIds = new Set(taxonomies.map((t) => t.id));
    for (const t of terms) expect(taxonomyIds.has(t.taxonomy_id)).toBe(true);
    const kis = terms.find((t) => t.code === 'KIS');
    expect(terms.find((t) => t.id === kis.parent_id).code).toBe('sector:SOCIAL_EMPLOYMENT');
    expect(terms.map((t) => t.code)).toEqual(
      expect.arrayContaining(['CIS', 'ROPS', 'EDUCATION', 'CULTURE', 'HEALTH_PREVENTION', 'SPORT_RECREATION', 'partnership', 'network_membership']),
    );
    const organizations = (await get('organizations?per_page=500')).contents;
    const termIds = new Set(terms.map((t) => t.id));
    for (const o of organizations) for (const a of o.attributes) expect(termIds.has(a.taxonomy_term_id)).toBe(true);
    expect(await get('')).toEqual({ version: '3.0' });
  });
});

describe('npm run export -- --format hsds', () => {
  it('writes the same organizations, services and taxonomies as the HTTP export, schema-valid', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ksr-hsds-'));
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = app.config.databaseUrl;
    try {
      await exportCommand(['--format', 'hsds', '--out', dir]);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    const read = (file: string): any[] => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const organizations = read('organizations.json');
    for (const o of organizations) hsds.validate('organization.json', o);
    for (const s of read('services.json')) hsds.validate('service.json', s);
    for (const t of read('taxonomy_terms.json')) hsds.validate('taxonomy_term.json', t);
    expect(read('taxonomies.json')).toEqual((await get('taxonomies')).contents);
    const http = await allPages('organizations', 'organization.json', 500);
    expect(organizations).toEqual(http);
    expect(organizations.find((o) => o.id === cooperativeId).organization_identifiers).toHaveLength(3);
    expect(organizations.some((o) => o.id === idOf(keys.osar))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
