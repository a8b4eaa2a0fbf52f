// Funding: the programme chain POWER → measure 2.5 → the KSR project (facts), a club-creation
// grant per pilot club to its founder, and yearly funding sources of each club. The sources give
// only the cap of a grant (PLN 60,600.00), so every amount and date below is a stand-in.
import { FundingSourceKind, GrantPurpose } from '../../src/registry/funding/funding.entities';
import { toGrosze } from '../../src/common/scalars';
import { addDays, between, zloty } from './deterministic';
import { PROGRAMMES } from './facts';
import { keys } from './ids';
import type { PilotClub } from './institutions';
import type { FundingSourceRow, GrantRow, ProgrammeRow } from './plan';

const CAP_ZLOTY = Number(toGrosze(PROGRAMMES.ksr.clubCreationCap) / 100n);

export function programmes(): ProgrammeRow[] {
  const { power, measure25, ksr } = PROGRAMMES;
  return [
    { key: keys.programme(power.code), code: power.code, name: power.name },
    { key: keys.programme(measure25.code), code: measure25.code, name: measure25.name, parentKey: keys.programme(power.code) },
    {
      key: keys.programme(ksr.code),
      code: ksr.code,
      name: ksr.name,
      parentKey: keys.programme(measure25.code),
      startsOn: ksr.startsOn,
      endsOn: ksr.endsOn,
      clubCreationCap: ksr.clubCreationCap,
    },
  ];
}

/** A grant per club, at most the cap (in steps of PLN 50), awarded in May 2019 after the April contest. */
export function clubGrants(clubs: readonly PilotClub[]): { grants: GrantRow[]; fundingSources: FundingSourceRow[] } {
  const grants: GrantRow[] = [];
  const fundingSources: FundingSourceRow[] = [];
  for (const club of clubs) {
    const key = `grant:club-creation:${club.key.replace(/^institution:/, '')}`;
    const amount = CAP_ZLOTY - 50 * between(`${key}:amount`, 0, 60);
    grants.push({
      key,
      programmeKey: keys.programme(PROGRAMMES.ksr.code),
      recipientKey: club.founderKey,
      clubKey: club.key,
      purpose: GrantPurpose.CLUB_CREATION,
      amount: zloty(amount),
      awardedOn: addDays('2019-05-02', between(`${key}:awarded`, 0, 20)),
      synthetic: true,
    });
    // The creation grant came from EU funds (POWER); later years from the state and the municipality.
    const yearly: [number, FundingSourceKind, number][] = [
      [2019, FundingSourceKind.EU_FUNDS, amount],
      [2019, FundingSourceKind.MUNICIPALITY, 100 * between(`${club.key}:2019:municipality`, 40, 150)],
      [2020, FundingSourceKind.STATE_BUDGET, 100 * between(`${club.key}:2020:state`, 200, 450)],
      [2020, FundingSourceKind.MUNICIPALITY, 100 * between(`${club.key}:2020:municipality`, 50, 200)],
    ];
    for (const [year, source, zl] of yearly) {
      fundingSources.push({
        key: `funding:${club.key.replace(/^institution:/, '')}:${year}:${source}`,
        institutionKey: club.key,
        year,
        source,
        amount: zloty(zl),
        synthetic: true,
      });
    }
  }
  return { grants, fundingSources };
}
