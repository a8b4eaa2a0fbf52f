// The programme's machinery in the graph: voivodeship → its ZRAR → the meetings it organised →
// their networks; OSAR's advisory duty; the competition → its agreements → founder, club, grant;
// the test map. Public: programme records, no person.
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../common/context';
import { Public } from '../../common/permissions';
import { Grant, Programme } from '../funding/funding.entities';
import { programmeById } from '../funding/funding.service';
import { RecordSource } from '../history/history.types';
import { sourceOf } from '../history/history.service';
import { Institution } from '../institutions/institution.entities';
import { institutionById } from '../institutions/institution.service';
import { Meeting } from '../networks/network.entities';
import { Municipality, Voivodeship } from '../places/place.entities';
import { municipalityByCode, voivodeshipByCode } from '../places/place.service';
import { AdvisoryConsultation, AdvisoryDuty, AnimationTeam, AnimationTeamRole, ConsultationTopic, TeamDuty, TrainingSession } from './animation.entities';
import { CompetitionAgreement, CompetitionCall, CompetitionOffer, OfferStatus, TestMapSite } from './competition.entities';
import * as programme from './programme.service';

const source = (ctx: RequestContext, r: { id: string; synthetic?: boolean }): Promise<RecordSource> => sourceOf(ctx, r.id, r.synthetic === true);

@Resolver(() => AnimationTeam)
class AnimationTeamResolver {
  @Query(() => [AnimationTeam], { description: 'The regional animation teams (ZRAR) of the KSR test, by voivodeship.' })
  @Public()
  animationTeams(@Ctx() ctx: RequestContext): Promise<AnimationTeam[]> {
    return programme.animationTeams(ctx);
  }

  @FieldResolver(() => Voivodeship)
  voivodeship(@Ctx() ctx: RequestContext, @Root() t: AnimationTeam): Promise<Voivodeship | null> {
    return voivodeshipByCode(ctx, t.voivodeship.code);
  }

  @FieldResolver(() => [AnimationTeamRole], { description: 'Its animators counted by role (no animator is named).' })
  animatorRoles(@Ctx() ctx: RequestContext, @Root() t: AnimationTeam): Promise<AnimationTeamRole[]> {
    return programme.rolesOf(ctx, t.id);
  }

  @FieldResolver(() => Int, { description: 'New clubs created in its voivodeship under the competition (the number its size depended on).' })
  newClubCount(@Ctx() ctx: RequestContext, @Root() t: AnimationTeam): Promise<number> {
    return programme.newClubCount(ctx, t.voivodeship.code);
  }

  @FieldResolver(() => [TeamDuty], { description: 'Its duties, by start date.' })
  duties(@Ctx() ctx: RequestContext, @Root() t: AnimationTeam): Promise<TeamDuty[]> {
    return programme.dutiesOf(ctx, t.id);
  }

  @FieldResolver(() => [Meeting], { description: 'The networks’ meetings it organised, by date.' })
  meetings(@Ctx() ctx: RequestContext, @Root() t: AnimationTeam): Promise<Meeting[]> {
    return programme.meetingsOrganisedBy(ctx, t.id);
  }

  @FieldResolver(() => [AdvisoryConsultation], { description: 'OSAR’s consultations for it, by date.' })
  consultations(
    @Ctx() ctx: RequestContext,
    @Root() t: AnimationTeam,
    @Arg('topic', () => ConsultationTopic, { nullable: true }) topic?: ConsultationTopic | null,
  ): Promise<AdvisoryConsultation[]> {
    return programme.consultationsOf(ctx, { team: t.id }, topic);
  }

  @FieldResolver(() => RecordSource, { description: "Where the record's facts come from." })
  source(@Ctx() ctx: RequestContext, @Root() t: AnimationTeam): Promise<RecordSource> {
    return source(ctx, t);
  }
}

@Resolver(() => TeamDuty)
class TeamDutyResolver {
  @FieldResolver(() => RecordSource, { description: "Where the record's facts come from." })
  source(@Ctx() ctx: RequestContext, @Root() d: TeamDuty): Promise<RecordSource> {
    return source(ctx, d);
  }
}

@Resolver(() => Voivodeship)
class VoivodeshipProgrammeResolver {
  @FieldResolver(() => AnimationTeam, { nullable: true, description: 'Its regional animation team (ZRAR), in a pilot voivodeship.' })
  animationTeam(@Ctx() ctx: RequestContext, @Root() v: Voivodeship): Promise<AnimationTeam | null> {
    return programme.animationTeamOf(ctx, v.code);
  }

  @FieldResolver(() => [TestMapSite], { description: 'Its places on the test map (where new clubs could be created).' })
  testMap(@Ctx() ctx: RequestContext, @Root() v: Voivodeship): Promise<TestMapSite[]> {
    return programme.testMapOf(ctx, v.code);
  }
}

