// The widgets and GraphiQL in a real browser (Chromium from Debian via playwright-core): a page
// on a second origin embeds every widget with a key for that origin; the wrong origin and a
// revoked key are refused and said so; nothing is fetched from any other host; a membership added
// through the API appears within the live interval; keyboard and axe-core; screenshots to docs/.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/common/auth';
import { axeSource, docsDir, ensureWebBuilt, launchBrowser } from '../support/browser';
import { startRegistryApp, tokenFor, type TestApp } from '../support/registry-app';
import { edgesOf } from '../support/requests';

// The callbacks given to page.evaluate run in the page: its globals, untyped here (the DOM lib would
// retype fetch and friends for the whole test program).
declare const document: any;
declare const window: any;

let app: TestApp;
let api: string;
let browser: Browser;
let admin: string;
let platform: { id: string; name: string };
const pages: http.Server[] = [];
let embedOrigin: string;
let otherOrigin: string;
let goodKey: string;
let revokedKey: string;

/** An embedding site on its own port: `/` embeds every widget with `?key=`. */
async function site(): Promise<string> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = url.searchParams.get('key') ?? '';
    const lang = url.searchParams.get('lang') ?? 'pl';
    const only = url.searchParams.get('only');
    const widgets = ['members', 'partners', 'network', 'counts'].filter((w) => !only || w === only);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Regionalna platforma</title></head>
<body><main><h1>Regionalna platforma współpracy</h1>
${widgets.map((w) => `<script type="module" src="${api}/widgets/ksr-${w}.js"></script>\n<ksr-${w} key="${key}" interval="2"${w === 'members' ? ' link="website"' : ''}></ksr-${w}>`).join('\n')}
</main></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  pages.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A page that records every request, and aborts (and records) any to a host other than `allowed`. */
async function openPage(
  allowed: string[],
  viewport = { width: 1000, height: 900 },
): Promise<{ page: Page; requests: string[]; outside: string[]; widgetStatuses: number[] }> {
  const page = await browser.newPage({ viewport });
  const requests: string[] = [];
  const outside: string[] = [];
  const widgetStatuses: number[] = [];
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    requests.push(url);
    if (!allowed.includes(new URL(url).origin)) {
      outside.push(url);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  page.on('response', (r) => {
    if (r.url().includes('/widgets/graphql')) widgetStatuses.push(r.status());
  });
  return { page, requests, outside, widgetStatuses };
}

async function createKey(origin: string, widgets = ['MEMBERS', 'PARTNERS', 'NETWORK', 'COUNTS']): Promise<{ id: string; secret: string }> {
  const res = await app.gql(
    `mutation($input: CreateWidgetKeyInput!) { createWidgetKey(input: $input) { secret key { id } } }`,
    { input: { name: `test ${origin}`, networkId: platform.id, allowedOrigins: [origin], allowedWidgets: widgets } },
    admin,
  );
  expect(res.errors).toBeUndefined();
  return { id: res.data!.createWidgetKey.key.id, secret: res.data!.createWidgetKey.secret };
}

beforeAll(async () => {
  ensureWebBuilt('widgets');
  ensureWebBuilt('ide');
  app = await startRegistryApp();
  api = new URL(app.url).origin;
  admin = await tokenFor(app, Role.ADMIN);
  const p = await app.gql(`{ voivodeship(code: "26") { platform { id name } } }`);
  platform = p.data!.voivodeship.platform;
  embedOrigin = await site();
  otherOrigin = await site();
  goodKey = (await createKey(embedOrigin)).secret;
  const revoked = await createKey(embedOrigin);
  revokedKey = revoked.secret;
  const r = await app.gql(`mutation($id: ID!) { revokeWidgetKey(id: $id) { active revokedAt } }`, { id: revoked.id }, admin);
  expect(r.data!.revokeWidgetKey.active).toBe(false);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const s of pages) s.close();
  await app?.close();
});

