// Networks of the pilot: the national KSR body, per voivodeship an RSR and a regional cooperation
// platform (all stated by the sources), and per club an LSR (synthetic: the sources describe LSRs
// but name none). Memberships other than the ROPS' and the conventions' are stand-ins, and so are
// the dates and topics of the meetings (the sources give only how many took place).
import { NEW_PROFILE_AREAS } from '../../src/registry/institutions/institution-kinds';
import { MeetingKind, MembershipRole, NetworkKind } from '../../src/registry/networks/network.entities';
import { addDays, between, ranked } from './deterministic';
import { CONSULTATION_TOPIC, MEETING_COUNTS, PILOT_VOIVODESHIPS } from './facts';
import { keys } from './ids';
import type { ClubPartners } from './partners';
import type { MeetingRow, MembershipRow, NetworkRow, PartnershipRow } from './plan';
import { NATIONAL_NGO_COUNT } from './synthetic';

/** The national body met in 2018, before the test: its members joined before then. */
const NATIONAL_JOINED_ON = '2018-04-01';
/** The regional and local networks start with the clubs' activity. */
const REGIONAL_JOINED_ON = '2019-06-01';

const strip = (key: string): string => key.replace(/^(institution|network):/, '');

function member(networkKey: string, institutionKey: string, role: MembershipRole, joinedOn: string, synthetic: boolean): MembershipRow {
  return { key: `membership:${strip(networkKey)}|${strip(institutionKey)}`, networkKey, institutionKey, role, joinedOn, synthetic };
}

/** Adds a membership once per (network, institution), keeping the earliest join date. */
class Memberships {
  private readonly rows = new Map<string, MembershipRow>();

  add(row: MembershipRow): void {
    const existing = this.rows.get(row.key);
    if (!existing) this.rows.set(row.key, row);
    else if (row.joinedOn < existing.joinedOn) existing.joinedOn = row.joinedOn;
  }

  all(): MembershipRow[] {
    return [...this.rows.values()];
  }
}

export function pilotNetworks(
  all: readonly ClubPartners[],
  partnerships: readonly PartnershipRow[],
): { networks: NetworkRow[]; memberships: MembershipRow[]; meetings: MeetingRow[] } {
  const networks: NetworkRow[] = [];
  const memberships = new Memberships();
  // When a club's partnership with a partner started: the partner joins the club's networks then.
  const startOf = new Map(partnerships.map((p) => [p.key, p.validFrom]));
  const since = (clubKey: string, partnerKey: string): string => startOf.get(`partnership:${strip(clubKey)}|${strip(partnerKey)}`) ?? REGIONAL_JOINED_ON;

  networks.push({
    key: keys.nationalBody,
    kind: NetworkKind.NATIONAL_BODY,
    name: 'Krajowa reprezentacja KSR',
    description:
      'Reprezentacja krajowa Krajowej Sieci Reintegracji: przedstawiciele sześciu Regionalnych Ośrodków Polityki Społecznej, podmioty zatrudnienia socjalnego (w tym Konwenty Klubów i Centrów Integracji Społecznej) oraz organizacje pozarządowe.',
    synthetic: false,
  });
  const national = (institutionKey: string, role: MembershipRole, synthetic: boolean) =>
    memberships.add(member(keys.nationalBody, institutionKey, role, NATIONAL_JOINED_ON, synthetic));
  // The ministry led the project; that it coordinates the body is an assumption.
  national(keys.ministry, MembershipRole.COORDINATOR, true);
  for (const v of PILOT_VOIVODESHIPS) national(keys.rops(v.code), MembershipRole.REPRESENTATIVE, false);
  // The sources name the conventions as members; OSAR, IPiSS and the NGOs' seats are stand-ins.
  national(keys.kisConvention, MembershipRole.MEMBER, false);
  national(keys.cisConvention, MembershipRole.MEMBER, false);
  national(keys.osar, MembershipRole.MEMBER, true);
  national(keys.ipiss, MembershipRole.MEMBER, true);
  for (let n = 1; n <= NATIONAL_NGO_COUNT; n++) national(keys.nationalNgo(n), MembershipRole.MEMBER, true);

  for (const v of PILOT_VOIVODESHIPS) {
    const clubs = all.filter((c) => c.club.voivodeship.code === v.code);
    const rsr = keys.rsr(v.code);
    const platform = keys.platform(v.code);
    networks.push(
      {
        key: rsr,
        kind: NetworkKind.REGIONAL_REINTEGRATION_NETWORK,
        name: `Regionalna Sieć Reintegracji – województwo ${v.name}`,
        parentKey: keys.nationalBody,
        voivodeship: v.code,
        synthetic: false,
      },
      {
        key: platform,
        kind: NetworkKind.REGIONAL_COOPERATION_PLATFORM,
        name: `Regionalna Platforma Współpracy – województwo ${v.name}`,
        parentKey: keys.nationalBody,
        voivodeship: v.code,
        synthetic: false,
      },
    );
    memberships.add(member(rsr, keys.rops(v.code), MembershipRole.COORDINATOR, REGIONAL_JOINED_ON, false));
    memberships.add(member(platform, keys.rops(v.code), MembershipRole.COORDINATOR, REGIONAL_JOINED_ON, false));
    // Organisations acting above the local level.
    for (const key of [keys.wup(v.code), keys.regionalNgo(v.code)]) {
      memberships.add(member(rsr, key, MembershipRole.MEMBER, addDays(REGIONAL_JOINED_ON, between(`${rsr}:${key}:joined`, 0, 60)), true));
    }

    for (const { club, ops, pup, areas } of clubs) {
      const joined = club.activityStartedOn ?? REGIONAL_JOINED_ON;
      memberships.add(member(rsr, club.key, MembershipRole.MEMBER, joined, true));
      memberships.add(member(rsr, pup, MembershipRole.MEMBER, since(club.key, pup), true));
      memberships.add(member(platform, club.key, MembershipRole.MEMBER, joined, true));
      for (const area of NEW_PROFILE_AREAS) {
        const partner = areas[area];
        if (partner) memberships.add(member(platform, partner, MembershipRole.MEMBER, since(club.key, partner), true));
      }

      const lsr = keys.lsr(club.key);
      networks.push({
        key: lsr,
        kind: NetworkKind.LOCAL_REINTEGRATION_NETWORK,
        name: `Lokalna Sieć Reintegracji – ${club.name}`,
        parentKey: rsr,
        voivodeship: v.code,
        municipality: club.place.municipality.code,
        establishedOn: joined,
        synthetic: true,
      });
      memberships.add(member(lsr, club.key, MembershipRole.COORDINATOR, joined, true));
      for (const partner of [ops, pup, ...Object.values(areas)]) {
        memberships.add(member(lsr, partner, MembershipRole.MEMBER, since(club.key, partner), true));
      }
    }
  }

  return { networks, memberships: memberships.all(), meetings: pilotMeetings(all) };
}

