import 'reflect-metadata';
// createInstitution and updateInstitution: who may do what, each kind of bad input, stale
// versions, and that a refused write leaves every table as it was. Also: two mutations in one
// document, where the second fails, commit the first and nothing of the second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, PESTKA_ID, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { adminToken, coordinatorToken, expectError, expectNoWrites, idOf, researcherToken, staffToken, razemCooperative } from '../../support/registry-helpers';
import { data, edgesOf } from '../../support/requests';

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startRegistryApp();
  admin = await adminToken(app);
});
afterAll(() => app?.close());

const FIELDS = `id type sector name shortName legalForm krs regon nip street postalCode locality website email phone fields status
  createdOn activityStartedOn registeredOn closedOn pilot synthetic version municipality { code name } voivodeship { code } founder { id }`;
const CREATE = `mutation($input: CreateInstitutionInput!) { createInstitution(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateInstitutionInput!) { updateInstitution(input: $input) { ${FIELDS} } }`;
const GET = `query($id: ID!) { institution(id: $id) { ${FIELDS} } }`;

const found = async (name: string): Promise<number> =>
  data(await app.gql(`query($s: String) { institutions(filter: { search: $s }) { totalCount } }`, { s: name })).institutions.totalCount;

const get = async (id: string): Promise<any> => data(await app.gql(GET, { id })).institution;

