// Partnerships of the pilot clubs (all synthetic). Every club has formal agreements with its OPS
// and PUP (with data sharing, so shared participants can be seen) and a letter of intent or
// contract with each area partner; a few of those ended in 2020 (for asOf queries). Per
// voivodeship there are two multilateral partnerships, and two proposals await a confirmation.
import { PartnershipKind, PartnershipStatus, PartyRole } from '../../src/registry/cooperation/partnership.entities';
import { ActivityField } from '../../src/registry/institutions/institution-kinds';
import { addDays, between, daysBetween, instant, pick, ranked } from './deterministic';
import { PILOT_VOIVODESHIPS } from './facts';
import { keys } from './ids';
import type { ClubPartners } from './partners';
import type { PartnershipRow } from './plan';

/** Partnerships start between a club's first day and the end of September 2019. */
const FIRST_START = '2019-06-01';
const LAST_START = '2019-09-30';
/** How many area partnerships ended in 2020. */
const ENDED_COUNT = 6;

interface Draft {
  key: string;
  kind: PartnershipKind;
  areas: ActivityField[];
  lead: string;
  partners: string[];
  validFrom: string;
  dataSharing: boolean;
}

function startFor(key: string, clubStart: string | null): string {
  const earliest = clubStart && clubStart > FIRST_START ? clubStart : FIRST_START;
  return addDays(earliest, between(`${key}:from`, 0, daysBetween(earliest, LAST_START)));
}

/** An active partnership: the lead proposed it 5–14 days before it started, the others confirmed after. */
function active(d: Draft): PartnershipRow {
  const proposedAt = instant(addDays(d.validFrom, -between(`${d.key}:proposed`, 5, 14)), 9);
  return {
    key: d.key,
    kind: d.kind,
    areas: d.areas,
    status: PartnershipStatus.ACTIVE,
    validFrom: d.validFrom,
    validTo: null,
    dataSharing: d.dataSharing,
    proposedByKey: d.lead,
    createdAt: proposedAt,
    parties: [
      { institutionKey: d.lead, role: PartyRole.LEAD, confirmedAt: proposedAt },
      ...d.partners.map((p) => ({
        institutionKey: p,
        role: PartyRole.PARTNER,
        confirmedAt: instant(addDays(d.validFrom, -between(`${d.key}:${p}:confirmed`, 0, 4)), 13),
      })),
    ],
    synthetic: true,
  };
}

/** A proposal that the partners have not confirmed yet. */
function proposed(d: Draft, proposedOn: string): PartnershipRow {
  const proposedAt = instant(proposedOn, 10);
  return {
    ...active(d),
    status: PartnershipStatus.PROPOSED,
    createdAt: proposedAt,
    parties: [
      { institutionKey: d.lead, role: PartyRole.LEAD, confirmedAt: proposedAt },
      ...d.partners.map((p) => ({ institutionKey: p, role: PartyRole.PARTNER, confirmedAt: null })),
    ],
  };
}

const pairKey = (a: string, b: string): string => `partnership:${a.replace(/^institution:/, '')}|${b.replace(/^institution:/, '')}`;

export function pilotPartnerships(all: readonly ClubPartners[]): PartnershipRow[] {
  const bilateral: PartnershipRow[] = [];
  const areaPartnerships: PartnershipRow[] = [];
  for (const { club, ops, pup, areas } of all) {
    const statutory: [string, ActivityField][] = [
      [ops, ActivityField.SOCIAL_WORK],
      [pup, ActivityField.VOCATIONAL_ACTIVATION],
    ];
    for (const [partner, area] of statutory) {
      const key = pairKey(club.key, partner);
      bilateral.push(
        active({
          key,
          kind: PartnershipKind.FORMAL_AGREEMENT,
          areas: [area],
          lead: club.key,
          partners: [partner],
          validFrom: startFor(key, club.activityStartedOn),
          dataSharing: true,
        }),
      );
    }
    for (const [area, partner] of Object.entries(areas) as [ActivityField, string][]) {
      const key = pairKey(club.key, partner);
      areaPartnerships.push(
        active({
          key,
          kind: pick([PartnershipKind.LETTER_OF_INTENT, PartnershipKind.CONTRACT], `${key}:kind`),
          areas: [area],
          lead: club.key,
          partners: [partner],
          validFrom: startFor(key, club.activityStartedOn),
          dataSharing: false,
        }),
      );
    }
  }
  // A few area partnerships ended during 2020: at an earlier asOf they are still in force.
  for (const p of ranked(areaPartnerships, (p) => `ended:${p.key}`).slice(0, ENDED_COUNT)) {
    p.status = PartnershipStatus.ENDED;
    p.validTo = addDays('2020-01-31', between(`${p.key}:to`, 0, 320));
  }

  const multilateral = PILOT_VOIVODESHIPS.flatMap((v) => {
    const clubs = all.filter((c) => c.club.voivodeship.code === v.code);
    const [first, second, third] = clubs;
    if (!first || !second || !third) throw new Error(`voivodeship ${v.code}: expected at least three pilot clubs`);
    const local = `partnership:local-programme:${first.club.key.replace(/^institution:/, '')}`;
    const regional = `partnership:regional-exchange:${v.code}`;
    const education = first.areas[ActivityField.EDUCATION];
    return [
      // The club, its OPS and PUP and a school: one reintegration path, so they share data.
      active({
        key: local,
        kind: PartnershipKind.PROJECT_PARTNERSHIP,
        areas: [ActivityField.SOCIAL_WORK, ActivityField.VOCATIONAL_ACTIVATION, ...(education ? [ActivityField.EDUCATION] : [])],
        lead: first.club.key,
        partners: [first.ops, first.pup, ...(education ? [education] : [])],
        validFrom: startFor(local, first.club.activityStartedOn),
        dataSharing: true,
      }),
      // Two clubs and their ROPS exchanging practice across the region.
      active({
        key: regional,
        kind: PartnershipKind.PROJECT_PARTNERSHIP,
        areas: [ActivityField.COUNSELLING, ActivityField.SOCIAL_WORK],
        lead: second.club.key,
        partners: [third.club.key, keys.rops(v.code)],
        validFrom: startFor(regional, second.club.activityStartedOn),
        dataSharing: false,
      }),
    ];
  });

  const proposals = [
    // The two Kielce clubs (Stowarzyszenie „Nadzieja Rodzinie” and Fundacja Pestka's).
    proposed(
      {
        key: 'partnership:proposed:kielce-clubs',
        kind: PartnershipKind.INFORMAL,
        areas: [ActivityField.SOCIAL_WORK, ActivityField.CULTURE],
        lead: keys.club('26', 6),
        partners: [keys.club('26', 8)],
        validFrom: '2020-02-01',
        dataSharing: false,
      },
      '2020-01-20',
    ),
    proposed(
      {
        key: 'partnership:proposed:kis-06-1-rops',
        kind: PartnershipKind.PROJECT_PARTNERSHIP,
        areas: [ActivityField.COUNSELLING],
        lead: keys.club('06', 1),
        partners: [keys.rops('06')],
        validFrom: '2020-03-01',
        dataSharing: false,
      },
      '2020-02-10',
    ),
  ];
  return [...bilateral, ...areaPartnerships, ...multilateral, ...proposals];
}
