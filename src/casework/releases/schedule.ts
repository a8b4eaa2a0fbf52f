// Releases on a schedule in the running service: one at start when none exists, then one every
// RELEASE_INTERVAL_HOURS (default 24). A release refused for the year's budget leaves the latest
// one published and is logged; the next attempt is at the next interval.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ReleaseConfig } from '../config';
import { BudgetExhausted, publishRelease } from './publish';

export interface ReleaseSchedule {
  stop(): Promise<void>;
}

async function latestAt(orm: MikroORM): Promise<Date | null> {
  const [row] = await orm.em.fork().execute<{ published_at: Date }[]>('select published_at from statistics_release order by published_at desc limit 1');
  return row ? new Date(row.published_at) : null;
}

export async function startReleaseSchedule(orm: MikroORM, config: ReleaseConfig, log: (m: string) => void = () => undefined): Promise<ReleaseSchedule> {
  let running: Promise<void> = Promise.resolve();
  const release = (): Promise<void> => {
    running = running.then(async () => {
      try {
        const r = await publishRelease(orm.em.fork(), config);
        log(`casework: statistical release ${r.id} published (${r.cells} groups, rho ${r.rho})`);
      } catch (e) {
        // Never the cells or a person: the reason only.
        log(`casework: statistical release not published: ${e instanceof BudgetExhausted ? e.message : (e as Error).name}`);
      }
    });
    return running;
  };
  const last = await latestAt(orm);
  if (!last) await release();
  let timer: NodeJS.Timeout | undefined;
  if (config.intervalHours > 0) {
    const every = config.intervalHours * 3600_000;
    const first = last ? Math.max(0, last.getTime() + every - Date.now()) : every;
    const tick = (): void => {
      void release();
      timer = setTimeout(tick, every);
      timer.unref();
    };
    timer = setTimeout(tick, Math.min(first, 2 ** 31 - 1));
    timer.unref();
  }
  return {
    async stop() {
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
