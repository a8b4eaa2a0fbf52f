// Synthetic people for the pilot network (all marked synthetic): each pilot club serves 12–40
// people; some of them are also clients of the club's OPS or registered at its PUP, at rates that
// differ by club, so that some club–OPS / club–PUP partnerships and LSRs share more than k = 10
// people and others fewer (suppressed). Completed club programmes have monitoring contacts up to a
// fixed date, with some missed. Every choice is a hash of a descriptive key: deterministic.
// Pseudonyms come from Linkage.forSynthetic, never from a PESEL, so they cannot match a real person.
import { addDays, between, pick, ranked } from '../pilot/deterministic';
import type { PilotPlan } from '../pilot/plan';
import { EpisodeKind, EpisodeOutcome } from '../../src/casework/episodes/episode-kinds';
import { ContactSource, EmploymentStatus } from '../../src/casework/monitoring/contact.entities';
import { addMonths, DUE_MONTHS } from '../../src/casework/monitoring/schedule';
import { EligibilityCategory, Sex } from '../../src/casework/participants/participant-kinds';
import { IntegrationInstrument } from '../../src/casework/contracts/contract.entities';
import { InstitutionType } from '../../src/registry/institutions/institution-kinds';

/** Contacts are generated up to this day; later due dates become overdue as time passes. */
const SEED_AS_OF = '2025-06-30';

interface SyntheticEpisode {
  kind: EpisodeKind;
  startedOn: string;
  endedOn: string | null;
  outcome: EpisodeOutcome | null;
}

interface SyntheticRecord {
  institutionKey: string;
  episodes: SyntheticEpisode[];
  /** Contacts for the first episode (a completed club programme). */
  contacts: { contactedOn: string; source: ContactSource; employmentStatus: EmploymentStatus }[];
  ipzs: boolean;
  contract: IntegrationInstrument[] | null;
}

export interface SyntheticPerson {
  key: string;
  birthYear: number;
  sex: Sex;
  residence: string | null;
  categories: EligibilityCategory[];
  records: SyntheticRecord[];
}

const CATEGORY_POOL: EligibilityCategory[] = [
  EligibilityCategory.LONG_TERM_UNEMPLOYED,
  EligibilityCategory.LONG_TERM_UNEMPLOYED,
  EligibilityCategory.LONG_TERM_UNEMPLOYED,
  EligibilityCategory.ALCOHOL_ADDICTION_AFTER_THERAPY,
  EligibilityCategory.ALCOHOL_ADDICTION_AFTER_THERAPY,
  EligibilityCategory.DISABLED,
  EligibilityCategory.AGED_50_PLUS,
  EligibilityCategory.AGED_50_PLUS,
  EligibilityCategory.HOMELESS_IN_PROGRAMME,
  EligibilityCategory.MENTAL_ILLNESS,
  EligibilityCategory.RELEASED_FROM_PRISON,
  EligibilityCategory.SINGLE_PARENT_RETURNING_TO_WORK,
  EligibilityCategory.RURAL_RESIDENT,
  EligibilityCategory.YOUTH_15_25_AT_RISK,
];

const CLUB_OUTCOMES = [
  EpisodeOutcome.OPEN_LABOUR_MARKET,
  EpisodeOutcome.OPEN_LABOUR_MARKET,
  EpisodeOutcome.SOCIAL_COOPERATIVE,
  EpisodeOutcome.SUBSIDISED_EMPLOYMENT,
  EpisodeOutcome.FURTHER_EDUCATION,
  EpisodeOutcome.COMPLETED_WITHOUT_EMPLOYMENT,
  EpisodeOutcome.COMPLETED_WITHOUT_EMPLOYMENT,
  EpisodeOutcome.SELF_EMPLOYMENT,
];

const STATUSES = [
  EmploymentStatus.OPEN_LABOUR_MARKET,
  EmploymentStatus.OPEN_LABOUR_MARKET,
  EmploymentStatus.SOCIAL_COOPERATIVE,
  EmploymentStatus.REGISTERED_UNEMPLOYED,
  EmploymentStatus.NOT_WORKING,
  EmploymentStatus.IN_EDUCATION,
];

const INSTRUMENTS = Object.values(IntegrationInstrument);

interface ClubPlace {
  clubKey: string;
  municipality: string | null;
  opsKey: string | undefined;
  pupKey: string | undefined;
}

/** Each pilot club with the OPS and PUP it has a data-sharing agreement with (from the plan). */
function pilotClubs(plan: PilotPlan): ClubPlace[] {
  const typeOf = new Map(plan.institutions.map((i) => [i.key, i.type]));
  return plan.institutions
    .filter((i) => i.pilot)
    .map((club) => {
      const partners = plan.partnerships
        .filter((p) => p.dataSharing && p.parties.length === 2 && p.proposedByKey === club.key)
        .flatMap((p) => p.parties.map((party) => party.institutionKey))
        .filter((k) => k !== club.key);
      return {
        clubKey: club.key,
        municipality: club.municipality ?? null,
        opsKey: partners.find((k) => typeOf.get(k) === InstitutionType.OPS),
        pupKey: partners.find((k) => typeOf.get(k) === InstitutionType.PUP),
      };
    });
}