@Resolver(() => Meeting)
class MeetingOrganiserResolver {
  @FieldResolver(() => AnimationTeam, { nullable: true, description: 'The regional animation team that organised it, if one did.' })
  organisedBy(@Ctx() ctx: RequestContext, @Root() m: Meeting): Promise<AnimationTeam | null> {
    return programme.organiserOf(ctx, m.id);
  }
}

@Resolver(() => AdvisoryDuty)
class AdvisoryDutyResolver {
  @Query(() => [AdvisoryDuty], { description: 'Advisory duties for the animators (OSAR, the test’s coordinator).' })
  @Public()
  advisoryDuties(@Ctx() ctx: RequestContext): Promise<AdvisoryDuty[]> {
    return programme.advisoryDuties(ctx);
  }

  @FieldResolver(() => Institution, { nullable: true, description: 'Who ran it (OSAR).' })
  coordinator(@Ctx() ctx: RequestContext, @Root() d: AdvisoryDuty): Promise<Institution | null> {
    return institutionById(ctx, d.coordinator.id);
  }

  @FieldResolver(() => [AdvisoryConsultation], { description: 'Its consultations, by date.' })
  consultations(
    @Ctx() ctx: RequestContext,
    @Root() d: AdvisoryDuty,
    @Arg('topic', () => ConsultationTopic, { nullable: true }) topic?: ConsultationTopic | null,
  ): Promise<AdvisoryConsultation[]> {
    return programme.consultationsOf(ctx, { duty: d.id }, topic);
  }

  @FieldResolver(() => [TrainingSession], { description: 'The training cycle for the animators, in order.' })
  trainingCycle(@Ctx() ctx: RequestContext, @Root() d: AdvisoryDuty): Promise<TrainingSession[]> {
    return programme.trainingCycleOf(ctx, d.id);
  }

  @FieldResolver(() => RecordSource, { description: "Where the record's facts come from." })
  source(@Ctx() ctx: RequestContext, @Root() d: AdvisoryDuty): Promise<RecordSource> {
    return source(ctx, d);
  }
}

@Resolver(() => AdvisoryConsultation)
class AdvisoryConsultationResolver {
  @FieldResolver(() => AnimationTeam, { nullable: true })
  team(@Ctx() ctx: RequestContext, @Root() c: AdvisoryConsultation): Promise<AnimationTeam | null> {
    return programme.animationTeamById(ctx, c.team.id);
  }
}

@Resolver(() => CompetitionCall)
class CompetitionCallResolver {
  @Query(() => [CompetitionCall], { description: 'Open competitions of offers to create clubs.' })
  @Public()
  competitionCalls(@Ctx() ctx: RequestContext): Promise<CompetitionCall[]> {
    return programme.competitionCalls(ctx);
  }

  @Query(() => CompetitionCall, { nullable: true })
  @Public()
  competitionCall(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<CompetitionCall | null> {
    return programme.competitionCallById(ctx, id);
  }

  @FieldResolver(() => Institution, { nullable: true, description: 'Who announced it (the ministry).' })
  organiser(@Ctx() ctx: RequestContext, @Root() c: CompetitionCall): Promise<Institution | null> {
    return institutionById(ctx, c.organiser.id);
  }

  @FieldResolver(() => Programme, { nullable: true })
  programme(@Ctx() ctx: RequestContext, @Root() c: CompetitionCall): Promise<Programme | null> {
    return programmeById(ctx, c.programme.id);
  }

  @FieldResolver(() => [CompetitionOffer], { description: 'Its offers, by voivodeship.' })
  offers(
    @Ctx() ctx: RequestContext,
    @Root() c: CompetitionCall,
    @Arg('voivodeship', () => String, { nullable: true }) voivodeship?: string | null,
    @Arg('status', () => OfferStatus, { nullable: true }) status?: OfferStatus | null,
  ): Promise<CompetitionOffer[]> {
    return programme.offersOf(ctx, c.id, programme.voivodeshipArg(voivodeship), status);
  }

  @FieldResolver(() => [CompetitionAgreement], { description: 'The agreements signed, by voivodeship and number.' })
  agreements(
    @Ctx() ctx: RequestContext,
    @Root() c: CompetitionCall,
    @Arg('voivodeship', () => String, { nullable: true }) voivodeship?: string | null,
  ): Promise<CompetitionAgreement[]> {
    return programme.agreementsOf(ctx, c.id, programme.voivodeshipArg(voivodeship));
  }

  @FieldResolver(() => RecordSource, { description: "Where the record's facts come from." })
  source(@Ctx() ctx: RequestContext, @Root() c: CompetitionCall): Promise<RecordSource> {
    return source(ctx, { id: c.id });
  }
}

@Resolver(() => CompetitionOffer)
class CompetitionOfferResolver {
  @FieldResolver(() => Institution, { nullable: true })
  applicant(@Ctx() ctx: RequestContext, @Root() o: CompetitionOffer): Promise<Institution | null> {
    return institutionById(ctx, o.applicant.id);
  }