describe('createInstitution', () => {
  it('registers an institution with checksum-valid identifiers, readable and searchable at once', async () => {
    const input = { ...razemCooperative, activityStartedOn: '2021-04-01' };
    const created = data(await app.gql(CREATE, { input }, admin)).createInstitution;
    const { municipalityCode, ...plain } = input;
    expect(created).toMatchObject({
      ...plain,
      sector: 'SOCIAL_ECONOMY',
      status: 'ACTIVE',
      pilot: false,
      synthetic: false,
      version: 1,
      registeredOn: null,
      closedOn: null,
      municipality: { code: municipalityCode, name: 'Morawica' },
      voivodeship: { code: '26' },
      founder: null,
    });
    expect(await get(created.id)).toEqual(created);
    expect(await found('spoldzielnia socjalna razem morawicy')).toBe(1);
  });

  it('lets a regional coordinator register in their voivodeship and a founder register its own club', async () => {
    const byCoordinator = data(
      await app.gql(
        CREATE,
        { input: { type: 'OPS', name: 'Gminny Ośrodek Pomocy Społecznej w Bielinach', municipalityCode: '2604012' } },
        await coordinatorToken(app, '26'),
      ),
    ).createInstitution;
    expect(byCoordinator).toMatchObject({ type: 'OPS', municipality: { code: '2604012', name: 'Bieliny' } });

    const byFounder = data(
      await app.gql(
        CREATE,
        { input: { type: 'KIS', name: 'Klub Integracji Społecznej Fundacji Pestka w Skarżysku', municipalityCode: '2610011', founderId: PESTKA_ID } },
        await staffToken(app, PESTKA_ID),
      ),
    ).createInstitution;
    expect(byFounder.founder).toEqual({ id: PESTKA_ID });
    const pestka = data(
      await app.gql(`query($id: ID!) { institution(id: $id) { operatedInstitutions { totalCount edges { node { id } } } } }`, { id: PESTKA_ID }),
    ).institution;
    expect(pestka.operatedInstitutions.totalCount).toBe(4);
    expect(edgesOf(pestka.operatedInstitutions).map((i: any) => i.id)).toContain(byFounder.id);
  });

  describe('refusals write nothing', () => {
    const base = { type: 'NGO', name: 'Stowarzyszenie Odrzucone', municipalityCode: '2604062' };

    it('refuses a caller without a token (UNAUTHENTICATED)', async () => {
      const res = await expectNoWrites(app, () => app.gql(CREATE, { input: base }));
      expectError(res, 'UNAUTHENTICATED');
      expect(res.data?.createInstitution ?? null).toBeNull();
      expect(await found('Stowarzyszenie Odrzucone')).toBe(0);
    });

    it('refuses callers who may not register there (FORBIDDEN)', async () => {
      const cases: [string, Record<string, unknown>][] = [
        // staff of an institution that is not the founder
        [await staffToken(app, SWIETOKRZYSKIE_CLUB_IDS[0]), base],
        // staff naming another institution as founder
        [await staffToken(app, SWIETOKRZYSKIE_CLUB_IDS[0]), { ...base, founderId: PESTKA_ID }],
        // a regional coordinator outside their voivodeship
        [await coordinatorToken(app, '24'), base],
        // a regional coordinator, with no seat given
        [await coordinatorToken(app, '26'), { type: 'NGO', name: 'Stowarzyszenie Odrzucone' }],
        [await researcherToken(app), base],
      ];
      for (const [token, input] of cases) {
        const res = await expectNoWrites(app, () => app.gql(CREATE, { input }, token));
        expectError(res, 'FORBIDDEN');
      }
      expect(await found('Stowarzyszenie Odrzucone')).toBe(0);
    });

    it('refuses bad identifiers, codes and dates with BAD_USER_INPUT naming the field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ regon: '260123450' }, 'input.regon'], // wrong checksum
        [{ regon: '26012345' }, 'input.regon'], // 8 digits
        [{ nip: '6571234560' }, 'input.nip'], // wrong checksum
        [{ nip: '657-123-45-62' }, 'input.nip'], // dashes
        [{ krs: '000012345' }, 'input.krs'], // 9 digits
        [{ krs: 'KRS0001234' }, 'input.krs'],
        [{ postalCode: '26026' }, 'input.postalCode'],
        [{ postalCode: '2-6026' }, 'input.postalCode'],
        [{ municipalityCode: '2604060' }, 'input.municipalityCode'], // kind digit 0 does not exist
        [{ municipalityCode: '2699011' }, 'input.municipalityCode'], // well-formed, not in the register
        [{ municipalityCode: '3300011' }, 'input.municipalityCode'],
        [{ createdOn: '2020-05-01', closedOn: '2020-04-30' }, 'input.closedOn'],
        [{ name: 'X' }, 'input.name'],
        [{ email: 'not-an-email' }, 'input.email'],
        [{ website: 'ftp://example.pl' }, 'input.website'],
      ];
      for (const [patch, field] of cases) {
        const res = await expectNoWrites(app, () => app.gql(CREATE, { input: { ...base, ...patch } }, admin));
        expectError(res, 'BAD_USER_INPUT', field);
      }
      expect(await found('Stowarzyszenie Odrzucone')).toBe(0);
    });

    it('refuses a date PostgreSQL cannot store as bad input, not as an internal error', async () => {
      const res = await expectNoWrites(app, () => app.gql(CREATE, { input: { ...base, createdOn: '0000-01-01' } }, admin));
      expectError(res, 'BAD_USER_INPUT');
    });

    it('refuses an unknown founder (NOT_FOUND) and a duplicate KRS or REGON (CONFLICT)', async () => {
      const unknown = '01900000-0000-7000-8000-000000000000';
      expectError(await expectNoWrites(app, () => app.gql(CREATE, { input: { ...base, founderId: unknown } }, admin)), 'NOT_FOUND', 'input.founderId');

      const first = data(
        await app.gql(CREATE, { input: { type: 'NGO', name: 'Fundacja Pierwsza', krs: '0000111222', regon: '260987654' } }, admin),
      ).createInstitution;
      expect(first.krs).toBe('0000111222');
      expectError(await expectNoWrites(app, () => app.gql(CREATE, { input: { ...base, krs: '0000111222' } }, admin)), 'CONFLICT', 'input.krs');
      expectError(await expectNoWrites(app, () => app.gql(CREATE, { input: { ...base, regon: '260987654' } }, admin)), 'CONFLICT', 'input.regon');
      expect(await found('Stowarzyszenie Odrzucone')).toBe(0);
    });
  });
});

