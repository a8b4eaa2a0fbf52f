// Seeds the KSR pilot network: what the sources state (synthetic=false) plus visibly marked
// stand-ins (synthetic=true). Ids are stableId(key), so any database seeded from this module has the
// same ids. Places must be loaded first (loadTeryt). Seeding twice writes nothing the second time.
import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { stableId } from '../../src/common/ids';
import { Partnership, PartnershipParty } from '../../src/registry/cooperation/partnership.entities';
import { FundingSource, Grant, Programme } from '../../src/registry/funding/funding.entities';
import { Institution } from '../../src/registry/institutions/institution.entities';
import { Meeting, MeetingAttendance, Membership, Network } from '../../src/registry/networks/network.entities';
import { Municipality, Voivodeship } from '../../src/registry/places/place.entities';
import { readTerc, type TercRegister } from '../../src/registry/places/teryt';
import { PILOT_CLUB_TOTAL } from './facts';
import { clubGrants, programmes } from './funding';
import { MINISTRY_ID } from './ids';
import { nationalAndRegionalInstitutions, swietokrzyskieClubs } from './institutions';
import { pilotNetworks } from './networks';
import { localPartners } from './partners';
import { pilotPartnerships } from './partnerships';
import { assertConsistent, type PilotPlan } from './plan';
import { standInClubs, standInOrganisations } from './synthetic';
import { planSources } from './sources';
import { seedProgrammeMachinery } from './programme';
import { actorJson, SET_ACTOR_SQL } from '../../src/common/write-actor';

export * from './ids';
export type { PilotPlan } from './plan';

export interface SeedReport {
  /** True when the pilot network was already there: nothing was written. */
  alreadySeeded: boolean;
  /** Rows written, per kind. */
  institutions: number;
  pilotClubs: number;
  syntheticInstitutions: number;
  partnerships: number;
  partnershipParties: number;
  networks: number;
  memberships: number;
  meetings: number;
  meetingAttendances: number;
  programmes: number;
  grants: number;
  fundingSources: number;
}

/** The whole pilot network as plain rows (pure: reads only the TERYT register). */
export function buildPilotPlan(terc: TercRegister = readTerc()): PilotPlan {
  const facts = swietokrzyskieClubs(terc);
  const standIns = standInClubs(terc);
  const clubs = [...facts.clubs, ...standIns.clubs];
  if (clubs.length !== PILOT_CLUB_TOTAL) throw new Error(`pilot plan: expected ${PILOT_CLUB_TOTAL} clubs, built ${clubs.length}`);
  const local = localPartners(clubs);
  const partnerships = pilotPartnerships(local.partners);
  const { networks, memberships, meetings } = pilotNetworks(local.partners, partnerships);
  const { grants, fundingSources } = clubGrants(clubs);
  const plan: PilotPlan = {
    institutions: [...nationalAndRegionalInstitutions(), ...facts.rows, ...standIns.rows, ...standInOrganisations(), ...local.rows],
    partnerships,
    networks,
    memberships,
    meetings,
    programmes: programmes(),
    grants,
    fundingSources,
  };
  assertConsistent(plan);
  return plan;
}

function reportOf(plan: PilotPlan): SeedReport {
  return {
    alreadySeeded: false,
    institutions: plan.institutions.length,
    pilotClubs: plan.institutions.filter((i) => i.pilot).length,
    syntheticInstitutions: plan.institutions.filter((i) => i.synthetic).length,
    partnerships: plan.partnerships.length,
    partnershipParties: plan.partnerships.reduce((n, p) => n + p.parties.length, 0),
    networks: plan.networks.length,
    memberships: plan.memberships.length,
    meetings: plan.meetings.length,
    meetingAttendances: plan.meetings.reduce((n, m) => n + m.attendeeKeys.length, 0),
    programmes: plan.programmes.length,
    grants: plan.grants.length,
    fundingSources: plan.fundingSources.length,
  };
}

const ALREADY_SEEDED: SeedReport = {
  ...reportOf({ institutions: [], partnerships: [], networks: [], memberships: [], meetings: [], programmes: [], grants: [], fundingSources: [] }),
  alreadySeeded: true,
};

/** Lookup of created entities by plan key. */
function registry<T>(kind: string) {
  const byKey = new Map<string, T>();
  return {
    set: (key: string, entity: T) => byKey.set(key, entity),
    get: (key: string): T => {
      const entity = byKey.get(key);
      if (!entity) throw new Error(`pilot seed: no ${kind} ${key}`);
      return entity;
    },
  };
}

