import 'reflect-metadata';
// Who is calling: reads are public, every mutation needs a signed-in caller, and a token that is
// malformed, expired, for another audience or issuer, signed with another key or missing a role's
// claims is refused with UNAUTHENTICATED, writing nothing.
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, KSR_PROGRAMME_ID, PLATFORM_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../seeds/pilot/ids';
import { startRegistryApp, type TestApp } from '../support/registry-app';
import { expectError, expectNoWrites, idOf } from '../support/registry-helpers';
import { data, post, postQuery } from '../support/requests';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

const club = SWIETOKRZYSKIE_CLUB_IDS[0];
const partnership = idOf('partnership:kis:26:1|ops:2604123');
const proposal = idOf('partnership:proposed:kielce-clubs');
const membership = idOf(`membership:${keys.platform('26').replace('network:', '')}|${keys.club('26', 1).replace('institution:', '')}`);

/** Every mutation of the API with input that is valid, so only the caller decides the outcome. */
const MUTATIONS: [string, string, Record<string, unknown>][] = [
  [
    'createInstitution',
    'mutation($input: CreateInstitutionInput!) { createInstitution(input: $input) { id } }',
    { input: { type: 'NGO', name: 'Fundacja Bez Tokenu', municipalityCode: '2604062' } },
  ],
  [
    'updateInstitution',
    'mutation($input: UpdateInstitutionInput!) { updateInstitution(input: $input) { id } }',
    { input: { id: club, version: 2, name: 'Klub Bez Tokenu' } },
  ],
  [
    'proposePartnership',
    'mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { id } }',
    { input: { proposerId: club, partnerIds: [SWIETOKRZYSKIE_CLUB_IDS[8]], kind: 'INFORMAL', areas: ['CULTURE'], validFrom: '2025-01-01' } },
  ],
  ['confirmPartnership', 'mutation($input: PartyDecisionInput!) { confirmPartnership(input: $input) { id } }', { input: { partnershipId: proposal } }],
  ['declinePartnership', 'mutation($input: PartyDecisionInput!) { declinePartnership(input: $input) { id } }', { input: { partnershipId: proposal } }],
  ['endPartnership', 'mutation($input: EndPartnershipInput!) { endPartnership(input: $input) { id } }', { input: { partnershipId: partnership, version: 1 } }],
  [
    'recordGrant',
    'mutation($input: RecordGrantInput!) { recordGrant(input: $input) { id } }',
    { input: { programmeId: KSR_PROGRAMME_ID, recipientId: club, purpose: 'OTHER', amount: '100.00', awardedOn: '2019-06-01' } },
  ],
  [
    'setFundingSource',
    'mutation($input: SetFundingSourceInput!) { setFundingSource(input: $input) { id } }',
    { input: { institutionId: club, year: 2021, source: 'MUNICIPALITY', amount: '1000.00' } },
  ],
  [
    'createNetwork',
    'mutation($input: CreateNetworkInput!) { createNetwork(input: $input) { id } }',
    { input: { kind: 'LOCAL_REINTEGRATION_NETWORK', name: 'LSR bez tokenu', voivodeship: '26' } },
  ],
  [
    'addMembership',
    'mutation($input: AddMembershipInput!) { addMembership(input: $input) { id } }',
    { input: { networkId: PLATFORM_IDS['26'], institutionId: idOf('institution:ops:2604123'), role: 'MEMBER' } },
  ],
  ['endMembership', 'mutation($input: EndMembershipInput!) { endMembership(input: $input) { id } }', { input: { membershipId: membership, version: 1 } }],
  [
    'recordMeeting',
    'mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }',
    { input: { networkId: PLATFORM_IDS['26'], date: '2025-02-01', kind: 'WORKING', topic: 'Spotkanie bez tokenu', attendeeIds: [club] } },
  ],
];

const jwt = () => app.config.jwt;
const sign = (claims: Record<string, unknown>, change: (t: SignJWT) => SignJWT = (t) => t, secret = jwt().secret): Promise<string> =>
  change(
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer(jwt().issuer)
      .setAudience(jwt().audience)
      .setIssuedAt()
      .setExpirationTime('1h'),
  ).sign(secret);

describe('without a token', () => {
  it('reads public data', async () => {
    const res = data(await app.gql(`{ institutions(filter: { pilot: true }) { totalCount } }`));
    expect(res.institutions.totalCount).toBe(32);
  });

  it.each(MUTATIONS)('refuses %s with UNAUTHENTICATED and writes nothing', async (name, query, variables) => {
    const res = await expectNoWrites(app, () => app.gql(query, variables));
    const error = expectError(res, 'UNAUTHENTICATED');
    expect(error.message).toContain(name);
    expect(res.data?.[name] ?? null).toBeNull();
  });
});