describe('widgets embedded on a second origin', () => {
  it('show the API’s names and counts, draw the network, match the table, fetch from no other host, and follow a change live', async () => {
    const { page, outside, widgetStatuses } = await openPage([api, embedOrigin]);
    await page.goto(`${embedOrigin}/?key=${goodKey}`);

    // Members: every name the API lists.
    const members = await app.gql(`query($id: ID!) { network(id: $id) { members(first: 100) { edges { node { institution { id name } } } } } }`, {
      id: platform.id,
    });
    const names: string[] = members.data!.network.members.edges.map((e: any) => e.node.institution.name);
    const rows = page.locator('ksr-members tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(names.length);
    expect((await page.locator('ksr-members tbody tr td:first-child').allInnerTexts()).map((t) => t.replace(/ \(koordynator\)$/, '')).sort()).toEqual(
      [...names].sort(),
    );

    // Counts: the voivodeship's total and sectors.
    const counts = await app.gql(`{ voivodeship(code: "26") { institutionCounts { total bySector { sector count } } } }`);
    await expect
      .poll(() => page.locator('ksr-counts [part="total"]').innerText(), { timeout: 15_000 })
      .toBe(String(counts.data!.voivodeship.institutionCounts.total));

    // Partners: the four areas of the new service profile.
    await expect.poll(() => page.locator('ksr-partners [data-area]').count(), { timeout: 15_000 }).toBe(4);

    // Network picture: its canvas is drawn (labels canvas has pixels), and the table is the API's graph.
    const graph = await app.gql(`query($id: ID) { cooperationGraph(filter: { networkId: $id }) { nodes(first: 100) { edges { node { id name degree } } } } }`, {
      id: platform.id,
    });
    const nodes: { id: string; degree: number }[] = edgesOf(graph.data!.cooperationGraph.nodes);
    await page.locator('ksr-network canvas').first().waitFor({ timeout: 15_000 });
    await expect
      .poll(
        () =>
          page.locator('ksr-network').evaluate((el) => {
            const canvases: any[] = [...((el as any).shadowRoot?.querySelectorAll('canvas') ?? [])];
            const labels = canvases.find((c) => c.classList.contains('sigma-labels'));
            if (!labels || labels.width === 0) return 0;
            const pixels = labels.getContext('2d')!.getImageData(0, 0, labels.width, labels.height).data;
            let drawn = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
            return drawn;
          }),
        { timeout: 15_000 },
      )
      .toBeGreaterThan(100);
    await page.locator('ksr-network button[aria-controls="table"]').click();
    const table = await page
      .locator('ksr-network tbody tr')
      .evaluateAll((trs) => trs.map((tr) => ({ id: tr.getAttribute('data-id'), degree: Number(tr.querySelector('td.num')?.textContent) })));
    expect(new Map(table.map((r) => [r.id, r.degree]))).toEqual(new Map(nodes.map((n) => [n.id, n.degree])));

    for (const w of ['members', 'partners', 'network', 'counts']) await page.locator(`ksr-${w}`).screenshot({ path: path.join(docsDir, `widget-${w}.png`) });

    // Live: a new member shows within the interval (2 s here) plus one request.
    const current = new Set(members.data!.network.members.edges.map((e: any) => e.node.institution.id));
    const candidates = await app.gql(`{ institutions(filter: { voivodeship: "26" }, first: 100) { edges { node { id name } } } }`);
    const newcomer = edgesOf(candidates.data!.institutions).find((i: any) => !current.has(i.id));
    const added = await app.gql(
      `mutation($input: AddMembershipInput!) { addMembership(input: $input) { id } }`,
      { input: { networkId: platform.id, institutionId: newcomer.id, role: 'MEMBER' } },
      admin,
    );
    expect(added.errors).toBeUndefined();
    const changedAt = Date.now();
    await expect.poll(() => rows.count(), { timeout: 10_000, interval: 100 }).toBe(names.length + 1);
    const seenAfterMs = Date.now() - changedAt;
    console.log(`[widgets] change → widget: ${seenAfterMs} ms (interval 2 s)`);
    expect(seenAfterMs).toBeLessThan(2_000 + 2_000);
    await expect(page.locator('ksr-members tbody').innerText()).resolves.toContain(newcomer.name);
    // Polls are conditional GETs: an unchanged answer is a 304 (Playwright's interception turns the
    // browser's HTTP cache off, so this is asked directly, as the browser does it).
    const last = (await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))).filter((u) => u.includes('/widgets/graphql')).pop()!;
    const first = await fetch(last, { headers: { origin: embedOrigin } });
    expect(first.status).toBe(200);
    const again = await fetch(last, { headers: { origin: embedOrigin, 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(widgetStatuses.every((s) => s === 200)).toBe(true);

    expect(outside).toEqual([]);
    await page.close();
  });

  it('is reachable by keyboard and has no serious or critical axe-core violation, at 320 px too', async () => {
    for (const width of [1000, 320]) {
      const { page, outside } = await openPage([api, embedOrigin], { width, height: 900 });
      await page.goto(`${embedOrigin}/?key=${goodKey}&lang=en`);
      await page.locator('ksr-network canvas').first().waitFor({ timeout: 15_000 });
      await page.locator('ksr-counts [part="total"]').waitFor();
      // Every interactive element inside the widgets, and what Tab reaches.
      const interactive = await page.evaluate(() => {
        const found: string[] = [];
        for (const host of document.querySelectorAll('ksr-members, ksr-partners, ksr-network, ksr-counts')) {
          // Those shown (the picture's table is hidden until asked for).
          host.shadowRoot?.querySelectorAll('a[href], button, select, [tabindex="0"]').forEach((el: any, i: number) => {
            if (el.getClientRects().length > 0) found.push(`${host.localName}:${el.localName}:${i}`);
          });
        }
        return found;
      });
      const reached = new Set<string>();
      // (Chromium also stops on scrollable regions: the tables' wrappers at 320 px.)
      for (let i = 0; i < interactive.length * 2 + 10; i++) {
        await page.keyboard.press('Tab');
        const id = await page.evaluate(() => {
          const host = document.activeElement;
          const inner = host?.shadowRoot?.activeElement;
          if (!host || !inner) return null;
          const all = [...host.shadowRoot.querySelectorAll('a[href], button, select, [tabindex="0"]')];
          return `${host.localName}:${inner.localName}:${all.indexOf(inner)}`;
        });
        if (id) reached.add(id);
      }
      expect(interactive.length).toBeGreaterThan(5);
      expect(interactive.filter((i) => !reached.has(i))).toEqual([]);
      // The picture answers the keyboard: an arrow key names an institution.
      await page.locator('ksr-network [part="canvas"]').focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.locator('ksr-network [part="focus"]').innerText()).toMatch(/partners: \d+$/);

      await page.addScriptTag({ content: axeSource() });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
          .map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations).toEqual([]);
      if (width === 320) await page.screenshot({ path: path.join(docsDir, 'widgets-320px.png'), fullPage: true });
      expect(outside).toEqual([]);
      await page.close();
    }
  });

  it('on an origin the key does not allow, and with a revoked key: the API refuses and the widget says so', async () => {
    const wrong = await openPage([api, otherOrigin]);
    await wrong.page.goto(`${otherOrigin}/?key=${goodKey}&only=members`);
    await expect
      .poll(() => wrong.page.locator('ksr-members [part="error"]').innerText(), { timeout: 15_000 })
      .toContain('Ta strona nie może używać tego klucza widżetu.');
    expect(wrong.widgetStatuses).toContain(403);
    await wrong.page.locator('ksr-members').screenshot({ path: path.join(docsDir, 'widget-error-origin.png') });
    await wrong.page.close();

    const revoked = await openPage([api, embedOrigin]);
    await revoked.page.goto(`${embedOrigin}/?key=${revokedKey}&only=counts`);
    await expect.poll(() => revoked.page.locator('ksr-counts [part="error"]').innerText(), { timeout: 15_000 }).toContain('Klucz widżetu został unieważniony.');
    expect(revoked.widgetStatuses).toContain(403);
    await revoked.page.close();
  });
});

describe('GraphiQL at /graphql', () => {
  it('loads with every other host blocked and runs a README query', async () => {
    const { page, outside } = await openPage([api], { width: 1280, height: 800 });
    await page.goto(`${api}/graphql`);
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 });
    // The first tab is the README's first example (the świętokrzyskie dashboard).
    // (Monaco renders spaces as no-break spaces.)
    await expect
      .poll(async () => (await page.locator('.graphiql-query-editor').innerText()).replace(/\s/g, ' '), { timeout: 30_000 })
      .toContain('voivodeship(code: "26")');
    await run.click();
    await expect.poll(() => page.locator('.graphiql-response').innerText(), { timeout: 30_000 }).toContain('"institutionCounts"');
    expect(await page.locator('.graphiql-response').innerText()).not.toContain('"errors"');
    await page.screenshot({ path: path.join(docsDir, 'graphiql.png') });
    expect(outside).toEqual([]);
    await page.close();
  });
});
