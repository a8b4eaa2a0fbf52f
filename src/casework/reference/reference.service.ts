// Reads of the reference copy (grouping for aggregates) and its wholesale replacement.
import type { EntityManager } from '@mikro-orm/postgresql';
import { ReferenceRefresh } from './reference.entities';

export interface ReferenceSnapshot {
  institutions: { id: string; type: string; sector: string; voivodeship: string | null; municipalityCode: string | null }[];
  /** Memberships in force on the day of the refresh (joinedOn <= day <= leftOn). */
  memberships: { id: string; networkId: string; institutionId: string; joinedOn: string; leftOn: string | null }[];
  /** ACTIVE partnerships with their parties (the data-sharing view checks dataSharing). */
  partnerships: { id: string; status: string; dataSharing: boolean; validFrom: string; validTo: string | null; partyIds: string[] }[];
}

export interface ReferenceReport {
  source: string;
  institutions: number;
  memberships: number;
  partnerships: number;
}

const CHUNK = 500;

async function insertChunks(em: EntityManager, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await em.execute(
      em
        .getKnex()(table)
        .insert(rows.slice(i, i + CHUNK)),
    );
}

/**
 * Institutions are replaced by difference (rows gone deleted, new ones inserted, changed ones
 * updated, equal ones untouched): the aggregate caches depend on them (migration
 * aggregates_at_scale), and a refresh that changes nothing must not make them stale.
 */
async function replaceInstitutions(em: EntityManager, institutions: ReferenceSnapshot['institutions']): Promise<void> {
  const rows = institutions.map((i) => ({ id: i.id, type: i.type, sector: i.sector, voivodeship: i.voivodeship, municipality_code: i.municipalityCode }));
  await em.execute(`delete from reference_institution r where not exists (select 1 from json_to_recordset(?::json) as s(id uuid) where s.id = r.id)`, [
    JSON.stringify(rows.map((r) => ({ id: r.id }))),
  ]);
  for (let i = 0; i < rows.length; i += CHUNK * 10) {
    await em.execute(
      `insert into reference_institution (id, type, sector, voivodeship, municipality_code)
       select s.id, s.type, s.sector, s.voivodeship, s.municipality_code
       from json_to_recordset(?::json) as s(id uuid, type text, sector text, voivodeship varchar(2), municipality_code varchar(7))
       on conflict (id) do update set type = excluded.type, sector = excluded.sector, voivodeship = excluded.voivodeship, municipality_code = excluded.municipality_code
       where (reference_institution.type, reference_institution.sector, reference_institution.voivodeship, reference_institution.municipality_code)
         is distinct from (excluded.type, excluded.sector, excluded.voivodeship, excluded.municipality_code)`,
      [JSON.stringify(rows.slice(i, i + CHUNK * 10))],
    );
  }
}

/** Replaces the whole copy in one transaction: readers see the old copy or the new, never a mix. */
export async function replaceReference(em: EntityManager, snapshot: ReferenceSnapshot, source: string): Promise<ReferenceReport> {
  return em.transactional(async (tx) => {
    // One refresh at a time; a second waits and then replaces the first one's copy.
    await tx.execute("select pg_advisory_xact_lock(hashtext('ksr:casework:reference'))");
    for (const table of ['reference_membership', 'reference_partnership']) await tx.execute(`delete from ${table}`);
    await replaceInstitutions(tx, snapshot.institutions);
    await insertChunks(
      tx,
      'reference_membership',
      snapshot.memberships.map((m) => ({ id: m.id, network_id: m.networkId, institution_id: m.institutionId, joined_on: m.joinedOn, left_on: m.leftOn })),
    );
    await insertChunks(
      tx,
      'reference_partnership',
      snapshot.partnerships.map((p) => ({
        id: p.id,
        status: p.status,
        data_sharing: p.dataSharing,
        valid_from: p.validFrom,
        valid_to: p.validTo,
        party_ids: tx.getKnex().raw('?::uuid[]', [`{${p.partyIds.join(',')}}`]),
      })),
    );
    const report = { source, institutions: snapshot.institutions.length, memberships: snapshot.memberships.length, partnerships: snapshot.partnerships.length };
    tx.create(ReferenceRefresh, report);
    return report;
  });
}