describe('updateInstitution', () => {
  it('lets its own staff edit it: the version goes up and search follows the new name', async () => {
    const id = SWIETOKRZYSKIE_CLUB_IDS[1];
    const before = await get(id);
    const updated = data(
      await app.gql(
        UPDATE,
        { input: { id, version: before.version, name: 'Klub Integracji Społecznej „Nowiny Razem”', website: 'https://kis-nowiny.example.pl', phone: null } },
        await staffToken(app, id),
      ),
    ).updateInstitution;
    expect(updated).toMatchObject({
      ...before,
      name: 'Klub Integracji Społecznej „Nowiny Razem”',
      website: 'https://kis-nowiny.example.pl',
      phone: null,
      version: before.version + 1,
    });
    expect(await get(id)).toEqual(updated);
    expect(await found('nowiny razem')).toBe(1);
    expect(await found('Stowarzyszenie PROREW')).toBe(1); // the founder only: the club's old name is gone
  });

  it("lets the founder's staff and the regional coordinator edit a club", async () => {
    const id = SWIETOKRZYSKIE_CLUB_IDS[7];
    const { version } = await get(id);
    const next = data(
      await app.gql(UPDATE, { input: { id, version, email: 'kis.kielce@pestka.example.pl' } }, await staffToken(app, PESTKA_ID)),
    ).updateInstitution;
    expect(next).toMatchObject({ email: 'kis.kielce@pestka.example.pl', version: version + 1 });
    const last = data(await app.gql(UPDATE, { input: { id, version: version + 1, status: 'SUSPENDED' } }, await coordinatorToken(app, '26'))).updateInstitution;
    expect(last).toMatchObject({ email: 'kis.kielce@pestka.example.pl', status: 'SUSPENDED', version: version + 2 });
  });

  describe('refusals write nothing', () => {
    const id = SWIETOKRZYSKIE_CLUB_IDS[4];
    let coordinatorToken26: string;
    beforeAll(async () => {
      coordinatorToken26 = await coordinatorToken(app, '26');
    });

    it('refuses without a token, with a token of another institution, or from another region', async () => {
      const before = await get(id);
      const version = before.version;
      expectError(await expectNoWrites(app, () => app.gql(UPDATE, { input: { id, version, name: 'Przejęty klub' } })), 'UNAUTHENTICATED');
      for (const token of [
        await staffToken(app, SWIETOKRZYSKIE_CLUB_IDS[5]),
        await staffToken(app, PESTKA_ID),
        await staffToken(app, idOf(keys.ops('2604043'))),
        await coordinatorToken(app, '24'),
        await researcherToken(app),
      ]) {
        expectError(await expectNoWrites(app, () => app.gql(UPDATE, { input: { id, version, name: 'Przejęty klub' } }, token)), 'FORBIDDEN');
      }
      // A regional coordinator may not move an institution out of their voivodeship.
      expectError(await expectNoWrites(app, () => app.gql(UPDATE, { input: { id, version, municipalityCode: '2469011' } }, coordinatorToken26)), 'FORBIDDEN');
      expect(await get(id)).toEqual(before);
      expect(before).toMatchObject({ name: 'Klub Integracji Społecznej – Fundacja „Nadzieja Rodzinie” Chmielnik', municipality: { code: '2604043' } });
    });

    it('refuses a stale version with CONFLICT on input.version', async () => {
      const token = await staffToken(app, id);
      const { version } = await get(id);
      const next = data(await app.gql(UPDATE, { input: { id, version, phone: '41 354 00 00' } }, token)).updateInstitution;
      expect(next.version).toBe(version + 1);
      // Someone who read the institution before that edit sends the old version.
      const res = await expectNoWrites(app, () => app.gql(UPDATE, { input: { id, version, phone: '41 354 99 99' } }, token));
      const error = expectError(res, 'CONFLICT', 'input.version');
      expect(error.message).toContain(`your version ${version}, current ${version + 1}`);
      expect(await get(id)).toMatchObject({ version: version + 1, phone: '41 354 00 00' });
    });

    it('refuses bad input, unknown references and impossible dates', async () => {
      const current = await get(id);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ regon: '260555550' }, 'BAD_USER_INPUT', 'input.regon'],
        [{ nip: '9591111110' }, 'BAD_USER_INPUT', 'input.nip'],
        [{ krs: '12345' }, 'BAD_USER_INPUT', 'input.krs'],
        [{ postalCode: '26 020' }, 'BAD_USER_INPUT', 'input.postalCode'],
        [{ municipalityCode: '2604999' }, 'BAD_USER_INPUT', 'input.municipalityCode'],
        [{ municipalityCode: '2604042' }, 'BAD_USER_INPUT', 'input.municipalityCode'],
        // The club was created on 2019-05-01.
        [{ closedOn: '2019-04-30' }, 'BAD_USER_INPUT', 'input.closedOn'],
        [{ createdOn: '2024-01-02', closedOn: '2024-01-01' }, 'BAD_USER_INPUT', 'input.closedOn'],
        [{ name: null }, 'BAD_USER_INPUT', 'input.name'],
        [{ status: null }, 'BAD_USER_INPUT', 'input.status'],
        [{ founderId: id }, 'BAD_USER_INPUT', 'input.founderId'],
        [{ founderId: '01900000-0000-7000-8000-000000000000' }, 'NOT_FOUND', 'input.founderId'],
      ];
      for (const [patch, code, field] of cases) {
        const res = await expectNoWrites(app, () => app.gql(UPDATE, { input: { id, version: current.version, ...patch } }, admin));
        expectError(res, code, field);
      }
      expectError(
        await expectNoWrites(app, () => app.gql(UPDATE, { input: { id: '01900000-0000-7000-8000-000000000000', version: 1, name: 'Nikt' } }, admin)),
        'NOT_FOUND',
        'input.id',
      );
      expect(await get(id)).toEqual(current);
    });
  });
});

