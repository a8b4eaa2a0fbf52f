// Reads of the reference copy (grouping for aggregates) and its wholesale replacement.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CaseworkContext } from '../context';
import { ReferenceInstitution, ReferenceMembership, ReferencePartnership, ReferenceRefresh } from './reference.entities';

export interface ReferenceSnapshot {
  institutions: { id: string; type: string; sector: string; voivodeship: string | null; municipalityCode: string | null }[];
  /** Memberships in force on the day of the refresh (joinedOn <= day <= leftOn). */
  memberships: { id: string; networkId: string; institutionId: string; joinedOn: string; leftOn: string | null }[];
  /** ACTIVE partnerships with data sharing agreed, with their parties. */
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
  for (let i = 0; i < rows.length; i += CHUNK) await em.execute(em.getKnex()(table).insert(rows.slice(i, i + CHUNK)));
}

/** Replaces the whole copy in one transaction: readers see the old copy or the new, never a mix. */
export async function replaceReference(em: EntityManager, snapshot: ReferenceSnapshot, source: string): Promise<ReferenceReport> {
  return em.transactional(async (tx) => {
    // One refresh at a time; a second waits and then replaces the first one's copy.
    await tx.execute("select pg_advisory_xact_lock(hashtext('ksr:casework:reference'))");
    for (const table of ['reference_membership', 'reference_partnership', 'reference_institution']) await tx.execute(`delete from ${table}`);
    await insertChunks(
      tx,
      'reference_institution',
      snapshot.institutions.map((i) => ({ id: i.id, type: i.type, sector: i.sector, voivodeship: i.voivodeship, municipality_code: i.municipalityCode })),
    );
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

export async function lastRefresh(em: EntityManager): Promise<ReferenceRefresh | null> {
  return em.findOne(ReferenceRefresh, {}, { orderBy: { finishedAt: 'desc' } });
}

/** Member institutions of each network on a date, from the copy (batched). */
export function membersOn(ctx: CaseworkContext, networkId: string, date: string): Promise<string[]> {
  return ctx.loaders
    .get<string, string[]>('casework:members', { date }, async (networks) => {
      const rows = await ctx.em.find(ReferenceMembership, {
        networkId: { $in: [...networks] },
        joinedOn: { $lte: date },
        $or: [{ leftOn: null }, { leftOn: { $gte: date } }],
      });
      return networks.map((n) => rows.filter((r) => r.networkId === n).map((r) => r.institutionId));
    })
    .load(networkId);
}

/** Institutions seated in each voivodeship, from the copy (batched). */
export function institutionsOfVoivodeship(ctx: CaseworkContext, code: string): Promise<string[]> {
  return ctx.loaders
    .get<string, string[]>('casework:voivodeshipInstitutions', undefined, async (codes) => {
      const rows = await ctx.em.find(ReferenceInstitution, { voivodeship: { $in: [...codes] } }, { fields: ['id', 'voivodeship'] });
      return codes.map((c) => rows.filter((r) => r.voivodeship === c).map((r) => r.id));
    })
    .load(code);
}

export const referencePartnerships = (em: EntityManager): Promise<ReferencePartnership[]> => em.find(ReferencePartnership, {});