/** Meetings whose number the sources give; dates and topics are stand-ins. */
function pilotMeetings(all: readonly ClubPartners[]): MeetingRow[] {
  const rops = PILOT_VOIVODESHIPS.map((v) => keys.rops(v.code));
  const meetings: MeetingRow[] = [];

  const consultationDates = ['2018-05-17', '2018-07-12', '2018-09-20', '2018-11-22'];
  const bodyDates = ['2018-06-14', '2018-10-18', '2019-03-14', '2019-06-27', '2019-11-21'];
  const rsrDates = ['2019-07-10', '2019-09-18', '2019-11-27'];
  const rsrTopics = [
    'Inauguracja Regionalnej Sieci Reintegracji i plan działań animacyjnych',
    'Współpraca KIS z instytucjami edukacji, kultury, profilaktyki zdrowotnej oraz sportu i rekreacji',
    'Rekomendacje systemowe i legislacyjne z testu KSR w regionie',
  ];
  if (
    consultationDates.length !== MEETING_COUNTS.consultations ||
    bodyDates.length !== MEETING_COUNTS.nationalBody ||
    rsrDates.length !== MEETING_COUNTS.swietokrzyskieRsrWorking
  ) {
    throw new Error('pilot meetings: dates do not match the counts in the sources');
  }

  consultationDates.forEach((date, i) =>
    meetings.push({
      key: `meeting:national-body:consultation:${i + 1}`,
      networkKey: keys.nationalBody,
      date,
      kind: MeetingKind.CONSULTATION,
      topic: CONSULTATION_TOPIC,
      synthetic: true,
      attendeeKeys: [keys.ministry, keys.ipiss, ...rops],
    }),
  );
  bodyDates.forEach((date, i) =>
    meetings.push({
      key: `meeting:national-body:${i + 1}`,
      networkKey: keys.nationalBody,
      date,
      kind: MeetingKind.NATIONAL_BODY,
      topic: `Posiedzenie krajowego gremium KSR nr ${i + 1}`,
      synthetic: true,
      attendeeKeys: [keys.ministry, keys.ipiss, keys.osar, keys.kisConvention, keys.cisConvention, ...rops],
    }),
  );

  const clubs = all.filter((c) => c.club.voivodeship.code === '26').map((c) => c.club.key);
  rsrDates.forEach((date, i) => {
    const key = `meeting:rsr:26:working:${i + 1}`;
    // Not every club came to every meeting: the second one misses two, chosen by hash.
    const absent = i === 1 ? new Set(ranked(clubs, (c) => `${key}:absent:${c}`).slice(0, 2)) : new Set<string>();
    meetings.push({
      key,
      networkKey: keys.rsr('26'),
      date,
      kind: MeetingKind.WORKING,
      topic: rsrTopics[i],
      synthetic: true,
      attendeeKeys: [keys.rops('26'), keys.wup('26'), ...clubs.filter((c) => !absent.has(c))],
    });
  });
  return meetings;
}
