// The casework reference copy built from the pilot plan, for a fresh database (or a test) before
// any refresh from a running registry: the same rows the registry seeded, so the same ids.
import { stableId } from '../../src/common/ids';
import type { ReferenceSnapshot } from '../../src/casework/reference/reference.service';
import { PartnershipStatus } from '../../src/registry/cooperation/partnership.entities';
import { SECTOR_OF } from '../../src/registry/institutions/institution-kinds';
import type { PilotPlan } from '../pilot/plan';

export function referenceFromPlan(plan: PilotPlan): ReferenceSnapshot {
  return {
    institutions: plan.institutions.map((i) => ({
      id: stableId(i.key),
      type: i.type,
      sector: SECTOR_OF[i.type],
      voivodeship: i.municipality?.slice(0, 2) ?? null,
      municipalityCode: i.municipality ?? null,
    })),
    memberships: plan.memberships.map((m) => ({
      id: stableId(m.key),
      networkId: stableId(m.networkKey),
      institutionId: stableId(m.institutionKey),
      joinedOn: m.joinedOn,
      leftOn: null,
    })),
    partnerships: plan.partnerships
      .filter((p) => p.status === PartnershipStatus.ACTIVE)
      .map((p) => ({
        id: stableId(p.key),
        status: p.status,
        dataSharing: p.dataSharing,
        validFrom: p.validFrom,
        validTo: p.validTo,
        partyIds: p.parties.map((party) => stableId(party.institutionKey)),
      })),
  };
}
