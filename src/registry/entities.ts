// Every entity of the registry database, for the ORM and its migrations.
import { Grant, FundingSource, Programme } from './funding/funding.entities';
import { Institution } from './institutions/institution.entities';
import { Partnership, PartnershipParty } from './cooperation/partnership.entities';
import { Meeting, MeetingAttendance, Membership, Network } from './networks/network.entities';
import { County, Municipality, Voivodeship } from './places/place.entities';
import { AdvisoryConsultation, AdvisoryDuty, AnimationTeam, AnimationTeamRole, TeamDuty, TeamMeeting, TrainingSession } from './programme/animation.entities';
import { CompetitionAgreement, CompetitionCall, CompetitionOffer, TestMapSite } from './programme/competition.entities';
import { WidgetKey } from './widgets/widget-key.entities';

export const registryEntities = [
  Voivodeship,
  County,
  Municipality,
  Institution,
  Partnership,
  PartnershipParty,
  Network,
  Membership,
  Meeting,
  MeetingAttendance,
  Programme,
  Grant,
  FundingSource,
  WidgetKey,
  AnimationTeam,
  AnimationTeamRole,
  TeamDuty,
  TeamMeeting,
  AdvisoryDuty,
  AdvisoryConsultation,
  TrainingSession,
  CompetitionCall,
  CompetitionOffer,
  CompetitionAgreement,
  TestMapSite,
];