function clubRecord(key: string, start: string): SyntheticRecord {
  const fate = between(`${key}:fate`, 1, 10);
  const ended = fate <= 8 ? addDays(start, between(`${key}:length`, 90, 365)) : null;
  const outcome = fate <= 1 ? EpisodeOutcome.DROPPED_OUT : ended ? pick(CLUB_OUTCOMES, `${key}:outcome`) : null;
  const episodes: SyntheticEpisode[] = [{ kind: EpisodeKind.CLUB_ACTIVITIES, startedOn: start, endedOn: ended, outcome }];
  const contacts: SyntheticRecord['contacts'] = [];
  if (ended && outcome && outcome !== EpisodeOutcome.DROPPED_OUT) {
    let previous = ended;
    for (const months of DUE_MONTHS) {
      const due = addMonths(ended, months);
      if (due > SEED_AS_OF) break;
      // About one due contact in six is missed: those are overdue.
      if (between(`${key}:contact:${months}`, 1, 6) > 1) {
        const span = Math.max(0, Math.round((Date.parse(due) - Date.parse(previous)) / 86_400_000) - 1);
        contacts.push({
          contactedOn: addDays(previous, 1 + between(`${key}:contact-day:${months}`, 0, span)),
          source: pick(
            [ContactSource.CENTRE, ContactSource.CENTRE, ContactSource.CENTRE, ContactSource.OPS, ContactSource.PUP, ContactSource.GKRPA],
            `${key}:source:${months}`,
          ),
          employmentStatus: pick(STATUSES, `${key}:status:${months}`),
        });
      }
      previous = due;
    }
  }
  return { institutionKey: '', episodes, contacts, ipzs: between(`${key}:ipzs`, 1, 2) === 1, contract: null };
}

export function syntheticPeople(plan: PilotPlan): SyntheticPerson[] {
  const people: SyntheticPerson[] = [];
  for (const club of pilotClubs(plan)) {
    const size = between(`casework:${club.clubKey}:size`, 12, 40);
    const opsRate = pick([15, 35, 60, 85], `casework:${club.clubKey}:ops-rate`);
    const pupRate = pick([10, 30, 55], `casework:${club.clubKey}:pup-rate`);
    for (let n = 1; n <= size; n += 1) {
      const key = `casework:person:${club.clubKey}:${n}`;
      const start = addDays('2019-06-01', between(`${key}:start`, 0, 900));
      const records: SyntheticRecord[] = [{ ...clubRecord(key, start), institutionKey: club.clubKey }];
      if (club.opsKey && between(`${key}:ops`, 1, 100) <= opsRate) {
        const since = addDays(start, -between(`${key}:ops-since`, 30, 400));
        const contract =
          between(`${key}:contract`, 1, 3) === 1 ? ranked(INSTRUMENTS, (i) => `${key}:instrument:${i}`).slice(0, between(`${key}:instruments`, 1, 4)) : null;
        records.push({
          institutionKey: club.opsKey,
          episodes: [{ kind: EpisodeKind.SOCIAL_ASSISTANCE, startedOn: since, endedOn: null, outcome: null }],
          contacts: [],
          ipzs: false,
          contract,
        });
      }
      if (club.pupKey && between(`${key}:pup`, 1, 100) <= pupRate) {
        const since = addDays(start, -between(`${key}:pup-since`, 10, 300));
        const ended = between(`${key}:pup-end`, 1, 2) === 1 ? addDays(since, between(`${key}:pup-length`, 200, 700)) : null;
        records.push({
          institutionKey: club.pupKey,
          episodes: [
            {
              kind: EpisodeKind.LABOUR_OFFICE_REGISTRATION,
              startedOn: since,
              endedOn: ended,
              outcome: ended
                ? pick([EpisodeOutcome.OPEN_LABOUR_MARKET, EpisodeOutcome.REFERRED_ONWARD, EpisodeOutcome.SUBSIDISED_EMPLOYMENT], `${key}:pup-outcome`)
                : null,
            },
          ],
          contacts: [],
          ipzs: false,
          contract: null,
        });
      }
      const categories = [...new Set(Array.from({ length: between(`${key}:categories`, 1, 3) }, (_, i) => pick(CATEGORY_POOL, `${key}:category:${i}`)))].sort();
      people.push({
        key,
        birthYear: between(`${key}:born`, 1960, 2003),
        sex: pick([Sex.FEMALE, Sex.MALE], `${key}:sex`),
        residence: club.municipality,
        categories,
        records,
      });
    }
  }
  return people;
}
