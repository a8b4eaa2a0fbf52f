import 'reflect-metadata';
// Widget keys through the API, as their managers and an attacker would use them: an admin or the
// regional coordinator of the scope's voivodeship creates, lists and revokes; a coordinator of
// another voivodeship, staff and the public can do none of it and change nothing; the secret is
// shown once and stored hashed. The widgets' endpoint then checks the key, its origin, its widgets
// and its scope, runs only stored documents, and charges the key's own budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIds } from '../../../src/registry/widgets/documents';
import { PLATFORM_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { adminToken, coordinatorToken, expectError, expectNoWrites, sql, staffToken } from '../../support/registry-helpers';
import { data } from '../../support/requests';

const SITE = 'https://rpw.example.pl';
const CREATE = `mutation($input: CreateWidgetKeyInput!) { createWidgetKey(input: $input) { secret key { id name prefix allowedOrigins allowedWidgets active voivodeship { code } network { id } } } }`;
const LIST = `query($all: Boolean) { widgetKeys(includeRevoked: $all) { id name active voivodeship { code } network { id } } }`;
const REVOKE = `mutation($id: ID!) { revokeWidgetKey(id: $id) { id active } }`;
const WIDGET_BUDGET = 400;

let app: TestApp;
let admin: string;
let rc26: string;
let rc24: string;
let staff26: string;
beforeAll(async () => {
  app = await startRegistryApp({ env: { BUDGETS: 'true', BUDGET_WIDGET: String(WIDGET_BUDGET), BUDGET_WINDOW_SECONDS: '300' } });
  admin = await adminToken(app);
  rc26 = await coordinatorToken(app, '26');
  rc24 = await coordinatorToken(app, '24');
  staff26 = await staffToken(app, SWIETOKRZYSKIE_CLUB_IDS[0]);
});
afterAll(() => app?.close());

const input = (over: Record<string, unknown> = {}) => ({
  name: 'RPW świętokrzyskie',
  voivodeship: '26',
  allowedOrigins: [SITE],
  allowedWidgets: ['MEMBERS', 'COUNTS'],
  ...over,
});
const create = async (token: string, over: Record<string, unknown> = {}) => data(await app.gql(CREATE, { input: input(over) }, token)).createWidgetKey;

/** A widget's request as a browser on `origin` sends it. */
const widget = (
  name: keyof ReturnType<typeof documentIds>,
  key: string,
  origin: string | undefined,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
) => {
  const u = new URL(app.url.replace(/\/graphql$/, '/widgets/graphql'));
  u.searchParams.set('documentId', documentIds()[name]);
  u.searchParams.set('key', key);
  if (variables) u.searchParams.set('variables', JSON.stringify(variables));
  return fetch(u, { headers: { ...(origin ? { origin } : {}), ...headers } });
};

describe('managing widget keys', () => {
  it('the coordinator of the voivodeship creates a key: the secret once, only its hash stored, listed without it', async () => {
    const created = await create(rc26);
    expect(created.secret).toMatch(/^ksrw_[A-Za-z0-9_-]{43}$/);
    expect(created.key).toMatchObject({
      name: 'RPW świętokrzyskie',
      allowedOrigins: [SITE],
      allowedWidgets: ['MEMBERS', 'COUNTS'],
      active: true,
      voivodeship: { code: '26' },
      network: null,
    });
    expect(created.secret.startsWith(created.key.prefix)).toBe(true);
    const [row] = await sql<Record<string, unknown>>(app, 'select * from widget_key where id = ?', [created.key.id]);
    expect(JSON.stringify(row)).not.toContain(created.secret);
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(12));
    const listed = data(await app.gql(LIST, {}, rc26)).widgetKeys;
    expect(listed.map((k: { id: string }) => k.id)).toContain(created.key.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
  });

  it('a coordinator of another voivodeship can neither create a key for it (by voivodeship or by its platform), nor see, nor revoke its keys', async () => {
    const mine = await create(rc26, { name: 'for the 24 test' });
    await expectNoWrites(app, async () => {
      expectError(await app.gql(CREATE, { input: input() }, rc24), 'FORBIDDEN');
      expectError(await app.gql(CREATE, { input: input({ voivodeship: null, networkId: PLATFORM_IDS['26'] }) }, rc24), 'FORBIDDEN');
      expectError(await app.gql(REVOKE, { id: mine.key.id }, rc24), 'FORBIDDEN');
    });
    const seen = data(await app.gql(LIST, { all: true }, rc24)).widgetKeys;
    expect(seen.map((k: { id: string }) => k.id)).not.toContain(mine.key.id);
    // Its own voivodeship's platform: allowed.
    const own = await create(rc24, { voivodeship: null, networkId: PLATFORM_IDS['24'] });
    expect(own.key.network.id).toBe(PLATFORM_IDS['24']);
    expect(data(await app.gql(LIST, {}, rc26)).widgetKeys.map((k: { id: string }) => k.id)).not.toContain(own.key.id);
    expect(data(await app.gql(LIST, {}, admin)).widgetKeys.map((k: { id: string }) => k.id)).toEqual(expect.arrayContaining([mine.key.id, own.key.id]));
  });

  it('staff and the public may not create or list keys', async () => {
    await expectNoWrites(app, async () => {
      expectError(await app.gql(CREATE, { input: input() }, staff26), 'FORBIDDEN');
      expectError(await app.gql(CREATE, { input: input() }), 'UNAUTHENTICATED');
      expectError(await app.gql(LIST, {}, staff26), 'FORBIDDEN');
    });
  });

  it('bad input is refused by field and writes nothing: a path in an origin, two scopes, no widgets, an unknown voivodeship', async () => {
    await expectNoWrites(app, async () => {
      expect(
        expectError(
          await app.gql(CREATE, { input: input({ allowedOrigins: ['https://rpw.example.pl/widgets'] }) }, admin),
          'BAD_USER_INPUT',
          'input.allowedOrigins.0',
        ).message,
      ).toMatch(/not an origin/);
      expectError(await app.gql(CREATE, { input: input({ networkId: PLATFORM_IDS['26'] }) }, admin), 'BAD_USER_INPUT', 'input.networkId');
      expectError(await app.gql(CREATE, { input: input({ allowedWidgets: [] }) }, admin), 'BAD_USER_INPUT');
      expectError(await app.gql(CREATE, { input: input({ voivodeship: '99' }) }, admin), 'BAD_USER_INPUT');
    });
  });
});

describe('the widgets’ endpoint with a key', () => {
  it('serves an allowed widget on an allowed origin, in scope, public data only, with the key’s budget in the headers', async () => {
    const { secret } = await create(rc26, { name: 'served' });
    const res = await widget('counts', secret, SITE);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(Number(res.headers.get('x-ratelimit-limit'))).toBe(WIDGET_BUDGET);
    expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(WIDGET_BUDGET);
    const body = (await res.json()) as { data: { voivodeship: { code: string; institutionCounts: { total: number } } } };
    expect(body.data.voivodeship.code).toBe('26');
    expect(body.data.voivodeship.institutionCounts.total).toBeGreaterThan(0);
    // The same answer again: 304 with its ETag.
    const again = await widget('counts', secret, SITE, undefined, { 'if-none-match': res.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('refuses a wrong origin, a widget the key does not allow, a scope outside it, a document not stored, a forged key and a revoked key: each in words with its code', async () => {
    const { secret, key } = await create(rc26, { name: 'refusals' });
    const refusal = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe(code);
      expect(body.errors[0].message.length).toBeGreaterThan(10);
      return body.errors[0].message;
    };
    expect(await refusal(await widget('counts', secret, 'https://evil.example'), 403, 'WIDGET_ORIGIN_NOT_ALLOWED')).toContain('https://evil.example');
    await refusal(await widget('counts', secret, undefined), 403, 'WIDGET_ORIGIN_REQUIRED');
    await refusal(await widget('network', secret, SITE), 403, 'WIDGET_NOT_ALLOWED');
    await refusal(await widget('counts', secret, SITE, { voivodeship: '24' }), 403, 'WIDGET_OUT_OF_SCOPE');
    await refusal(await widget('members', secret, SITE, { network: PLATFORM_IDS['24'] }), 403, 'WIDGET_OUT_OF_SCOPE');
    const u = new URL(app.url.replace(/\/graphql$/, '/widgets/graphql'));
    u.searchParams.set('documentId', 'sha256:' + '0'.repeat(64));
    u.searchParams.set('key', secret);
    await refusal(await fetch(u, { headers: { origin: SITE } }), 400, 'PERSISTED_QUERY_NOT_FOUND');
    await refusal(await widget('counts', secret.slice(0, -2) + 'xx', SITE), 401, 'WIDGET_KEY_INVALID');
    // A key's secret cannot be used as an API token either.
    expect((await app.gql('{ widgetKeys { id } }', {}, secret)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    data(await app.gql(REVOKE, { id: key.id }, rc26));
    expect(await refusal(await widget('counts', secret, SITE), 403, 'WIDGET_KEY_REVOKED')).toMatch(/revoked on \d{4}-\d{2}-\d{2}/);
    expect(data(await app.gql(LIST, {}, rc26)).widgetKeys.map((k: { id: string }) => k.id)).not.toContain(key.id);
    expect(data(await app.gql(LIST, { all: true }, rc26)).widgetKeys.find((k: { id: string }) => k.id === key.id)).toMatchObject({ active: false });
  });

  it('charges the key’s own budget: spent, 429 THROTTLED with Retry-After, while another key is still served', async () => {
    const spent = await create(rc26, { name: 'spender' });
    const other = await create(rc26, { name: 'bystander' });
    let last: Response | undefined;
    for (let i = 0; i < 100; i += 1) {
      last = await widget('counts', spent.secret, SITE);
      if (last.status !== 200) break;
      await last.arrayBuffer();
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('THROTTLED');
    expect((await widget('counts', other.secret, SITE)).status).toBe(200);
  });
});
