// GraphiQL for /graphql, bundled from npm (scripts/build-web.mjs): no CDN, no web fonts, nothing
// from another host. The README's example queries are its tabs; the headers pane holds the
// Authorization header.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { EXAMPLES } from 'virtual:readme-examples';

// Monaco asks this for a worker per language; our workers are bundled beside the page.
const base = new URL('./', import.meta.url);
(globalThis as { MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker } }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    const file = label === 'json' ? __KSR_WORKERS__['json.worker'] : label === 'graphql' ? __KSR_WORKERS__['graphql.worker'] : __KSR_WORKERS__['editor.worker'];
    return new Worker(new URL(file, base));
  },
};

const endpoint = new URL('/graphql', window.location.href).toString();
const fetcher = createGraphiQLFetcher({ url: endpoint });

const AUTH_HINT = '{\n  "Authorization": "Bearer <npm run token -- --role ADMIN>"\n}';

const tabs = EXAMPLES.map((e) => ({
  query: `# ${e.title}\n${e.query}`,
  // Mutations need a token: the headers pane shows where it goes.
  headers: e.query.trimStart().startsWith('mutation') ? AUTH_HINT : '{}',
}));

const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <GraphiQL
        fetcher={fetcher}
        defaultTabs={tabs}
        defaultHeaders={'{}'}
        isHeadersEditorEnabled={true}
        defaultEditorToolsVisibility="headers"
        shouldPersistHeaders={false}
      />
    </StrictMode>,
  );
}
