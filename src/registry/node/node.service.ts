// `node(id)` and `nodes(ids)`: a registry record by its global id, through the lookup each type's
// own root field (or entity reference) uses, so the same loaders batch it and the same rules
// apply. Only registry types are here: a casework record (a participant, an episode…) lives in
// the other subgraph's database and is never reachable through `node`; its id answers null.
import type { RequestContext } from '../../common/context';
import { badInput } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { MAX_PAGE_SIZE } from '../../common/connection';
import { fromGlobalId } from '../../common/node';
import { partnershipById } from '../cooperation/partnership.service';
import { fundingSourceById, grantById, programmeById } from '../funding/funding.service';
import { institutionById } from '../institutions/institution.service';
import { meetingById, membershipById, networkById } from '../networks/network.service';
import { countyByCode, municipalityByCode, voivodeshipByCode } from '../places/place.service';
import * as programme from '../programme/programme.service';

type Lookup = (ctx: RequestContext, key: string) => Promise<object | null>;

/** Types keyed by a UUID: their `id` is that UUID, and the opaque form is accepted too. */
const BY_UUID: Readonly<Record<string, Lookup>> = {
  Institution: institutionById,
  Partnership: partnershipById,
  Network: networkById,
  Membership: membershipById,
  Meeting: meetingById,
  Programme: programmeById,
  Grant: grantById,
  FundingSource: fundingSourceById,
  AnimationTeam: programme.animationTeamById,
  TeamDuty: programme.teamDutyById,
  AdvisoryDuty: programme.advisoryDutyById,
  AdvisoryConsultation: programme.consultationById,
  TrainingSession: programme.trainingSessionById,
  CompetitionCall: programme.competitionCallById,
  CompetitionOffer: programme.offerById,
  CompetitionAgreement: programme.agreementById,
  TestMapSite: programme.testMapSiteById,
};

/** Types keyed by a TERYT code: their `id` is the opaque form only. */
const BY_CODE: Readonly<Record<string, Lookup>> = {
  Voivodeship: voivodeshipByCode,
  County: countyByCode,
  Municipality: municipalityByCode,
};

/** Every type that implements Node, with its lookup. */
export const NODE_LOOKUPS: Readonly<Record<string, Lookup>> = { ...BY_UUID, ...BY_CODE };

/**
 * The record behind a global id, or null. A bare UUID is looked up in every UUID-keyed type at once
 * (one batched statement per type for all ids of the request, whatever their number).
 */
export async function nodeById(ctx: RequestContext, id: string): Promise<object | null> {
  if (isUuid(id)) {
    const found = await Promise.all(Object.values(BY_UUID).map((lookup) => lookup(ctx, id)));
    return found.find((record) => record !== null) ?? null;
  }
  const global = fromGlobalId(id);
  const lookup = global && Object.hasOwn(NODE_LOOKUPS, global.type) ? NODE_LOOKUPS[global.type] : undefined;
  return lookup ? lookup(ctx, global!.key) : null;
}

/** Records for up to 100 ids, in order (null for an id that names none). */
export function nodesByIds(ctx: RequestContext, ids: readonly string[]): Promise<(object | null)[]> {
  if (ids.length > MAX_PAGE_SIZE) throw badInput('ids', `at most ${MAX_PAGE_SIZE} ids, got ${ids.length}`);
  return Promise.all(ids.map((id) => nodeById(ctx, id)));
}