describe('several mutations in one document', () => {
  it('commits the first when the second fails, and keeps nothing of the second', async () => {
    const res = await app.gql(
      `mutation($a: CreateInstitutionInput!, $b: CreateInstitutionInput!) {
        a: createInstitution(input: $a) { id name }
        b: createInstitution(input: $b) { id name }
      }`,
      {
        a: { type: 'SPORT_ORGANISATION', name: 'Uczniowski Klub Sportowy „Pierwszy”', municipalityCode: '2604062', krs: '0000555001' },
        // Valid input whose INSERT fails in the database (the KRS the first one just took).
        b: { type: 'SPORT_ORGANISATION', name: 'Uczniowski Klub Sportowy „Drugi”', municipalityCode: '2604062', krs: '0000555001' },
      },
      admin,
    );
    expectError(res, 'CONFLICT', 'input.krs');
    expect(res.errors![0].path).toEqual(['b']);
    expect(await found('klub sportowy pierwszy')).toBe(1);
    expect(await found('klub sportowy drugi')).toBe(0);
  });

  it('an update that fails after an earlier one succeeded leaves the earlier one applied and its own changes out', async () => {
    const id = SWIETOKRZYSKIE_CLUB_IDS[2];
    const { version } = await get(id);
    const res = await app.gql(
      `mutation($a: UpdateInstitutionInput!, $b: UpdateInstitutionInput!) {
        a: updateInstitution(input: $a) { version website }
        b: updateInstitution(input: $b) { version }
      }`,
      {
        a: { id, version, website: 'https://homo-politicus.example.pl' },
        // Read with the version the first one replaced: stale by the time it runs.
        b: { id, version, website: 'https://inny.example.pl', phone: '41 000 00 00' },
      },
      admin,
    );
    expectError(res, 'CONFLICT', 'input.version');
    expect(res.errors![0].path).toEqual(['b']);
    expect(await get(id)).toMatchObject({ version: version + 1, website: 'https://homo-politicus.example.pl', phone: null });
  });
});
