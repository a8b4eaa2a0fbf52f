// Seeds the casework database for the pilot network: the reference copy from the pilot plan (when
// there is none yet) and synthetic people (when there are none yet), in one transaction, as the
// owner (seeding writes every institution's rows). Ids are stableId(key): deterministic.
import type { EntityManager } from '@mikro-orm/postgresql';
import { stableId } from '../../src/common/ids';
import { SocialContract } from '../../src/casework/contracts/contract.entities';
import { ServiceEpisode } from '../../src/casework/episodes/episode.entities';
import { Ipzs, IpzsDiagnosis, IpzsPlannedService, IpzsRecord, IpzsRecordKind, ReintegrationArea, Specialist } from '../../src/casework/ipzs/ipzs.entities';
import type { Linkage } from '../../src/casework/linkage/keys';
import { MonitoringContact } from '../../src/casework/monitoring/contact.entities';
import { Participant } from '../../src/casework/participants/participant.entities';
import { ReferenceRefresh } from '../../src/casework/reference/reference.entities';
import { replaceReference } from '../../src/casework/reference/reference.service';
import { addDays } from '../pilot/deterministic';
import { buildPilotPlan } from '../pilot';
import type { PilotPlan } from '../pilot/plan';
import { referenceFromPlan } from './reference';
import { syntheticPeople } from './synthetic';

export { referenceFromPlan } from './reference';
export { syntheticPeople } from './synthetic';

export interface CaseworkSeedReport {
  alreadySeeded: boolean;
  referenceFromPlan: boolean;
  participants: number;
  episodes: number;
  contacts: number;
}

function persistPeople(em: EntityManager, plan: PilotPlan, linkage: Linkage): Omit<CaseworkSeedReport, 'alreadySeeded' | 'referenceFromPlan'> {
  const report = { participants: 0, episodes: 0, contacts: 0 };
  for (const person of syntheticPeople(plan)) {
    const pseudonym = linkage.forSynthetic(person.key).at(-1)!;
    for (const record of person.records) {
      const institutionId = stableId(record.institutionKey);
      const recordKey = `${person.key}|${record.institutionKey}`;
      const participant = em.create(Participant, {
        id: stableId(`participant:${recordKey}`),
        institutionId,
        pseudonym: pseudonym.value,
        keyVersion: pseudonym.version,
        birthYear: person.birthYear,
        sex: person.sex,
        residenceMunicipalityCode: person.residence,
        categories: person.categories,
        synthetic: true,
      });
      report.participants += 1;
      const episodes = record.episodes.map((e, i) =>
        em.create(ServiceEpisode, { id: stableId(`episode:${recordKey}:${i}`), institutionId, participant, ...e, synthetic: true }),
      );
      report.episodes += episodes.length;
      for (const [i, c] of record.contacts.entries()) {
        em.create(MonitoringContact, { id: stableId(`contact:${recordKey}:${i}`), institutionId, participant, episode: episodes[0], ...c, synthetic: true });
        report.contacts += 1;
      }
      if (record.ipzs) {
        const drawnUpOn = addDays(episodes[0].startedOn, 14);
        const ipzs = em.create(Ipzs, {
          id: stableId(`ipzs:${recordKey}`),
          institutionId,
          participant,
          episode: episodes[0],
          drawnUpOn,
          goals: ['Synthetic goal: regular attendance and a daily routine', 'Synthetic goal: vocational course and a work placement'],
          diagnoses: Object.values(Specialist).map((by) =>
            Object.assign(new IpzsDiagnosis(), { by, madeOn: addDays(drawnUpOn, -7), summary: 'Synthetic diagnosis (demo data).' }),
          ),
          plannedServices: [
            Object.assign(new IpzsPlannedService(), { area: ReintegrationArea.SOCIAL, description: 'Synthetic: social skills workshop' }),
            Object.assign(new IpzsPlannedService(), { area: ReintegrationArea.VOCATIONAL, description: 'Synthetic: vocational guidance' }),
          ],
          synthetic: true,
        });
        em.create(IpzsRecord, {
          id: stableId(`ipzs-record:${recordKey}`),
          institutionId,
          ipzs,
          kind: IpzsRecordKind.EVALUATION_ENTRY,
          recordedOn: drawnUpOn,
          note: 'Synthetic entry evaluation.',
        });
      }
      if (record.contract) {
        em.create(SocialContract, {
          id: stableId(`contract:${recordKey}`),
          institutionId,
          participant,
          signedOn: episodes[0].startedOn,
          endsOn: addDays(episodes[0].startedOn, 365),
          instruments: [...record.contract].sort(),
          synthetic: true,
        });
      }
    }
  }
  return report;
}

/** Seeds what is missing; concurrent seeders wait on an advisory lock. Run as the owner. */
export async function seedCasework(em: EntityManager, linkage: Linkage, plan: PilotPlan = buildPilotPlan()): Promise<CaseworkSeedReport> {
  const needsReference = (await em.count(ReferenceRefresh, {})) === 0;
  if (needsReference) {
    // Its own transaction (replaceReference takes the reference lock); a later refresh replaces it.
    if ((await em.fork().count(ReferenceRefresh, {})) === 0) await replaceReference(em.fork(), referenceFromPlan(plan), 'pilot-plan');
  }
  return em.transactional(async (tx) => {
    await tx.execute("select pg_advisory_xact_lock(hashtext('ksr:casework:seed'))");
    if ((await tx.count(Participant, { synthetic: true })) > 0) {
      return { alreadySeeded: true, referenceFromPlan: needsReference, participants: 0, episodes: 0, contacts: 0 };
    }
    return { alreadySeeded: false, referenceFromPlan: needsReference, ...persistPeople(tx, plan, linkage) };
  });
}
