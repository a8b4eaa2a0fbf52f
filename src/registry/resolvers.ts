// Every resolver class of the registry subgraph.
import type { NonEmptyArray } from 'type-graphql';
import { analyticsResolvers } from './analytics/analytics.resolver';
import { InstitutionCooperationResolver, PartnershipPartyResolver, PartnershipResolver } from './cooperation/partnership.resolver';
import { GrantResolver, InstitutionFundingResolver, ProgrammeResolver } from './funding/funding.resolver';
import { InstitutionResolver, VoivodeshipCountsResolver } from './institutions/institution.resolver';
import { InstitutionNetworksResolver, MeetingResolver, MembershipResolver, NetworkResolver, VoivodeshipNetworksResolver } from './networks/network.resolver';
import { CountyResolver, MunicipalityResolver, VoivodeshipResolver } from './places/place.resolver';
import { historyResolvers } from './history/history.resolver';
import { programmeResolvers } from './programme/programme.resolver';
import { WidgetKeyResolver } from './widgets/widget-key.resolver';
import { NodeResolver } from './node/node.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const registryResolvers: NonEmptyArray<Function> = [
  VoivodeshipResolver,
  CountyResolver,
  MunicipalityResolver,
  VoivodeshipCountsResolver,
  InstitutionResolver,
  InstitutionCooperationResolver,
  InstitutionNetworksResolver,
  InstitutionFundingResolver,
  PartnershipResolver,
  PartnershipPartyResolver,
  NetworkResolver,
  MembershipResolver,
  MeetingResolver,
  VoivodeshipNetworksResolver,
  ProgrammeResolver,
  GrantResolver,
  ...analyticsResolvers,
  ...historyResolvers,
  ...programmeResolvers,
  WidgetKeyResolver,
  NodeResolver,
];