function persistPlan(em: EntityManager, plan: PilotPlan): void {
  const municipality = (code: string | null | undefined) => (code ? em.getReference(Municipality, code, { wrapped: true }) : null);

  const institutions = registry<Institution>('institution');
  const founded: [string, string][] = [];
  for (const { key, founderKey, municipality: code, ...row } of plan.institutions) {
    institutions.set(key, em.create(Institution, { ...row, id: stableId(key), municipality: municipality(code) }));
    if (founderKey) founded.push([key, founderKey]);
  }
  // Founders are set once every institution exists, whatever the order of the rows.
  for (const [key, founderKey] of founded) institutions.get(key).founder = ref(institutions.get(founderKey));

  for (const { key, proposedByKey, parties, ...row } of plan.partnerships) {
    const partnership = em.create(Partnership, { ...row, id: stableId(key), proposedBy: ref(institutions.get(proposedByKey)) });
    for (const party of parties) {
      em.create(PartnershipParty, {
        id: stableId(`party:${key}|${party.institutionKey}`),
        partnership: ref(partnership),
        institution: ref(institutions.get(party.institutionKey)),
        role: party.role,
        confirmedAt: party.confirmedAt,
      });
    }
  }

  const networks = registry<Network>('network');
  const nested: [string, string][] = [];
  for (const { key, parentKey, voivodeship, municipality: code, ...row } of plan.networks) {
    if (parentKey) nested.push([key, parentKey]);
    networks.set(
      key,
      em.create(Network, {
        ...row,
        id: stableId(key),
        voivodeship: voivodeship ? em.getReference(Voivodeship, voivodeship, { wrapped: true }) : null,
        municipality: municipality(code),
      }),
    );
  }
  for (const [key, parentKey] of nested) networks.get(key).parent = ref(networks.get(parentKey));

  for (const { key, networkKey, institutionKey, ...row } of plan.memberships) {
    em.create(Membership, { ...row, id: stableId(key), network: ref(networks.get(networkKey)), institution: ref(institutions.get(institutionKey)) });
  }
  for (const { key, networkKey, attendeeKeys, ...row } of plan.meetings) {
    const meeting = em.create(Meeting, { ...row, id: stableId(key), network: ref(networks.get(networkKey)) });
    for (const attendee of attendeeKeys) {
      em.create(MeetingAttendance, { id: stableId(`attendance:${key}|${attendee}`), meeting: ref(meeting), institution: ref(institutions.get(attendee)) });
    }
  }

  const programmes = registry<Programme>('programme');
  for (const { key, parentKey, ...row } of plan.programmes) {
    // Parents come first in the plan (POWER → 2.5 → the project).
    programmes.set(key, em.create(Programme, { ...row, id: stableId(key), parent: parentKey ? ref(programmes.get(parentKey)) : null }));
  }
  for (const { key, programmeKey, recipientKey, clubKey, ...row } of plan.grants) {
    em.create(Grant, {
      ...row,
      id: stableId(key),
      programme: ref(programmes.get(programmeKey)),
      recipient: ref(institutions.get(recipientKey)),
      club: clubKey ? ref(institutions.get(clubKey)) : null,
    });
  }
  for (const { key, institutionKey, ...row } of plan.fundingSources) {
    em.create(FundingSource, { ...row, id: stableId(key), institution: ref(institutions.get(institutionKey)) });
  }
}

/**
 * Seeds the pilot network in one transaction. When the ministry (MINISTRY_ID) already exists it
 * writes nothing and reports `alreadySeeded`. Concurrent seeders serialise on an advisory lock.
 */
export async function seedPilotNetwork(em: EntityManager): Promise<SeedReport> {
  return em.transactional(async (tx) => {
    await tx.getConnection().execute("select pg_advisory_xact_lock(hashtext('ksr:seed:pilot'))", [], 'all', tx.getTransactionContext());
    const context: unknown = tx.getTransactionContext();
    const seeding = () =>
      tx.getConnection().execute(SET_ACTOR_SQL, [actorJson({ channel: 'SEED', file: 'seeds/pilot', detail: 'pilot network' })], 'get', context);
    if ((await tx.count(Institution, { id: MINISTRY_ID })) > 0) {
      // A database seeded before the programme's machinery existed gets it now (programme.ts).
      if (!(await tx.getConnection().execute<{ n: number }[]>('select count(*)::int as n from animation_team', [], 'all', context))[0].n) {
        await seeding();
        await seedProgrammeMachinery(tx, buildPilotPlan());
      }
      return ALREADY_SEEDED;
    }
    const plan = buildPilotPlan();
    // The history records these rows as seeded (channel SEED); each names its source (sources.ts).
    await seeding();
    persistPlan(tx, plan);
    await tx.flush();
    const sources = planSources(plan);
    await tx.getConnection().execute(
      `insert into record_source (record_id, record_type, kind, document, reference)
       select * from jsonb_to_recordset(?::jsonb) as r(record_id uuid, record_type text, kind text, document text, reference text)
       on conflict (record_id) do nothing`,
      [
        JSON.stringify(
          sources.map((r) => ({ record_id: stableId(r.key), record_type: r.recordType, kind: r.kind, document: r.document, reference: r.reference })),
        ),
      ],
      'run',
      context,
    );
    await seedProgrammeMachinery(tx, plan);
    return reportOf(plan);
  });
}
