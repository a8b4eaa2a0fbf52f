// The widgets (widgets/*.ts, Lit web components) → dist/web/widgets/: one content-hashed module
// per widget (shared code in hashed chunks, cached for a year), and for each a small loader with
// a stable name (ksr-members.js …, revalidated) that is what a page embeds. The stored documents'
// ids come from src/registry/widgets/documents.ts, the file the server runs them from.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

export const WIDGETS = ['members', 'partners', 'network', 'counts'];

async function documentIds(root) {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src', 'registry', 'widgets', 'documents.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  const module = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].contents).toString('base64')}`);
  return module.documentIds();
}

export async function buildWidgets({ root, dir, common }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ids = await documentIds(root);
  const result = await esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(WIDGETS.map((w) => [`ksr-${w}`, path.join(root, 'widgets', `ksr-${w}.ts`)])),
    format: 'esm',
    splitting: true,
    outdir: dir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    define: { ...common.define, __KSR_DOCUMENTS__: JSON.stringify(ids) },
  });
  const manifest = {};
  const sizes = {};
  const outputs = result.metafile.outputs;
  const gz = (file) => gzipSync(readFileSync(path.join(root, file)), { level: 9 }).length;
  for (const [file, info] of Object.entries(outputs)) {
    if (!info.entryPoint) continue;
    const name = path.basename(file).replace(/-[A-Z0-9]+\.js$/, '');
    manifest[name] = path.basename(file);
    // What a page downloads for this widget: its module and every chunk it imports, gzipped each.
    const files = new Set([file]);
    for (const f of files) for (const i of outputs[f].imports) if (i.kind === 'import-statement' && outputs[i.path]) files.add(i.path);
    sizes[name] = { files: [...files].map((f) => path.basename(f)), gzipBytes: [...files].reduce((n, f) => n + gz(f), 0) };
    writeFileSync(path.join(dir, `${name}.js`), `import './${path.basename(file)}';\n`);
  }
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(dir, 'sizes.json'), JSON.stringify(sizes, null, 2));
  return Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, `${(v.gzipBytes / 1024).toFixed(1)} kB gzipped`]));
}
