// Refreshes the reference copy from the registry's GraphQL API (the gateway's public endpoint, or
// the registry subgraph with a signed forwarded identity in `headers`): every institution with its
// current memberships, then the ACTIVE partnerships (data sharing or not: releases count their pairs), paged with first: 100. Nothing is
// written until every page has been read; then the copy is replaced in one transaction.
import type { EntityManager } from '@mikro-orm/postgresql';
import { replaceReference, type ReferenceReport, type ReferenceSnapshot } from './reference.service';

export type RegistryHeaders = Record<string, string> | (() => Promise<Record<string, string>>);

interface Page<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

interface MembershipNode {
  id: string;
  joinedOn: string;
  leftOn: string | null;
  network: { id: string };
}

interface InstitutionNode {
  id: string;
  type: string;
  sector: string;
  municipality: { code: string } | null;
  memberships: Page<MembershipNode>;
}

interface PartnershipNode {
  id: string;
  status: string;
  dataSharing: boolean;
  validFrom: string;
  validTo: string | null;
  parties: { institution: { id: string } }[];
}

const MEMBERSHIPS = 'pageInfo { hasNextPage endCursor } edges { node { id joinedOn leftOn network { id } } }';

const INSTITUTIONS = `query CaseworkReferenceInstitutions($after: String) {
  institutions(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id type sector municipality { code } memberships(first: 100) { ${MEMBERSHIPS} } } }
  }
}`;

const MORE_MEMBERSHIPS = `query CaseworkReferenceMemberships($id: ID!, $after: String) {
  institution(id: $id) { memberships(first: 100, after: $after) { ${MEMBERSHIPS} } }
}`;

const PARTNERSHIPS = `query CaseworkReferencePartnerships($after: String) {
  partnerships(first: 100, after: $after, filter: { statuses: [ACTIVE] }) {
    pageInfo { hasNextPage endCursor }
    edges { node { id status dataSharing validFrom validTo parties { institution { id } } } }
  }
}`;

async function post<T>(url: string, headers: RegistryHeaders, query: string, variables: Record<string, unknown>): Promise<T> {
  const extra = typeof headers === 'function' ? await headers() : headers;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...extra },
    body: JSON.stringify({ query, variables }),
  }).catch((e: unknown) => {
    throw new Error(`reference refresh: cannot reach the registry at ${url}: ${e instanceof Error ? e.message : String(e)}`);
  });
  const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  if (!body || body.errors?.length || !body.data) {
    const reason = body?.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`;
    throw new Error(`reference refresh: the registry at ${url} answered: ${reason}`);
  }
  return body.data;
}

/** Reads the registry's current state into a snapshot (no database access). */
async function readRegistry(registryUrl: string, headers: RegistryHeaders): Promise<ReferenceSnapshot> {
  const snapshot: ReferenceSnapshot = { institutions: [], memberships: [], partnerships: [] };
  const addMemberships = (institutionId: string, page: Page<MembershipNode>): void => {
    for (const { node } of page.edges) {
      snapshot.memberships.push({ id: node.id, networkId: node.network.id, institutionId, joinedOn: node.joinedOn, leftOn: node.leftOn });
    }
  };
  let after: string | null = null;
  do {
    const data: { institutions: Page<InstitutionNode> } = await post(registryUrl, headers, INSTITUTIONS, { after });
    for (const { node } of data.institutions.edges) {
      const code = node.municipality?.code ?? null;
      snapshot.institutions.push({ id: node.id, type: node.type, sector: node.sector, voivodeship: code?.slice(0, 2) ?? null, municipalityCode: code });
      addMemberships(node.id, node.memberships);
      let more = node.memberships.pageInfo;
      while (more.hasNextPage) {
        const next: { institution: { memberships: Page<MembershipNode> } | null } = await post(registryUrl, headers, MORE_MEMBERSHIPS, {
          id: node.id,
          after: more.endCursor,
        });
        if (!next.institution) break;
        addMemberships(node.id, next.institution.memberships);
        more = next.institution.memberships.pageInfo;
      }
    }
    after = data.institutions.pageInfo.hasNextPage ? data.institutions.pageInfo.endCursor : null;
  } while (after);
  after = null;
  do {
    const data: { partnerships: Page<PartnershipNode> } = await post(registryUrl, headers, PARTNERSHIPS, { after });
    for (const { node } of data.partnerships.edges) {
      snapshot.partnerships.push({
        id: node.id,
        status: node.status,
        dataSharing: node.dataSharing,
        validFrom: node.validFrom,
        validTo: node.validTo,
        partyIds: node.parties.map((p) => p.institution.id),
      });
    }
    after = data.partnerships.pageInfo.hasNextPage ? data.partnerships.pageInfo.endCursor : null;
  } while (after);
  return snapshot;
}

/** Replaces the reference copy with the registry's current state. */
export async function refreshInstitutionReference(em: EntityManager, registryUrl: string, headers: RegistryHeaders = {}): Promise<ReferenceReport> {
  const snapshot = await readRegistry(registryUrl, headers);
  return replaceReference(em, snapshot, registryUrl);
}
