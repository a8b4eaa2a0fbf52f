// The pilot network as plain rows keyed by descriptive keys (ids are stableId(key)). Building the
// plan is pure, so it can be checked without a database; index.ts turns it into entities.
import type { GrantPurpose, FundingSourceKind } from '../../src/registry/funding/funding.entities';
import type { PartnershipKind, PartnershipStatus, PartyRole } from '../../src/registry/cooperation/partnership.entities';
import type { ActivityField, InstitutionType, LegalForm } from '../../src/registry/institutions/institution-kinds';
import type { MeetingKind, MembershipRole, NetworkKind } from '../../src/registry/networks/network.entities';

export interface InstitutionRow {
  key: string;
  type: InstitutionType;
  name: string;
  shortName?: string | null;
  legalForm?: LegalForm | null;
  street?: string | null;
  postalCode?: string | null;
  locality?: string | null;
  /** TERYT code of the seat's municipality; null when unknown. */
  municipality?: string | null;
  fields: ActivityField[];
  createdOn?: string | null;
  activityStartedOn?: string | null;
  registeredOn?: string | null;
  founderKey?: string | null;
  pilot: boolean;
  synthetic: boolean;
}

interface PartyRow {
  institutionKey: string;
  role: PartyRole;
  /** Null while the party has not confirmed (a PROPOSED partnership). */
  confirmedAt: Date | null;
}

export interface PartnershipRow {
  key: string;
  kind: PartnershipKind;
  areas: ActivityField[];
  status: PartnershipStatus;
  validFrom: string;
  validTo: string | null;
  dataSharing: boolean;
  proposedByKey: string;
  /** When it was proposed. */
  createdAt: Date;
  parties: PartyRow[];
  synthetic: boolean;
}

export interface NetworkRow {
  key: string;
  kind: NetworkKind;
  name: string;
  description?: string | null;
  parentKey?: string | null;
  voivodeship?: string | null;
  municipality?: string | null;
  establishedOn?: string | null;
  synthetic: boolean;
}

export interface MembershipRow {
  key: string;
  networkKey: string;
  institutionKey: string;
  role: MembershipRole;
  joinedOn: string;
  synthetic: boolean;
}

export interface MeetingRow {
  key: string;
  networkKey: string;
  date: string;
  kind: MeetingKind;
  topic: string;
  synthetic: boolean;
  attendeeKeys: string[];
}

export interface ProgrammeRow {
  key: string;
  code: string;
  name: string;
  parentKey?: string | null;
  startsOn?: string | null;
  endsOn?: string | null;
  clubCreationCap?: string | null;
}

export interface GrantRow {
  key: string;
  programmeKey: string;
  recipientKey: string;
  clubKey: string | null;
  purpose: GrantPurpose;
  amount: string;
  awardedOn: string;
  synthetic: boolean;
}

export interface FundingSourceRow {
  key: string;
  institutionKey: string;
  year: number;
  source: FundingSourceKind;
  amount: string;
  synthetic: boolean;
}

export interface PilotPlan {
  institutions: InstitutionRow[];
  partnerships: PartnershipRow[];
  networks: NetworkRow[];
  memberships: MembershipRow[];
  meetings: MeetingRow[];
  programmes: ProgrammeRow[];
  grants: GrantRow[];
  fundingSources: FundingSourceRow[];
}

/** Throws when two rows share a key or a row refers to a key the plan does not define. */
export function assertConsistent(plan: PilotPlan): void {
  const defined = new Set<string>();
  const all = [plan.institutions, plan.partnerships, plan.networks, plan.memberships, plan.meetings, plan.programmes, plan.grants, plan.fundingSources].flat();
  for (const row of all) {
    if (defined.has(row.key)) throw new Error(`pilot plan: duplicate key ${row.key}`);
    defined.add(row.key);
  }
  const need = (key: string | null | undefined, where: string): void => {
    if (key != null && !defined.has(key)) throw new Error(`pilot plan: ${where} refers to unknown ${key}`);
  };
  for (const i of plan.institutions) need(i.founderKey, i.key);
  for (const p of plan.partnerships) {
    need(p.proposedByKey, p.key);
    for (const party of p.parties) need(party.institutionKey, p.key);
    if (new Set(p.parties.map((party) => party.institutionKey)).size !== p.parties.length) throw new Error(`pilot plan: ${p.key} lists a party twice`);
  }
  for (const n of plan.networks) need(n.parentKey, n.key);
  for (const m of plan.memberships) {
    need(m.networkKey, m.key);
    need(m.institutionKey, m.key);
  }
  for (const m of plan.meetings) {
    need(m.networkKey, m.key);
    for (const a of m.attendeeKeys) need(a, m.key);
  }
  for (const p of plan.programmes) need(p.parentKey, p.key);
  for (const g of plan.grants) {
    need(g.programmeKey, g.key);
    need(g.recipientKey, g.key);
    need(g.clubKey, g.key);
  }
  for (const f of plan.fundingSources) need(f.institutionKey, f.key);
}
