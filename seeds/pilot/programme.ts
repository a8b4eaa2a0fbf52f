// The programme's machinery (seed 000) for the pilot: a ZRAR per pilot voivodeship with its duties
// and the meetings it organised, OSAR's advisory duty with its consultations and training cycle,
// the April 2019 competition with an offer and an agreement per pilot club, and the test map.
// What the report states is a fact (synthetic=false, with its passage); every count, date and
// status it does not give is a stand-in (synthetic=true). Written in the pilot seed's transaction.
import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { stableId } from '../../src/common/ids';
import { Grant, Programme } from '../../src/registry/funding/funding.entities';
import { Institution } from '../../src/registry/institutions/institution.entities';
import { Meeting } from '../../src/registry/networks/network.entities';
import { Municipality, Voivodeship } from '../../src/registry/places/place.entities';
import {
  AdvisoryConsultation,
  AdvisoryDuty,
  AnimationTeam,
  AnimationTeamRole,
  AnimatorRole,
  ConsultationTopic,
  DutyStatus,
  TeamDuty,
  TeamDutyKind,
  TeamMeeting,
  TrainingSession,
} from '../../src/registry/programme/animation.entities';
import { CompetitionAgreement, CompetitionCall, CompetitionOffer, OfferStatus, TestMapSite } from '../../src/registry/programme/competition.entities';
import { addDays, between } from './deterministic';
import { PILOT_VOIVODESHIPS, PROGRAMMES } from './facts';
import { keys } from './ids';
import type { PilotPlan } from './plan';
import { KSR_REPORT } from './sources';

/** Passages of seed 000 behind the machinery, quoted as written. */
const PROGRAMME_PASSAGES = {
  zrar: 'Nowo powstałe KIS-y objęte zostały wsparciem doradczym animatorów regionalnych – tworzących Zespoły Regionalnej Animacji Reintegracji (ZRAR) w 6 Regionach.',
  animatorLimit: 'Liczba animatorów działających w danym regionie uzależniona była od liczby nowo utworzonych Klubów - MAPA nr 2.',
  duties:
    'Każdy zespół ZRAR zobowiązany został do opracowania planu działań animacyjnych, opracowania rekomendacji systemowych i legislacyjnych oraz zorganizowania spotkań Lokalnej Sieci Reintegracji',
  osarDuty: 'W ramach działalności OSAR organizowane były dyżury doradczo - konsultacyjne dla animatorów regionalnych (przez okres 12 miesięcy).',
  training: 'Prowadzone były działania edukacyjne, w tym szkolenia dla animatorów Zespołów Regionalnej Animacji Reintegracji (ZRAR).',
  call: 'w kwietniu 2019 r. ogłosiło otwarty konkurs ofert na wybór podmiotów, które utworzą 32 Kluby Integracji Społecznej zgodnie z wzorcem nowego profilu usług reintegracyjnych.',
  agreements: 'Ministerstwo Rodziny Pracy i Polityki Społecznej podpisało 9 umów na utworzenie nowych KIS',
  testMap: 'współpraca przy tworzeniu tzw. Mapy Testu (gmin/ organizacji pozarządowych, gdzie mogą powstać nowe KIS)',
} as const;

const COMPETITION = {
  title: 'Otwarty konkurs ofert na wybór podmiotów, które utworzą 32 Kluby Integracji Społecznej zgodnie z wzorcem nowego profilu usług reintegracyjnych',
  announcedIn: '2019-04',
  clubsToCreate: 32,
} as const;

const TRAINING = [
  'Model Krajowej Sieci Reintegracji',
  'Wzorzec usług reintegracji społecznej i zawodowej w KIS',
  'Techniki animacji regionalnej',
  'Budowanie regionalnych platform współpracy z instytucjami edukacji, kultury, profilaktyki zdrowia oraz sportu i rekreacji',
];

