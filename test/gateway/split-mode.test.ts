// Split mode: the registry as its own HTTP service behind a separate gateway process-alike, as
// `start:registry` + `start:gateway` run them. Subgraphs trust identity only from the gateway.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLER_HEADER, issueForwardedIdentity, issueToken, Role } from '../../src/common/auth';
import type { Config } from '../../src/config';
import type { Service } from '../../src/services';
import { PESTKA_ID } from '../../seeds/pilot/ids';
import { postQuery } from '../support/requests';
import { startSplitApp, type SplitApp } from '../support/split-app';

let split: SplitApp;
let config: Config;
let registry: Service;
let casework: Service;
let gateway: Service;

beforeAll(async () => {
  split = await startSplitApp();
  ({ config, registry, casework, gateway } = split);
});
afterAll(() => split?.stop());

const PESTKA_QUERY = `{ institution(id: "${PESTKA_ID}") { name operatedInstitutions { totalCount } } }`;

describe('split mode', () => {
  it('serves the committed supergraph through the gateway over HTTP', async () => {
    const res = (await postQuery(gateway.server.url, PESTKA_QUERY)).json;
    expect(res.errors).toBeUndefined();
    expect(res.data.institution).toEqual({ name: 'Fundacja Pestka', operatedInstitutions: { totalCount: 3 } });
  });

  it('forwards the verified caller: staff may edit their own institution through the gateway', async () => {
    const token = await issueToken({ role: Role.INSTITUTION_STAFF, institutionId: PESTKA_ID, subject: 'pestka-staff' }, config.jwt);
    const read = (await postQuery(gateway.server.url, `{ institution(id: "${PESTKA_ID}") { version } }`)).json;
    const res = (
      await postQuery(
        gateway.server.url,
        `mutation { updateInstitution(input: { id: "${PESTKA_ID}", version: ${read.data.institution.version}, website: "https://pestka.example.org" }) { website } }`,
        undefined,
        { authorization: `Bearer ${token}` },
      )
    ).json;
    expect(res.errors).toBeUndefined();
    expect(res.data.updateInstitution.website).toBe('https://pestka.example.org');
  });

  it('crosses both subgraph services in one request, with disclosure-controlled counts', async () => {
    const res = (await postQuery(gateway.server.url, `{ institution(id: "${PESTKA_ID}") { name participantsServed { total { count suppressed } } } }`)).json;
    expect(res.errors).toBeUndefined();
    const total = res.data.institution.participantsServed.total;
    if (total.suppressed) expect(total.count).toBeNull();
    else expect(total.count).toBeGreaterThanOrEqual(config.casework.disclosureK);
  });

  it('refuses casework requests without the gateway identity or with a forged one', async () => {
    const query = `{ _entities(representations: [{ __typename: "Institution", id: "${PESTKA_ID}" }]) { ... on Institution { participantsServed { total { count } } } } }`;
    const token = await issueToken({ role: Role.INSTITUTION_STAFF, institutionId: PESTKA_ID, subject: 'x' }, config.jwt);
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${token}` }, { [CALLER_HEADER]: token }];
    for (const headers of attempts) {
      const res = (await postQuery(casework.server.url, query, undefined, headers)).json;
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.data ?? null).toBeNull();
    }
  });

  it('refuses a subgraph request without the gateway identity, even with a valid client token', async () => {
    const token = await issueToken({ role: Role.ADMIN, subject: 'admin' }, config.jwt);
    const res = (await postQuery(registry.server.url, PESTKA_QUERY, undefined, { authorization: `Bearer ${token}` })).json;
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses forged identities at the subgraph: unsigned, signed with the client key, expired', async () => {
    const claims = { role: 'ADMIN' };
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, sub: 'x' })).toString('base64url')}.`;
    const clientKeySigned = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('ksr-gateway')
      .setAudience('ksr-subgraphs')
      .setExpirationTime('1m')
      .sign(config.jwt.secret);
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('ksr-gateway')
      .setAudience('ksr-subgraphs')
      .setIssuedAt(1_000)
      .setExpirationTime(2_000)
      .sign(config.subgraphSecret);
    for (const forged of [unsigned, clientKeySigned, expired, 'ADMIN']) {
      const res = (await postQuery(registry.server.url, PESTKA_QUERY, undefined, { [CALLER_HEADER]: forged })).json;
      expect(res.errors?.[0].extensions?.code, forged).toBe('UNAUTHENTICATED');
    }
    const genuine = (
      await postQuery(registry.server.url, PESTKA_QUERY, undefined, {
        [CALLER_HEADER]: await issueForwardedIdentity({ role: Role.PUBLIC }, config.subgraphSecret),
      })
    ).json;
    expect(genuine.data.institution.name).toBe('Fundacja Pestka');
  });

  it('ignores an identity header a client sends to the gateway', async () => {
    const forwarded = await issueForwardedIdentity({ role: Role.ADMIN, subject: 'x' }, config.subgraphSecret);
    const res = (
      await postQuery(
        gateway.server.url,
        `mutation { recordMeeting(input: { networkId: "${PESTKA_ID}", date: "2020-01-01", kind: WORKING, topic: "Spotkanie robocze" }) { id } }`,
        undefined,
        { [CALLER_HEADER]: forwarded },
      )
    ).json;
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
