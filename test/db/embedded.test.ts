// The embedded PostgreSQL after a crash (issue 10): `kill -9` of the node process leaves its
// PostgreSQL running on DATA_DIR; the next start finds it, says so, stops it and comes up ready
// with the data intact. A second service on a DATA_DIR in use is refused with that reason (and does
// not touch the running server); a start that fails prints its real cause.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, isAlive, spawnService, type BuiltService } from '../support/built-service';
import { postQuery } from '../support/requests';

const started: BuiltService[] = [];
const pgPids: number[] = [];
const postmasterPid = (dataDir: string): number => Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);

afterAll(() => {
  for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  for (const pid of pgPids) if (isAlive(pid)) process.kill(pid, 'SIGQUIT');
});

describe('embedded PostgreSQL after kill -9', () => {
  it('detects the orphaned server, stops it with a log line, and starts ready with the data kept', async () => {
    const first = await spawnService({ env: { SEED_ON_START: 'true' } });
    started.push(first);
    await first.ready();
    const orphan = postmasterPid(first.dataDir);
    pgPids.push(orphan);
    const count = async (svc: BuiltService): Promise<unknown> =>
      ((await postQuery(`${svc.url}/graphql`, '{ institutions { totalCount } }')).json as { data: { institutions: { totalCount: number } } }).data.institutions
        .totalCount;
    const before = await count(first);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isAlive(orphan)).toBe(true);

    // A second service on the same DATA_DIR while the first is still up is covered below; here the owner is gone.
    const second = await spawnService({ dataDir: first.dataDir });
    started.push(second);
    await second.ready();
    expect(second.output()).toMatch(/found an orphaned server on .* \(pid \d+, port \d+; its process \d+ is gone\): stopping it/);
    expect(second.output()).toMatch(/orphaned server stopped/);
    expect(isAlive(orphan)).toBe(false);
    expect(await count(second)).toBe(before);
    pgPids.push(postmasterPid(second.dataDir));

    // A third start on the same DATA_DIR while the second runs is refused, naming the reason; the second keeps serving.
    const third = await spawnService({ dataDir: first.dataDir });
    started.push(third);
    const exit = await third.exited;
    expect(exit.code).toBe(1);
    expect(third.output()).toMatch(/failed to start: Error: the embedded PostgreSQL on .* belongs to another running process \(pid \d+\)/);
    expect(third.output()).not.toMatch(/failed to start: undefined/);
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);

    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('a start that fails prints its cause (here: the port is taken), not "undefined"', async () => {
    const first = await spawnService();
    started.push(first);
    await first.ready();
    pgPids.push(postmasterPid(first.dataDir));
    const clash = await spawnService({ port: first.port });
    started.push(clash);
    const exit = await clash.exited;
    expect(exit.code).toBe(1);
    expect(clash.output()).toMatch(/failed to start: Error: listen EADDRINUSE/);
    // The failed start stopped the embedded PostgreSQL it had started: nothing left on its DATA_DIR.
    expect(clash.output()).not.toMatch(/failed to start: undefined/);
    expect(existsSync(path.join(clash.dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
  });
});
