import 'reflect-metadata';
// The schema clients see may only lose or change what was deprecated, with a dated reason, at
// least three months before (README, "Deprecation policy"). The baseline is the last published
// supergraph (schema/baseline/supergraph.graphql); the current one is built from the code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../src/config';
import { schemaFiles } from '../../src/gateway/schema-files';
import { apiSchemaOf, deprecationDate, uncoveredBreakingChanges } from '../support/schema-compat';

describe('the committed schema against the baseline', () => {
  it('has no breaking change that a three-month dated deprecation does not cover', async () => {
    const baseline = readFileSync(path.join(findProjectRoot(), 'schema', 'baseline', 'supergraph.graphql'), 'utf8');
    const current = (await schemaFiles())['supergraph.graphql'];
    const violations = await uncoveredBreakingChanges(apiSchemaOf(baseline), apiSchemaOf(current));
    expect(violations.map((v) => `${v.path}: ${v.message} (${v.why})`)).toEqual([]);
  });
});

describe('the checker', () => {
  const TODAY = new Date('2026-12-03T12:00:00Z');
  const schema = (fields: string, extra = '') => buildSchema(`type Query { ${fields} } ${extra}`);
  const check = (before: string, after: string, extraBefore = '', extraAfter = '') =>
    uncoveredBreakingChanges(schema(before, extraBefore), schema(after, extraAfter), TODAY);

  it('fails on a removed field that was never deprecated', async () => {
    const violations = await check('a: Int b: Int', 'a: Int');
    expect(violations).toEqual([expect.objectContaining({ path: 'Query.b', why: 'not deprecated' })]);
  });

  it('passes a field deprecated three months or more before its removal', async () => {
    expect(await check('a: Int b: Int @deprecated(reason: "2026-09-03: use a")', 'a: Int')).toEqual([]);
    expect(await check('a: Int b: Int @deprecated(reason: "2025-01-15: use a")', 'a: Int')).toEqual([]);
  });

  it('fails on a field deprecated only a month before', async () => {
    const violations = await check('a: Int b: Int @deprecated(reason: "2026-11-03: use a")', 'a: Int');
    expect(violations).toEqual([expect.objectContaining({ path: 'Query.b', why: expect.stringContaining('less than 3 months') })]);
    // One day short of three months is still too soon.
    expect(await check('a: Int b: Int @deprecated(reason: "2026-09-04: use a")', 'a: Int')).toHaveLength(1);
  });

  it('fails on a deprecation without a date, or with an impossible one', async () => {
    expect(await check('a: Int b: Int @deprecated(reason: "use a")', 'a: Int')).toEqual([
      expect.objectContaining({ why: expect.stringContaining('without a date') }),
    ]);
    expect(await check('a: Int b: Int @deprecated', 'a: Int')).toHaveLength(1);
    expect(await check('a: Int b: Int @deprecated(reason: "2026-02-30: use a")', 'a: Int')).toEqual([
      expect.objectContaining({ why: expect.stringContaining('invalid date') }),
    ]);
  });

  it('covers a changed type of a deprecated field, a removed argument and enum value, and a removed type only its deprecated fields used', async () => {
    expect(await check('a: Int b: Int @deprecated(reason: "2026-01-01: use a")', 'a: Int b: String')).toEqual([]);
    expect(await check('a: Int', 'a: String')).toHaveLength(1);
    expect(await check('a(x: Int @deprecated(reason: "2026-01-01: unused"), y: Int): Int', 'a(y: Int): Int')).toEqual([]);
    expect(await check('a(x: Int, y: Int): Int', 'a(y: Int): Int')).toHaveLength(1);
    const withEnum = (values: string) => `enum E { ${values} }`;
    expect(await check('e: E', 'e: E', withEnum('A B @deprecated(reason: "2026-01-01: gone")'), withEnum('A'))).toEqual([]);
    expect(await check('e: E', 'e: E', withEnum('A B'), withEnum('A'))).toHaveLength(1);
    expect(await check('a: Int old: Old @deprecated(reason: "2026-01-01: use a")', 'a: Int', 'type Old { x: Int }')).toEqual([]);
    expect(await check('a: Int old: Old', 'a: Int', 'type Old { x: Int }')).not.toEqual([]);
  });

  it('adding fields and types is not breaking', async () => {
    expect(await check('a: Int', 'a: Int b: Int c: New', '', 'type New { x: Int }')).toEqual([]);
  });

  it('reads the date at the start of the reason', () => {
    expect(deprecationDate('2026-12-03: use X')).toEqual(new Date(2026, 11, 3));
    expect(deprecationDate(null)).toBe('not deprecated');
  });
});