describe('with a token that cannot be trusted', () => {
  const BAD: [string, () => Promise<Record<string, string>>][] = [
    ['garbage', () => Promise.resolve({ authorization: 'Bearer not-a-jwt' })],
    [
      'expired',
      async () => ({
        authorization: `Bearer ${await sign({ role: 'ADMIN' }, (t) => t.setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600))}`,
      }),
    ],
    ['for another audience', async () => ({ authorization: `Bearer ${await sign({ role: 'ADMIN' }, (t) => t.setAudience('another-api'))}` })],
    ['from another issuer', async () => ({ authorization: `Bearer ${await sign({ role: 'ADMIN' }, (t) => t.setIssuer('someone-else'))}` })],
    [
      'signed with another key',
      async () => ({
        authorization: `Bearer ${await sign({ role: 'ADMIN' }, undefined, new TextEncoder().encode('another-secret-of-at-least-thirty-two-chars'))}`,
      }),
    ],
    [
      'unsigned (alg none)',
      () =>
        Promise.resolve({
          authorization: `Bearer ${new UnsecuredJWT({ role: 'ADMIN' }).setSubject('x').setIssuer(jwt().issuer).setAudience(jwt().audience).setExpirationTime('1h').encode()}`,
        }),
    ],
    [
      'without an expiry',
      async () => ({
        authorization: `Bearer ${await new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(jwt().issuer).setAudience(jwt().audience).sign(jwt().secret)}`,
      }),
    ],
    [
      'without "iat"',
      async () => ({
        authorization: `Bearer ${await new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(jwt().issuer).setAudience(jwt().audience).setExpirationTime('1h').sign(jwt().secret)}`,
      }),
    ],
    [
      'valid for decades (exp − iat over the maximum lifetime)',
      async () => ({ authorization: `Bearer ${await sign({ role: 'ADMIN' }, (t) => t.setExpirationTime('30y'))}` }),
    ],
    [
      'issued longer ago than the maximum lifetime',
      async () => ({
        authorization: `Bearer ${await sign({ role: 'ADMIN' }, (t) => t.setIssuedAt(Math.floor(Date.now() / 1000) - 25 * 3600).setExpirationTime(Math.floor(Date.now() / 1000) + 3600))}`,
      }),
    ],
    [
      'issued in the future',
      async () => ({
        authorization: `Bearer ${await sign({ role: 'ADMIN' }, (t) => t.setIssuedAt(Math.floor(Date.now() / 1000) + 3600).setExpirationTime(Math.floor(Date.now() / 1000) + 7200))}`,
      }),
    ],
    ['with an unknown role', async () => ({ authorization: `Bearer ${await sign({ role: 'SUPERUSER' })}` })],
    ['with the PUBLIC role', async () => ({ authorization: `Bearer ${await sign({ role: 'PUBLIC' })}` })],
    ['of staff without an institution', async () => ({ authorization: `Bearer ${await sign({ role: 'INSTITUTION_STAFF' })}` })],
    ['of staff with a malformed institution', async () => ({ authorization: `Bearer ${await sign({ role: 'INSTITUTION_STAFF', institution: 'kis-26-1' })}` })],
    [
      'of a coordinator without a voivodeship',
      async () => ({ authorization: `Bearer ${await sign({ role: 'REGIONAL_COORDINATOR', voivodeship: 'świętokrzyskie' })}` }),
    ],
    ['in a Basic header', () => Promise.resolve({ authorization: 'Basic YWRtaW46YWRtaW4=' })],
  ];

  it.each(BAD)('refuses a token %s with UNAUTHENTICATED, for a read as for a write', async (_what, headers) => {
    const h = await headers();
    const read = await post(app.url, { query: '{ institutions { totalCount } }' }, h);
    expect(read.json.data ?? null).toBeNull();
    expectError(read.json, 'UNAUTHENTICATED');

    const [, query, variables] = MUTATIONS[0];
    const write = await expectNoWrites(app, () => post(app.url, { query, variables }, h));
    expectError(write.json, 'UNAUTHENTICATED');
    expect(write.text).not.toMatch(/secret|stack|at .*\.ts/i);
  });

  it('answers HTTP 401 with a typed error, and nothing of the status leaks into the body', async () => {
    const res = await postQuery(app.url, '{ voivodeships { code } }', undefined, { authorization: 'Bearer not.a.token' });
    expect(res.status).toBe(401);
    const body = res.json as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].extensions.http).toBeUndefined();
  });

  it('says why a token without "iat" or with too long a lifetime is refused', async () => {
    const noIat = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(jwt().issuer)
      .setAudience(jwt().audience)
      .setExpirationTime('1h')
      .sign(jwt().secret);
    expect(
      expectError((await post(app.url, { query: '{ voivodeships { code } }' }, { authorization: `Bearer ${noIat}` })).json, 'UNAUTHENTICATED').message,
    ).toMatch(/iat/);
    const decades = await sign({ role: 'ADMIN' }, (t) => t.setExpirationTime('30y'));
    expect(
      expectError((await post(app.url, { query: '{ voivodeships { code } }' }, { authorization: `Bearer ${decades}` })).json, 'UNAUTHENTICATED').message,
    ).toMatch(/lifetime.*24 h/);
  });

  it('says why an expired token is refused', async () => {
    const token = await sign({ role: 'ADMIN' }, (t) =>
      t.setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 60),
    );
    expect(
      expectError((await post(app.url, { query: '{ voivodeships { code } }' }, { authorization: `Bearer ${token}` })).json, 'UNAUTHENTICATED').message,
    ).toContain('expired');
  });

  it('accepts a well-formed token of each signed-in role', async () => {
    for (const claims of [
      { role: 'ADMIN' },
      { role: 'RESEARCHER' },
      { role: 'INSTITUTION_STAFF', institution: club },
      { role: 'REGIONAL_COORDINATOR', voivodeship: '26' },
    ]) {
      const res = await post(app.url, { query: '{ voivodeship(code: "26") { name } }' }, { authorization: `Bearer ${await sign(claims)}` });
      expect(res.json, JSON.stringify(claims)).toMatchObject({ data: { voivodeship: { name: 'świętokrzyskie' } } });
      expect(res.json.errors).toBeUndefined();
    }
  });
});
