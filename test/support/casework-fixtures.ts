// Ids and test PESELs for casework tests, from the pilot plan (the same ids the registry seeds).
import { makePesel } from '../../src/casework/linkage/pesel';
import { Sex } from '../../src/casework/participants/participant-kinds';
import { stableId } from '../../src/common/ids';
import { PartnershipStatus } from '../../src/registry/cooperation/partnership.entities';
import { InstitutionType } from '../../src/registry/institutions/institution-kinds';
import { buildPilotPlan, keys } from '../../seeds/pilot';
import type { PilotPlan } from '../../seeds/pilot/plan';

let cached: PilotPlan | undefined;
export const pilotPlan = (): PilotPlan => (cached ??= buildPilotPlan());

export interface ClubCircle {
  club: string;
  /** Partners with an ACTIVE data-sharing agreement with the club. */
  ops: string;
  pup: string;
  /** A partner whose partnership with the club does not share data. */
  nonSharing: string;
}

/** A pilot club with its OPS, PUP and a partner without data sharing. */
export function clubCircle(voivodeship: string, n: number): ClubCircle {
  const plan = pilotPlan();
  const clubKey = keys.club(voivodeship, n);
  const typeOf = new Map(plan.institutions.map((i) => [i.key, i.type]));
  const partnerships = plan.partnerships.filter((p) => p.proposedByKey === clubKey && p.parties.length === 2 && p.status === PartnershipStatus.ACTIVE);
  const other = (p: (typeof partnerships)[number]) => p.parties.map((x) => x.institutionKey).find((k) => k !== clubKey)!;
  const sharing = partnerships.filter((p) => p.dataSharing).map(other);
  const nonSharing = partnerships.filter((p) => !p.dataSharing).map(other);
  const find = (type: InstitutionType) => sharing.find((k) => typeOf.get(k) === type);
  const [ops, pup] = [find(InstitutionType.OPS), find(InstitutionType.PUP)];
  if (!ops || !pup || !nonSharing[0]) throw new Error(`club ${clubKey}: expected an OPS, a PUP and a non-sharing partner`);
  return { club: stableId(clubKey), ops: stableId(ops), pup: stableId(pup), nonSharing: stableId(nonSharing[0]) };
}

/** Distinct valid PESELs for a test file (the serial keeps files apart). */
export function testPesels(count: number, serialBase: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    makePesel(1960 + ((serialBase + i) % 40), 1 + (i % 12), 1 + (i % 28), serialBase * 10 + i, i % 2 ? Sex.MALE : Sex.FEMALE),
  );
}
