// A real browser for the web tests: Debian's Chromium (`.ci/run` installs it) driven by
// playwright-core, one instance per test file; the bundles of the browser code built when stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { findProjectRoot } from '../../src/config';
import { newestMtime } from './built-service';

const root = findProjectRoot(__dirname);

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Runs scripts/build-web.mjs for `bundle` when its manifest is missing or older than its sources. */
export function ensureWebBuilt(bundle: 'ide' | 'widgets'): void {
  const manifest = path.join(root, 'dist', 'web', bundle, 'manifest.json');
  const sources =
    bundle === 'ide'
      ? [path.join(root, 'ide'), path.join(root, 'README.md')]
      : [path.join(root, 'widgets'), path.join(root, 'src', 'registry', 'widgets', 'documents.ts')];
  const stale = !existsSync(manifest) || sources.some((s) => (statSync(s).isDirectory() ? newestMtime(s) : statSync(s).mtimeMs) > statSync(manifest).mtimeMs);
  if (!stale) return;
  const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-web.mjs'), bundle], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`build-web ${bundle} failed:\n${run.stdout}${run.stderr}`);
}

export async function launchBrowser(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium not found at /usr/bin/chromium: apt-get install chromium (.ci/run does)');
  // SwiftShader: WebGL (sigma.js) without a GPU.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-dev-shm-usage'],
  });
}

export const docsDir = path.join(root, 'docs');
export const axeSource = (): string => readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');
