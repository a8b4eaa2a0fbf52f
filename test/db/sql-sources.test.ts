import 'reflect-metadata';
// The SQL sources (src/db/sql-sources.ts) are the one current definition of every database
// function, trigger and policy: each database is migrated from empty (as every start does), then
// every such object must come from a file of its manifest and every file's objects must exist, the
// database must hold exactly what each file defines, applying the files again must change nothing,
// and a definition changed in a file must be what the database holds after the next step.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseworkEntities } from '../../src/casework/entities';
import { caseworkSql } from '../../src/casework/sql/manifest';
import { openMigrated } from '../../src/db/database';
import { caseworkMigrations } from '../../src/db/migrations/casework';
import { registryMigrations } from '../../src/db/migrations/registry';
import { withDatabase } from '../../src/db/orm';
import { applySqlSources, readSqlSources, type SqlSources } from '../../src/db/sql-sources';
import { registryEntities } from '../../src/registry/entities';
import { registrySql } from '../../src/registry/sql/manifest';

const databases = [
  { name: 'registry', entities: registryEntities, migrations: registryMigrations, sql: registrySql },
  { name: 'casework', entities: caseworkEntities, migrations: caseworkMigrations, sql: caseworkSql },
] as const;

/** What a file defines, read from its statements. */
function objectsOf(sql: string): { functions: string[]; triggers: string[]; policies: string[] } {
  const all = (re: RegExp, f: (m: RegExpExecArray) => string) => [...sql.matchAll(re)].map(f);
  return {
    functions: all(/^create or replace function (\w+)\(/gm, (m) => m[1]),
    triggers: all(/^create (?:or replace )?(?:constraint )?trigger "?(\w+)"?[^;]*? on "?(\w+)"?/gm, (m) => `${m[2]}.${m[1]}`),
    policies: all(/^create policy "?(\w+)"? on "?(\w+)"?/gm, (m) => `${m[2]}.${m[1]}`),
  };
}

const FUNCTIONS = `select p.proname as name, pg_get_functiondef(p.oid) as def, p.proacl::text as acl from pg_proc p
  where p.pronamespace = 'public'::regnamespace and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
  order by 1, 2`;
const TRIGGERS = `select c.relname || '.' || t.tgname as name, pg_get_triggerdef(t.oid) as def, t.tgenabled as enabled
  from pg_trigger t join pg_class c on c.oid = t.tgrelid
  where c.relnamespace = 'public'::regnamespace and not t.tgisinternal order by 1`;
const POLICIES = `select tablename || '.' || policyname as name, permissive, roles::text, cmd, qual, with_check,
  (select relrowsecurity from pg_class where oid = ('public.' || quote_ident(tablename))::regclass) as enabled
  from pg_policies where schemaname = 'public' order by 1`;

type Row = { name: string } & Record<string, unknown>;

/** Every function, trigger and policy of the database as PostgreSQL prints it. */
async function catalog(client: Client): Promise<{ functions: Row[]; triggers: Row[]; policies: Row[] }> {
  return {
    functions: (await client.query<Row>(FUNCTIONS)).rows,
    triggers: (await client.query<Row>(TRIGGERS)).rows,
    policies: (await client.query<Row>(POLICIES)).rows,
  };
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

const names = (rows: Row[]) => rows.map((r) => r.name);

describe.each(databases)('the SQL sources of the $name database', ({ name, entities, migrations, sql }) => {
  const urls: string[] = [];
  /** A database migrated from empty, as a start leaves it. */
  const migrated = async (): Promise<string> => {
    const url = withDatabase(inject('pgServerUrl'), `sqlsrc_${name}_${randomBytes(4).toString('hex')}`);
    urls.push(url);
    const handle = await openMigrated(url, entities, migrations, sql, { quiet: true });
    await handle.orm.close();
    return url;
  };
  const apply = (url: string, sources: SqlSources = sql, force = false) => applySqlSources(url, sources, { migrations: migrations.map((m) => m.name), force });
  let url: string;
  let client: Client;

  beforeAll(async () => {
    url = await migrated();
    client = await connect(url);
  });
  afterAll(async () => {
    await client.end();
    const admin = await connect(withDatabase(inject('pgServerUrl'), 'postgres'));
    for (const u of urls) await admin.query(`drop database if exists "${new URL(u).pathname.slice(1)}" with (force)`);
    await admin.end();
  });

  it('hold every function, trigger and policy of the database, and every object of the files exists', async () => {
    const { files } = readSqlSources(sql);
    const declared = files.map((f) => objectsOf(f.sql));
    const { functions, triggers, policies } = await catalog(client);
    // One file per function, named after it (an overload left behind would appear twice).
    expect(names(functions)).toEqual(
      files
        .filter((f) => objectsOf(f.sql).functions.length > 0)
        .map((f) => path.basename(f.name, '.sql'))
        .sort(),
    );
    for (const [i, file] of files.entries()) {
      if (declared[i].functions.length > 0) expect(declared[i].functions, file.name).toEqual([path.basename(file.name, '.sql')]);
    }
    expect(names(triggers)).toEqual(declared.flatMap((d) => d.triggers).sort());
    expect(names(policies)).toEqual(declared.flatMap((d) => d.policies).sort());
    expect(files.map((f) => f.name).sort()).toEqual(sql.files.toSorted());
  });

  it('are what the database holds: applying any one file alone changes nothing', async () => {
    const before = await catalog(client);
    for (const file of readSqlSources(sql).files) {
      await client.query('begin');
      try {
        await client.query(file.sql);
        const after = await catalog(client);
        const own = objectsOf(file.sql);
        const pick = (rows: Row[], wanted: string[]) => rows.filter((r) => wanted.includes(r.name));
        // The file's own objects as it defines them (definition, grants, enabled state) ...
        expect(pick(after.functions, own.functions), file.name).toEqual(pick(before.functions, own.functions));
        expect(pick(after.triggers, own.triggers), file.name).toEqual(pick(before.triggers, own.triggers));
        expect(pick(after.policies, own.policies), file.name).toEqual(pick(before.policies, own.policies));
        // ... and nothing else touched.
        expect(after, file.name).toEqual(before);
      } finally {
        await client.query('rollback');
      }
    }
  });

  it('applied again change nothing, and are skipped while neither they nor the migrations change', async () => {
    const before = await catalog(client);
    expect(await apply(url)).toBe('unchanged');
    expect(await apply(url, sql, true)).toBe('applied');
    expect(await apply(url, sql, true)).toBe('applied');
    expect(await catalog(client)).toEqual(before);
  });

  it('apply one after the other when processes start at once', async () => {
    const before = await catalog(client);
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => apply(url, sql, true)));
    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(await catalog(client)).toEqual(before);
  });

  it('bring a definition changed in its file to the database at the next step, and only that', async () => {
    const scratch = await migrated();
    const dir = mkdtempSync(path.join(tmpdir(), 'ksr-sql-sources-'));
    const db = await connect(scratch);
    try {
      cpSync(sql.dir, dir, { recursive: true });
      const file = sql.files[0];
      const fn = path.basename(file, '.sql');
      const text = readFileSync(path.join(dir, file), 'utf8');
      // A new statement at the start of the body: a changed definition, same signature and result.
      const changed = text.replace(/as \$\$\n/, (m) => `${m}-- changed in its file\n`);
      expect(changed).not.toBe(text);
      writeFileSync(path.join(dir, file), changed);
      const before = await catalog(db);

      expect(await apply(scratch, { dir, files: sql.files })).toBe('applied');
      const after = await catalog(db);
      const def = (c: typeof after) => c.functions.find((f) => f.name === fn)?.def;
      expect(def(after)).toContain('-- changed in its file');
      expect(def(after)).toBe(String(def(before)).replace(/AS \$function\$\n/, (m) => `${m}-- changed in its file\n`));
      expect({ ...after, functions: after.functions.filter((f) => f.name !== fn) }).toEqual({
        ...before,
        functions: before.functions.filter((f) => f.name !== fn),
      });
      // The next start, unchanged, leaves it; code that does not know the database's newest migration does not touch it.
      expect(await apply(scratch, { dir, files: sql.files })).toBe('unchanged');
      expect(await applySqlSources(scratch, sql, { migrations: migrations.slice(0, -1).map((m) => m.name) })).toBe('database-newer');
      expect(def(await catalog(db))).toBe(def(after));
    } finally {
      await db.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fail as a whole: an error in one file leaves every definition as it was', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ksr-sql-sources-'));
    try {
      cpSync(sql.dir, dir, { recursive: true });
      const last = sql.files.at(-1)!;
      writeFileSync(path.join(dir, last), `${readFileSync(path.join(dir, last), 'utf8')}\nselect no_such_function();\n`);
      const first = sql.files[0];
      writeFileSync(
        path.join(dir, first),
        readFileSync(path.join(dir, first), 'utf8').replace(/as \$\$\n/, (m) => `${m}-- never applied\n`),
      );
      const before = await catalog(client);
      await expect(apply(url, { dir, files: sql.files })).rejects.toThrow(last);
      expect(await catalog(client)).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