/** Stand-in schedule of each duty (start, due) in 2019. */
const DUTY_DATES: Record<TeamDutyKind, [string, string]> = {
  [TeamDutyKind.ANIMATION_PLAN]: ['2019-05-01', '2019-06-30'],
  [TeamDutyKind.LSR_MEETINGS]: ['2019-06-01', '2019-11-30'],
  [TeamDutyKind.RSR_MEETINGS]: ['2019-07-01', '2019-11-30'],
  [TeamDutyKind.SYSTEMIC_RECOMMENDATIONS]: ['2019-10-01', '2019-12-15'],
  [TeamDutyKind.LEGISLATIVE_RECOMMENDATIONS]: ['2019-10-01', '2019-12-15'],
};

const programmeKeys = {
  team: (v: string) => `animation-team:${v}`,
  duty: (v: string, kind: TeamDutyKind) => `team-duty:${v}:${kind}`,
  advisoryDuty: 'advisory-duty:osar',
  call: 'competition:2019-04',
  offer: (clubKey: string) => `competition-offer:${clubKey.replace(/^institution:/, '')}`,
  rejectedOffer: (v: string) => `competition-offer:not-selected:${v}`,
  agreement: (clubKey: string) => `competition-agreement:${clubKey.replace(/^institution:/, '')}`,
  site: (municipality: string, organisationKey: string) => `test-map:${municipality}:${organisationKey.replace(/^institution:/, '')}`,
} as const;

interface Source {
  id: string;
  type: string;
  kind: 'SOURCE_DOCUMENT' | 'SYNTHETIC';
  reference: string;
}

const fact = (key: string, type: string, passage: string, note?: string): Source => ({
  id: stableId(key),
  type,
  kind: 'SOURCE_DOCUMENT',
  reference: `"${passage}"${note ? ` ${note}` : ''}`,
});
const standIn = (key: string, type: string, what: string): Source => ({
  id: stableId(key),
  type,
  kind: 'SYNTHETIC',
  reference: `Generated stand-in (seeds/pilot/programme.ts): ${what}`,
});

