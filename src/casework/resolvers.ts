// Every resolver class of the casework subgraph.
import type { NonEmptyArray } from 'type-graphql';
import { declarePermission, Public } from '../common/permissions';
import {
  InstitutionAggregatesResolver,
  NetworkAggregatesResolver,
  PartnershipAggregatesResolver,
  VoivodeshipAggregatesResolver,
} from './aggregates/aggregate.resolver';
import { ReintegrationPathResolver } from './aggregates/paths.resolver';
import { SocialContractResolver } from './contracts/contract.resolver';
import { EpisodeResolver } from './episodes/episode.resolver';
import { ImportResolver } from './import/import.resolver';
import { IpzsResolver } from './ipzs/ipzs.resolver';
import { MonitoringResolver } from './monitoring/monitoring.resolver';
import { ParticipantResolver } from './participants/participant.resolver';
import { PrivacyReportResolver } from './privacy-report/privacy-report.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const caseworkResolvers: NonEmptyArray<Function> = [
  ParticipantResolver,
  EpisodeResolver,
  IpzsResolver,
  SocialContractResolver,
  MonitoringResolver,
  ImportResolver,
  InstitutionAggregatesResolver,
  PartnershipAggregatesResolver,
  NetworkAggregatesResolver,
  VoivodeshipAggregatesResolver,
  ReintegrationPathResolver,
  PrivacyReportResolver,
];

// aggregates/ is being rewritten into statistical releases by another change; until its resolvers
// carry their own `@Public()` (and then these lines go), their permissions are declared here.
// Counts are disclosure-controlled for everyone (exact only for the institution's own staff).
for (const [resolver, method] of [
  [InstitutionAggregatesResolver, 'participantsServed'],
  [InstitutionAggregatesResolver, 'sharedParticipantsWith'],
  [InstitutionAggregatesResolver, 'overdueMonitoringContacts'],
  [PartnershipAggregatesResolver, 'sharedParticipants'],
  [NetworkAggregatesResolver, 'sharedParticipants'],
  [VoivodeshipAggregatesResolver, 'participantsServed'],
  [VoivodeshipAggregatesResolver, 'overdueMonitoringContacts'],
  [ReintegrationPathResolver, 'reintegrationPaths'],
] as const) {
  declarePermission(resolver, method, Public());
}
