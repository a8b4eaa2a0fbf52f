// Bundles the browser code with esbuild into content-hashed files the API serves itself:
//   ide/      → dist/web/ide/      GraphiQL at GET /graphql (text/html), assets under /ide/
//   widgets/  → dist/web/widgets/  web components under /widgets/
// Each output folder gets a manifest.json (entry name → hashed file) read by the server.
// Usage: node scripts/build-web.mjs [ide|widgets]… (default: both). Run by `npm run build`.
// A bundle whose inputs (sources, README, these scripts, the lock file) are unchanged is not rebuilt.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (name) => path.join(root, 'dist', 'web', name);
const wanted = process.argv.slice(2);
const want = (name) => wanted.length === 0 || wanted.includes(name);

/** The README's ```graphql blocks with the sentence before each as its title. */
function readmeExamples() {
  const text = readFileSync(path.join(root, 'README.md'), 'utf8');
  const examples = [];
  const block = /```graphql\n([\s\S]*?)```/g;
  let match;
  while ((match = block.exec(text))) {
    const before = text.slice(0, match.index).trimEnd().split('\n\n').pop() ?? '';
    const title = before.replace(/\s+/g, ' ').replace(/[`*]/g, '').replace(/:$/, '').slice(0, 140);
    examples.push({ title, query: match[1].trimEnd() });
  }
  return examples;
}

const virtualExamples = {
  name: 'readme-examples',
  setup(build) {
    build.onResolve({ filter: /^virtual:readme-examples$/ }, () => ({ path: 'readme-examples', namespace: 'virtual' }));
    build.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({ contents: `export const EXAMPLES = ${JSON.stringify(readmeExamples())};`, loader: 'js' }));
  },
};

const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
};

const hashName = (file, contents) => {
  const ext = path.extname(file);
  return `${path.basename(file, ext)}-${createHash('sha256').update(contents).digest('hex').slice(0, 10)}${ext}`;
};

async function buildIde() {
  const dir = out('ide');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Monaco's workers are classic scripts, each built on its own.
  const workers = {
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
    'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
  };
  const manifest = {};
  for (const [name, entry] of Object.entries(workers)) {
    const result = await esbuild.build({ ...common, entryPoints: [entry], format: 'iife', write: false, outfile: `${name}.js` });
    const contents = result.outputFiles[0].contents;
    const file = hashName(`${name}.js`, contents);
    writeFileSync(path.join(dir, file), contents);
    manifest[name] = file;
  }
  await esbuild
    .build({
      ...common,
      entryPoints: { graphiql: path.join(root, 'ide', 'main.tsx') },
      format: 'esm',
      splitting: false,
      outdir: dir,
      entryNames: '[name]-[hash]',
      assetNames: '[name]-[hash]',
      jsx: 'automatic',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl' },
      plugins: [virtualExamples],
      define: { ...common.define, __KSR_WORKERS__: JSON.stringify(manifest) },
    })
    .then((result) => {
      for (const [file, info] of Object.entries(result.metafile.outputs)) {
        if (info.entryPoint && file.endsWith('.js')) manifest.graphiql = path.basename(file);
        if (file.endsWith('.css')) manifest.css = path.basename(file);
      }
    });
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

/** SHA-256 over the files a bundle is built from (paths and contents, in a fixed order). */
function inputsDigest(name) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(path.join(root, name));
  for (const file of ['README.md', 'package-lock.json', 'scripts/build-web.mjs', 'scripts/build-widgets.mjs']) files.push(path.join(root, file));
  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Builds `name` unless its last build had the same inputs (the stamp sits beside its manifest). */
async function buildUnlessFresh(name, build) {
  const stamp = path.join(out(name), '.inputs-sha256');
  const digest = inputsDigest(name);
  if (existsSync(path.join(out(name), 'manifest.json')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
    console.log(`${name}: unchanged`);
    return;
  }
  console.log(`${name}:`, await build());
  writeFileSync(stamp, digest);
}

if (want('ide')) await buildUnlessFresh('ide', buildIde);
if (want('widgets')) {
  const { buildWidgets } = await import('./build-widgets.mjs');
  await buildUnlessFresh('widgets', () => buildWidgets({ root, dir: out('widgets'), common, hashName }));
}
