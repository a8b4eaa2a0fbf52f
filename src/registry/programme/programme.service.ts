// Reads of the programme's machinery. Every relation goes through the request's DataLoaders, so a
// query over all teams, agreements or sites costs a fixed number of statements.
import type { RequestContext } from '../../common/context';
import { badInput } from '../../common/errors';
import { loadPresent } from '../../common/loaders';
import { Meeting } from '../networks/network.entities';
import {
  AdvisoryConsultation,
  AdvisoryDuty,
  AnimationTeam,
  AnimationTeamRole,
  TeamDuty,
  TeamMeeting,
  TrainingSession,
  type ConsultationTopic,
} from './animation.entities';
import { CompetitionAgreement, CompetitionCall, CompetitionOffer, TestMapSite, type OfferStatus } from './competition.entities';

/** A voivodeship argument: two TERYT digits (refused by field otherwise). */
export function voivodeshipArg(code: string | null | undefined, field = 'voivodeship'): string | null {
  if (code == null) return null;
  if (!/^\d{2}$/.test(code)) throw badInput(field, 'must be a two-digit TERYT voivodeship code, e.g. "26"');
  return code;
}

export const animationTeams = (ctx: RequestContext): Promise<AnimationTeam[]> => ctx.em.find(AnimationTeam, {}, { orderBy: { voivodeship: 'asc' } });

export async function animationTeamOf(ctx: RequestContext, voivodeship: string): Promise<AnimationTeam | null> {
  return (await ctx.loaders.groupedBy(AnimationTeam, 'voivodeship').load(voivodeship))[0] ?? null;
}

export const animationTeamById = (ctx: RequestContext, id: string): Promise<AnimationTeam | null> => ctx.loaders.byKey(AnimationTeam).load(id);

export const rolesOf = (ctx: RequestContext, teamId: string): Promise<AnimationTeamRole[]> =>
  ctx.loaders.groupedBy(AnimationTeamRole, 'team', { role: 'asc' }).load(teamId);

export const dutiesOf = (ctx: RequestContext, teamId: string): Promise<TeamDuty[]> =>
  ctx.loaders.groupedBy(TeamDuty, 'team', { startsOn: 'asc', kind: 'asc' }).load(teamId);

export async function meetingsOrganisedBy(ctx: RequestContext, teamId: string): Promise<Meeting[]> {
  const links = await ctx.loaders.groupedBy(TeamMeeting, 'team').load(teamId);
  const meetings = await loadPresent(
    ctx.loaders.byKey(Meeting),
    links.map((l) => l.meeting.id),
  );
  return meetings.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

export async function organiserOf(ctx: RequestContext, meetingId: string): Promise<AnimationTeam | null> {
  const [link] = await ctx.loaders.groupedBy(TeamMeeting, 'meeting').load(meetingId);
  return link ? animationTeamById(ctx, link.team.id) : null;
}

export const advisoryDuties = (ctx: RequestContext): Promise<AdvisoryDuty[]> => ctx.em.find(AdvisoryDuty, {}, { orderBy: { startsOn: 'asc', id: 'asc' } });

export const advisoryDutyById = (ctx: RequestContext, id: string): Promise<AdvisoryDuty | null> => ctx.loaders.byKey(AdvisoryDuty).load(id);

export async function consultationsOf(
  ctx: RequestContext,
  by: { duty?: string; team?: string },
  topic?: ConsultationTopic | null,
): Promise<AdvisoryConsultation[]> {
  const all = by.duty
    ? await ctx.loaders.groupedBy(AdvisoryConsultation, 'duty', { date: 'asc', id: 'asc' }).load(by.duty)
    : await ctx.loaders.groupedBy(AdvisoryConsultation, 'team', { date: 'asc', id: 'asc' }).load(by.team!);
  return topic ? all.filter((c) => c.topic === topic) : all;
}

export const trainingCycleOf = (ctx: RequestContext, dutyId: string): Promise<TrainingSession[]> =>
  ctx.loaders.groupedBy(TrainingSession, 'duty', { number: 'asc' }).load(dutyId);

export const competitionCalls = (ctx: RequestContext): Promise<CompetitionCall[]> =>
  ctx.em.find(CompetitionCall, {}, { orderBy: { announcedIn: 'asc', id: 'asc' } });

export const competitionCallById = (ctx: RequestContext, id: string): Promise<CompetitionCall | null> => ctx.loaders.byKey(CompetitionCall).load(id);

export async function offersOf(ctx: RequestContext, callId: string, voivodeship: string | null, status?: OfferStatus | null): Promise<CompetitionOffer[]> {
  const all = await ctx.loaders.groupedBy(CompetitionOffer, 'call', { voivodeship: 'asc', id: 'asc' }).load(callId);
  return all.filter((o) => (voivodeship === null || o.voivodeship.code === voivodeship) && (!status || o.status === status));
}

export async function agreementsOf(ctx: RequestContext, callId: string, voivodeship: string | null): Promise<CompetitionAgreement[]> {
  const all = await ctx.loaders.groupedBy(CompetitionAgreement, 'call', { voivodeship: 'asc', number: 'asc' }).load(callId);
  return voivodeship === null ? all : all.filter((a) => a.voivodeship.code === voivodeship);
}

/** Clubs created under agreements in a voivodeship (the number the ZRAR's size depended on). */
export async function newClubCount(ctx: RequestContext, voivodeship: string): Promise<number> {
  return (await ctx.loaders.groupedBy(CompetitionAgreement, 'voivodeship').load(voivodeship)).length;
}

export async function testMapOf(ctx: RequestContext, voivodeship: string | null): Promise<TestMapSite[]> {
  if (voivodeship !== null) return ctx.loaders.groupedBy(TestMapSite, 'voivodeship', { municipality: 'asc', id: 'asc' }).load(voivodeship);
  return ctx.em.find(TestMapSite, {}, { orderBy: { voivodeship: 'asc', municipality: 'asc', id: 'asc' } });
}

/** A club was created at the site: an agreement with its organisation for an offer in its municipality. */
export async function clubCreatedAt(ctx: RequestContext, site: TestMapSite): Promise<boolean> {
  if (!site.organisation) return false;
  const agreements = await ctx.loaders.groupedBy(CompetitionAgreement, 'voivodeship').load(site.voivodeship.code);
  const mine = agreements.filter((a) => a.founder.id === site.organisation!.id);
  const offers = await loadPresent(
    ctx.loaders.byKey(CompetitionOffer),
    mine.map((a) => a.offer.id),
  );
  return offers.some((o) => o.municipality.code === site.municipality.code);
}

export const offerById = (ctx: RequestContext, id: string): Promise<CompetitionOffer | null> => ctx.loaders.byKey(CompetitionOffer).load(id);

export const teamDutyById = (ctx: RequestContext, id: string): Promise<TeamDuty | null> => ctx.loaders.byKey(TeamDuty).load(id);
export const consultationById = (ctx: RequestContext, id: string): Promise<AdvisoryConsultation | null> => ctx.loaders.byKey(AdvisoryConsultation).load(id);
export const trainingSessionById = (ctx: RequestContext, id: string): Promise<TrainingSession | null> => ctx.loaders.byKey(TrainingSession).load(id);
export const agreementById = (ctx: RequestContext, id: string): Promise<CompetitionAgreement | null> => ctx.loaders.byKey(CompetitionAgreement).load(id);
export const testMapSiteById = (ctx: RequestContext, id: string): Promise<TestMapSite | null> => ctx.loaders.byKey(TestMapSite).load(id);