  @FieldResolver(() => Voivodeship)
  voivodeship(@Ctx() ctx: RequestContext, @Root() o: CompetitionOffer): Promise<Voivodeship | null> {
    return voivodeshipByCode(ctx, o.voivodeship.code);
  }

  @FieldResolver(() => Municipality, { nullable: true, description: 'Where the club was to be.' })
  municipality(@Ctx() ctx: RequestContext, @Root() o: CompetitionOffer): Promise<Municipality | null> {
    return municipalityByCode(ctx, o.municipality.code);
  }

  @FieldResolver(() => RecordSource, { description: "Where the record's facts come from." })
  source(@Ctx() ctx: RequestContext, @Root() o: CompetitionOffer): Promise<RecordSource> {
    return source(ctx, o);
  }
}

@Resolver(() => CompetitionAgreement)
class CompetitionAgreementResolver {
  @FieldResolver(() => Institution, { nullable: true, description: 'The founder that signed it.' })
  founder(@Ctx() ctx: RequestContext, @Root() a: CompetitionAgreement): Promise<Institution | null> {
    return institutionById(ctx, a.founder.id);
  }

  @FieldResolver(() => Institution, { nullable: true, description: 'The club it created.' })
  club(@Ctx() ctx: RequestContext, @Root() a: CompetitionAgreement): Promise<Institution | null> {
    return institutionById(ctx, a.club.id);
  }

  @FieldResolver(() => Grant, { nullable: true, description: 'The club-creation grant paid under it.' })
  grant(@Ctx() ctx: RequestContext, @Root() a: CompetitionAgreement): Promise<Grant | null> | null {
    return a.grant ? ctx.loaders.byKey(Grant).load(a.grant.id) : null;
  }

  @FieldResolver(() => CompetitionOffer, { nullable: true })
  offer(@Ctx() ctx: RequestContext, @Root() a: CompetitionAgreement): Promise<CompetitionOffer | null> {
    return programme.offerById(ctx, a.offer.id);
  }

  @FieldResolver(() => Voivodeship)
  voivodeship(@Ctx() ctx: RequestContext, @Root() a: CompetitionAgreement): Promise<Voivodeship | null> {
    return voivodeshipByCode(ctx, a.voivodeship.code);
  }

  @FieldResolver(() => RecordSource, { description: "Where the record's facts come from." })
  source(@Ctx() ctx: RequestContext, @Root() a: CompetitionAgreement): Promise<RecordSource> {
    return source(ctx, a);
  }
}

@Resolver(() => TestMapSite)
class TestMapSiteResolver {
  @Query(() => [TestMapSite], { description: 'The test map: places where new clubs could be created, in one voivodeship or all.' })
  @Public()
  testMap(@Ctx() ctx: RequestContext, @Arg('voivodeship', () => String, { nullable: true }) voivodeship?: string | null): Promise<TestMapSite[]> {
    return programme.testMapOf(ctx, programme.voivodeshipArg(voivodeship));
  }

  @FieldResolver(() => Voivodeship)
  voivodeship(@Ctx() ctx: RequestContext, @Root() s: TestMapSite): Promise<Voivodeship | null> {
    return voivodeshipByCode(ctx, s.voivodeship.code);
  }

  @FieldResolver(() => Municipality, { nullable: true })
  municipality(@Ctx() ctx: RequestContext, @Root() s: TestMapSite): Promise<Municipality | null> {
    return municipalityByCode(ctx, s.municipality.code);
  }

  @FieldResolver(() => Institution, { nullable: true, description: 'The organisation marked there, if any.' })
  organisation(@Ctx() ctx: RequestContext, @Root() s: TestMapSite): Promise<Institution | null> | null {
    return s.organisation ? institutionById(ctx, s.organisation.id) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether a club was created there (an agreement with its organisation for an offer in its municipality).' })
  clubCreated(@Ctx() ctx: RequestContext, @Root() s: TestMapSite): Promise<boolean> {
    return programme.clubCreatedAt(ctx, s);
  }

  @FieldResolver(() => RecordSource, { description: "Where the record's facts come from." })
  source(@Ctx() ctx: RequestContext, @Root() s: TestMapSite): Promise<RecordSource> {
    return source(ctx, s);
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const programmeResolvers: Function[] = [
  AnimationTeamResolver,
  TeamDutyResolver,
  VoivodeshipProgrammeResolver,
  MeetingOrganiserResolver,
  AdvisoryDutyResolver,
  AdvisoryConsultationResolver,
  CompetitionCallResolver,
  CompetitionOfferResolver,
  CompetitionAgreementResolver,
  TestMapSiteResolver,
];
