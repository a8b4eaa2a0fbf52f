// Re-keying: moves every pseudonym stored under an older key version to the current one, by
// extending its HMAC chain (keys.ts) — the PESEL is not needed, and not available. Runs as the
// owner (it touches every institution's rows), in one transaction.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Linkage } from './keys';

export interface RekeyReport {
  currentVersion: string;
  rekeyed: number;
  /** Rows under a version no longer configured: they cannot be moved (nor linked) until re-imported. */
  unrecoverable: number;
}

const BATCH = 500;

export async function rekeyParticipants(em: EntityManager, linkage: Linkage): Promise<RekeyReport> {
  return em.transactional(async (tx) => {
    await tx.execute("select pg_advisory_xact_lock(hashtext('ksr:casework:rekey'))");
    const rows = await tx.execute<{ id: string; key_version: string; pseudonym: string }[]>(
      'select id, key_version, pseudonym from participant where key_version <> ? order by id for update',
      [linkage.currentVersion],
    );
    const movable = rows.filter((r) => linkage.isActive(r.key_version));
    for (let i = 0; i < movable.length; i += BATCH) {
      const batch = movable.slice(i, i + BATCH);
      const values = batch.map(() => '(?::uuid, ?)').join(', ');
      await tx.execute(
        `update participant set pseudonym = v.pseudonym, key_version = ?, version = participant.version + 1, updated_at = now()
         from (values ${values}) as v(id, pseudonym) where participant.id = v.id`,
        [linkage.currentVersion, ...batch.flatMap((r) => [r.id, linkage.lift(r.key_version, r.pseudonym)])],
      );
    }
    return { currentVersion: linkage.currentVersion, rekeyed: movable.length, unrecoverable: rows.length - movable.length };
  });
}
