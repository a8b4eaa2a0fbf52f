// `npm run bench:responses -- --url <graphql url> --out <dir>`: sends each read workload once and
// keeps the exact response body, so that two builds (before and after a refactoring) can be
// compared byte for byte (`diff -r`). See bench/README.md, "Responses before and after a change".
//
//   node dist/bench/responses.js --url http://127.0.0.1:4000/graphql --out /tmp/resp/after
//                                [--workloads 1,2,3,4,5,6] [--token <jwt>] [--mask run-dependent,<path>,...]
//
// Writes <out>/<workload id>.json (the body as received) and <out>/SHA256SUMS (`sha256sum -c`).
// --mask replaces the values at the given JSON paths (lib/mask.ts; `run-dependent`: those that
// differ between two runs of one build) and writes the re-serialised body instead.
// The requests are the runner's (lib/graphql.ts): no authorization header, as `npm run bench`
// sends the reads; --token adds `Authorization: Bearer <token>` for a caller who needs one.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findProjectRoot } from '../src/config';
import { graphqlBody, post } from './lib/graphql';
import { maskJson, maskSpecs } from './lib/mask';
import { loadWorkloads } from './workloads';

const log = (m: string): void => console.log(`[responses] ${m}`);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      out: { type: 'string' },
      token: { type: 'string' },
      workloads: { type: 'string', default: '1,2,3,4,5,6' },
      mask: { type: 'string' },
    },
  });
  if (!values.url || !values.out)
    throw new Error('usage: responses --url <graphql url> --out <dir> [--workloads 1,2,...] [--token <jwt>] [--mask run-dependent,<path>,...]');
  const wanted = new Set(values.workloads.split(',').filter(Boolean).map(Number));
  const masks = maskSpecs(values.mask ?? '');
  const headers: Record<string, string> = values.token ? { authorization: `Bearer ${values.token}` } : {};
  // Writes change the data the next read sees: only reads are captured.
  const reads = loadWorkloads(findProjectRoot()).filter((w) => wanted.has(w.number) && w.kind === 'read' && w.available);
  for (const n of wanted) if (!reads.some((w) => w.number === n)) throw new Error(`workload ${n} is not an available read workload`);
  mkdirSync(values.out, { recursive: true });
  const sums: string[] = [];
  let failed = 0;
  for (const w of reads) {
    const { status, text, json } = await post(values.url, graphqlBody(w), headers);
    // Masking re-serialises the parsed body (as compact as the server's, with its trailing newline);
    // without masks the file is the body's exact bytes.
    const body = masks.length ? JSON.stringify(maskJson(json, masks)) + text.slice(text.trimEnd().length) : text;
    const file = `${w.id}.json`;
    writeFileSync(path.join(values.out, file), body);
    const sha = createHash('sha256').update(body).digest('hex');
    sums.push(`${sha}  ${file}`);
    const problem = status !== 200 ? `HTTP ${status}` : json.errors ? `errors: ${JSON.stringify(json.errors).slice(0, 300)}` : '';
    if (problem) failed++;
    log(`${w.id}: ${Buffer.byteLength(body)} bytes, sha256 ${sha}${problem ? ` (${problem})` : ''}`);
  }
  writeFileSync(path.join(values.out, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  log(`wrote ${reads.length} responses and SHA256SUMS to ${values.out}${masks.length ? ` (masked: ${masks.join(', ')})` : ''}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[responses] failed:', error);
    process.exit(2);
  },
);
