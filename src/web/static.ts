// Serves the browser bundles built by scripts/build-web.mjs (dist/web/<name>/): content-hashed
// files with a year's immutable cache, everything else revalidated. Nothing is read from another host.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { findProjectRoot } from '../config';

/** dist/web/<name> of this checkout (the same from src/ under vitest and from dist/src/). */
const webDir = (name: string): string => path.join(findProjectRoot(), 'dist', 'web', name);

/** `name-0123456789.js`, `name-ABCDEFGH.css`: the hash esbuild or the build script put in the name. */
const HASHED = /-[0-9A-Za-z]{8,}\.[a-z0-9]+$/;

/** The entry name → file map of a bundle, or undefined when it was not built. */
export function readManifest(name: string): Record<string, string> | undefined {
  const file = path.join(webDir(name), 'manifest.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

export function staticBundle(name: string): express.RequestHandler {
  return express.static(webDir(name), {
    index: false,
    fallthrough: true,
    etag: true,
    setHeaders(res, file) {
      res.setHeader('x-content-type-options', 'nosniff');
      // Embedding pages on other origins load the widget modules.
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('cross-origin-resource-policy', 'cross-origin');
      if (HASHED.test(path.basename(file))) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else res.setHeader('cache-control', 'public, max-age=300, must-revalidate');
    },
  });
}
