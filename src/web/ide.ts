// GraphiQL at /graphql for a browser (GET with Accept: text/html), in place of Apollo's landing
// page: bundled from npm by scripts/build-web.mjs and served from /ide/ by this API, so it works
// offline. The README's example queries are its tabs; its headers pane takes Authorization.
import express from 'express';
import { readManifest, staticBundle } from './static';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(manifest: Record<string, string> | undefined): string {
  if (!manifest) {
    return '<!doctype html><html lang="en"><meta charset="utf-8"><title>KSR GraphQL API</title><body><h1>KSR GraphQL API</h1><p>The GraphiQL bundle is not built: run <code>npm run build</code>. POST GraphQL requests to this URL.</p></body></html>';
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>KSR cooperation graph · GraphiQL</title>
<link rel="stylesheet" href="/ide/${escape(manifest.css)}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql"><p style="font-family: sans-serif; padding: 1rem">Loading GraphiQL…</p></div>
<script type="module" src="/ide/${escape(manifest.graphiql)}"></script>
</body>
</html>`;
}

/** What a browser asks for when it opens the URL: HTML before JSON, and no GraphQL request in the query string. */
function wantsIde(req: express.Request): boolean {
  if (req.method !== 'GET' || req.query.query !== undefined || req.query.extensions !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

export function ideRoutes(graphqlPath = '/graphql'): (app: express.Express) => void {
  return (app) => {
    app.use('/ide', staticBundle('ide'));
    app.get(graphqlPath, (req, res, next) => {
      if (!wantsIde(req)) return next();
      res
        .status(200)
        .set('content-type', 'text/html; charset=utf-8')
        .set('cache-control', 'no-cache')
        .set('x-content-type-options', 'nosniff')
        // Everything from this origin; Monaco injects styles and reads its icon font from a data: URL.
        .set(
          'content-security-policy',
          "default-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'self'",
        )
        .send(page(readManifest('ide')));
    });
  };
}