/** Writes the machinery (the caller, seedPilotNetwork, knows it is not there yet). */
export async function seedProgrammeMachinery(em: EntityManager, plan: PilotPlan): Promise<void> {
  const sources: Source[] = [];
  const institution = (key: string) => em.getReference(Institution, stableId(key), { wrapped: true });
  const voivodeship = (code: string) => em.getReference(Voivodeship, code, { wrapped: true });
  const municipality = (code: string) => em.getReference(Municipality, code, { wrapped: true });
  const clubs = plan.institutions.filter((i) => i.pilot);
  const grantOfClub = new Map(plan.grants.filter((g) => g.clubKey).map((g) => [g.clubKey!, g.key]));
  const meetingKeys = new Set(plan.meetings.map((m) => m.key));

  const teams = new Map<string, AnimationTeam>();
  for (const v of PILOT_VOIVODESHIPS) {
    const key = programmeKeys.team(v.code);
    // The report ties the number of animators to the number of new clubs without the figures: one
    // animator per three clubs (rounded up) and a team leader stand in for them.
    const animators = Math.ceil(v.clubs / 3);
    const team = em.create(AnimationTeam, {
      id: stableId(key),
      name: `Zespół Regionalnej Animacji Reintegracji – ${v.name}`,
      voivodeship: voivodeship(v.code),
      animatorCount: animators + 1,
      synthetic: true,
    });
    teams.set(v.code, team);
    sources.push(fact(key, 'ANIMATION_TEAM', PROGRAMME_PASSAGES.zrar, `The animator count and roles are stand-ins: "${PROGRAMME_PASSAGES.animatorLimit}"`));
    em.create(AnimationTeamRole, { id: stableId(`${key}:role:leader`), team: ref(team), role: AnimatorRole.TEAM_LEADER, count: 1 });
    em.create(AnimationTeamRole, { id: stableId(`${key}:role:animator`), team: ref(team), role: AnimatorRole.REGIONAL_ANIMATOR, count: animators });
    for (const kind of Object.values(TeamDutyKind)) {
      const dutyKey = programmeKeys.duty(v.code, kind);
      const [startsOn, dueOn] = DUTY_DATES[kind];
      em.create(TeamDuty, {
        id: stableId(dutyKey),
        team: ref(team),
        kind,
        status: DutyStatus.DONE,
        startsOn,
        dueOn,
        completedOn: addDays(dueOn, -between(`${dutyKey}:early`, 0, 14)),
        synthetic: true,
      });
      sources.push(fact(dutyKey, 'TEAM_DUTY', PROGRAMME_PASSAGES.duties, '(the dates and status are stand-ins)'));
    }
  }
  // The three RSR working meetings of świętokrzyskie: organising RSR meetings was the ZRAR's duty.
  for (const meetingKey of [1, 2, 3].map((i) => `meeting:rsr:26:working:${i}`)) {
    if (!meetingKeys.has(meetingKey)) throw new Error(`programme seed: no meeting ${meetingKey}`);
    em.create(TeamMeeting, {
      id: stableId(`team-meeting:26:${meetingKey}`),
      team: ref(teams.get('26')!),
      meeting: em.getReference(Meeting, stableId(meetingKey), { wrapped: true }),
    });
  }

  const duty = em.create(AdvisoryDuty, {
    id: stableId(programmeKeys.advisoryDuty),
    coordinator: institution(keys.osar),
    months: 12,
    startsOn: '2019-03-01',
    endsOn: '2020-02-29',
    topics: Object.values(ConsultationTopic),
    synthetic: true,
  });
  sources.push(fact(programmeKeys.advisoryDuty, 'ADVISORY_DUTY', PROGRAMME_PASSAGES.osarDuty, '(the start and end dates are stand-ins)'));
  for (const v of PILOT_VOIVODESHIPS) {
    Object.values(ConsultationTopic).forEach((topic, t) => {
      for (const round of [0, 1]) {
        const key = `consultation:${v.code}:${topic}:${round}`;
        em.create(AdvisoryConsultation, {
          id: stableId(key),
          duty: ref(duty),
          team: ref(teams.get(v.code)!),
          date: addDays('2019-03-04', 30 * (t + 3 * round) + between(`${key}:day`, 0, 20)),
          topic,
          hours: between(`${key}:hours`, 2, 4),
          synthetic: true,
        });
        sources.push(standIn(key, 'ADVISORY_CONSULTATION', 'the report gives the topics of the duty hours, not the consultations.'));
      }
    });
  }
  TRAINING.forEach((title, i) => {
    const key = `training:${i + 1}`;
    em.create(TrainingSession, { id: stableId(key), duty: ref(duty), number: i + 1, title, date: addDays('2019-04-10', 42 * i), synthetic: true });
    sources.push(standIn(key, 'TRAINING_SESSION', `"${PROGRAMME_PASSAGES.training}" The sessions' titles and dates are not given.`));
  });

  const call = em.create(CompetitionCall, {
    id: stableId(programmeKeys.call),
    title: COMPETITION.title,
    organiser: institution(keys.ministry),
    programme: em.getReference(Programme, stableId(keys.programme(PROGRAMMES.ksr.code)), { wrapped: true }),
    announcedIn: COMPETITION.announcedIn,
    clubsToCreate: COMPETITION.clubsToCreate,
    capPerClub: PROGRAMMES.ksr.clubCreationCap,
  });
  sources.push(
    fact(
      programmeKeys.call,
      'COMPETITION_CALL',
      PROGRAMME_PASSAGES.call,
      `… "W ramach konkursu maksymalna kwota dofinansowania na utworzenie jednego KIS wynosiła 60 600,00 zł"`,
    ),
  );
  for (const v of PILOT_VOIVODESHIPS) {
    const mine = clubs.filter((c) => c.municipality?.startsWith(v.code)).sort((a, b) => clubNumber(a.key) - clubNumber(b.key));
    for (const club of mine) {
      const isFact = !club.synthetic;
      const offerKey = programmeKeys.offer(club.key);
      const offer = em.create(CompetitionOffer, {
        id: stableId(offerKey),
        call: ref(call),
        applicant: institution(club.founderKey!),
        voivodeship: voivodeship(v.code),
        municipality: municipality(club.municipality!),
        status: OfferStatus.SELECTED,
        synthetic: !isFact,
      });
      const agreementKey = programmeKeys.agreement(club.key);
      const grantKey = grantOfClub.get(club.key);
      em.create(CompetitionAgreement, {
        id: stableId(agreementKey),
        call: ref(call),
        offer: ref(offer),
        voivodeship: voivodeship(v.code),
        number: clubNumber(club.key),
        founder: institution(club.founderKey!),
        club: institution(club.key),
        grant: grantKey ? em.getReference(Grant, stableId(grantKey), { wrapped: true }) : null,
        signedOn: null,
        synthetic: !isFact,
      });
      if (isFact) {
        sources.push(
          fact(
            offerKey,
            'COMPETITION_OFFER',
            'W wyniku konkursu w województwie świętokrzyskim zostały wybrane organizacje pozarządowe',
            `(table, row Lp. ${clubNumber(club.key)})`,
          ),
        );
        sources.push(
          fact(agreementKey, 'COMPETITION_AGREEMENT', PROGRAMME_PASSAGES.agreements, `(table, row Lp. ${clubNumber(club.key)}; the signing date is not given)`),
        );
      } else {
        sources.push(standIn(offerKey, 'COMPETITION_OFFER', 'the report names the founders of świętokrzyskie only.'));
        sources.push(standIn(agreementKey, 'COMPETITION_AGREEMENT', 'the report gives the agreements of świętokrzyskie only; elsewhere the number of clubs.'));
      }
      const siteKey = programmeKeys.site(club.municipality!, club.founderKey!);
      em.create(TestMapSite, {
        id: stableId(siteKey),
        voivodeship: voivodeship(v.code),
        municipality: municipality(club.municipality!),
        organisation: institution(club.founderKey!),
        synthetic: true,
      });
      sources.push(
        standIn(
          siteKey,
          'TEST_MAP_SITE',
          `"${PROGRAMME_PASSAGES.testMap}" The map is not in the sources; a place where a club was created stands for a marked one.`,
        ),
      );
    }
    // An offer that was not selected, and its place on the map, where no club was created.
    const applicant = keys.regionalNgo(v.code);
    const rejected = programmeKeys.rejectedOffer(v.code);
    em.create(CompetitionOffer, {
      id: stableId(rejected),
      call: ref(call),
      applicant: institution(applicant),
      voivodeship: voivodeship(v.code),
      municipality: municipality(v.capital),
      status: OfferStatus.NOT_SELECTED,
      synthetic: true,
    });
    sources.push(standIn(rejected, 'COMPETITION_OFFER', 'the report does not list the offers that were not selected.'));
    const siteKey = programmeKeys.site(v.capital, applicant);
    em.create(TestMapSite, {
      id: stableId(siteKey),
      voivodeship: voivodeship(v.code),
      municipality: municipality(v.capital),
      organisation: institution(applicant),
      synthetic: true,
    });
    sources.push(standIn(siteKey, 'TEST_MAP_SITE', 'the map is not in the sources.'));
  }
  await em.flush();
  await em.getConnection().execute(
    `insert into record_source (record_id, record_type, kind, document, reference)
     select r.record_id, r.record_type, r.kind, case when r.kind = 'SOURCE_DOCUMENT' then ? end, r.reference
     from jsonb_to_recordset(?::jsonb) as r(record_id uuid, record_type text, kind text, reference text)
     on conflict (record_id) do nothing`,
    [KSR_REPORT, JSON.stringify(sources.map((s) => ({ record_id: s.id, record_type: s.type, kind: s.kind, reference: s.reference })))],
    'run',
    em.getTransactionContext(),
  );
}

const clubNumber = (key: string): number => Number(/:(\d+)$/.exec(key)?.[1] ?? 0);
