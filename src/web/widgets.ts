// /widgets: the widget bundles (content-hashed, a year's cache; stable loaders revalidated), the
// widget endpoint (/widgets/graphql, src/registry/widgets/widget-endpoint.ts) and a gallery page
// that shows each widget live on the seed data with its options and the snippet to copy.
import express from 'express';
import { widgetEndpoint, type WidgetEndpointOptions } from '../registry/widgets/widget-endpoint';
import { readManifest, staticBundle } from './static';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface GalleryEntry {
  element: string;
  title: string;
  what: string;
  attributes: [string, string][];
  options: [string, string][];
}

const COMMON_OPTIONS: [string, string][] = [
  ['key', 'the widget key (required; "demo" works only on this page)'],
  ['lang', '"pl" (default) or "en"'],
  ['interval', 'seconds between checks for changes (default 30; 0: never)'],
];

const GALLERY: GalleryEntry[] = [
  {
    element: 'ksr-members',
    title: 'Members of a platform',
    what: 'Name, type, sector and locality of each member; the reader filters by sector.',
    attributes: [['link', 'website']],
    options: [
      ['network', 'a network id in the key’s scope (default: the key’s network, or its voivodeship’s platform)'],
      ['sector', 'initial sector filter, e.g. CULTURE'],
      ['link', 'link-out per member: a URL with {id} or {name}, or "website" for each institution’s own site'],
      ['heading', 'the title (default "Członkowie platformy")'],
    ],
  },
  {
    element: 'ksr-partners',
    title: 'A club’s partners',
    what: 'Partners in each area of the new service profile (education, culture, health prevention, sport) and how many areas are covered.',
    attributes: [],
    options: [['club', 'the club’s id (default: the first club in the key’s scope)']],
  },
  {
    element: 'ksr-network',
    title: 'Network picture',
    what: 'The cooperation graph: hover, click or arrow keys name an institution; + and − zoom; the table is the same data in text.',
    attributes: [],
    options: [
      ['network', 'a network id (its members’ partnerships)'],
      ['voivodeship', 'or a voivodeship’s TERYT code'],
      ['show-table', 'show the table from the start'],
    ],
  },
  {
    element: 'ksr-counts',
    title: 'Counts by sector and type',
    what: 'Institutions of a voivodeship by sector and by type.',
    attributes: [['voivodeship', '26']],
    options: [['voivodeship', 'TERYT code (default: the key’s voivodeship)']],
  },
];

function gallery(base: string, built: boolean): string {
  const sections = GALLERY.map((g) => {
    const attrs = g.attributes.map(([k, v]) => ` ${k}="${escape(v)}"`).join('');
    const snippet = `<script type="module" src="${base}/widgets/${g.element}.js"></script>\n<${g.element} key="YOUR-KEY"${attrs}></${g.element}>`;
    return `<section class="widget" id="${g.element}">
  <h2>${escape(g.title)} <code>&lt;${g.element}&gt;</code></h2>
  <p>${escape(g.what)}</p>
  <div class="live"><${g.element} key="demo"${attrs}></${g.element}></div>
  <h3>Options</h3>
  <table><thead><tr><th scope="col">attribute</th><th scope="col">meaning</th></tr></thead><tbody>
  ${[...g.options, ...COMMON_OPTIONS].map(([k, v]) => `<tr><td><code>${escape(k)}</code></td><td>${escape(v)}</td></tr>`).join('\n  ')}
  </tbody></table>
  <h3>Snippet</h3>
  <pre><code>${escape(snippet)}</code></pre>
  <script type="module" src="/widgets/${g.element}.js"></script>
</section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>KSR widgets for regional platforms</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; color: #1b1b1b; line-height: 1.5; }
  code, pre { font-family: ui-monospace, monospace; }
  pre { background: #f2f2f2; padding: 0.75rem; overflow-x: auto; border-radius: 4px; }
  table { border-collapse: collapse; } th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #8a8a8a; }
  .widget { margin: 2rem 0; } .live { margin: 1rem 0; }
</style>
</head>
<body>
<main>
<h1>Widgets for regional platforms</h1>
<p>Each widget below runs live on this API’s data with the key <code>demo</code> (public data of voivodeship 26, only on this page).
To embed one on your site, an admin or the regional coordinator creates a key for your site’s origin
(<code>createWidgetKey</code>, see the README), then paste the snippet with that key. The widgets fetch nothing from any host but this API.</p>
${built ? '' : '<p role="alert"><strong>The widget bundles are not built: run <code>npm run build</code>.</strong></p>'}
${sections}
</main>
</body>
</html>`;
}

export function widgetRoutes(endpoint: WidgetEndpointOptions): (app: express.Express) => void {
  return (app) => {
    const handler = widgetEndpoint(endpoint);
    app.get('/widgets/graphql', handler);
    app.options('/widgets/graphql', handler);
    app.get(['/widgets', '/widgets/'], (req, res) => {
      const base = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      res
        .status(200)
        .set('content-type', 'text/html; charset=utf-8')
        .set('cache-control', 'no-cache')
        .set('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'")
        .send(gallery(base, readManifest('widgets') !== undefined));
    });
    app.use('/widgets', staticBundle('widgets'));
  };
}
