// Every entity of the casework database, for the ORM and its migrations.
import { AuditEvent } from './access/audit.entity';
import { SocialContract } from './contracts/contract.entity';
import { ServiceEpisode } from './episodes/episode.entity';
import { Ipzs, IpzsDiagnosis, IpzsPlannedService, IpzsRecord } from './ipzs/ipzs.entities';
import { MonitoringContact } from './monitoring/contact.entity';
import { Participant } from './participants/participant.entity';
import { ReferenceInstitution, ReferenceMembership, ReferencePartnership, ReferenceRefresh } from './reference/reference.entities';

export const caseworkEntities = [
  Participant,
  ServiceEpisode,
  Ipzs,
  IpzsDiagnosis,
  IpzsPlannedService,
  IpzsRecord,
  SocialContract,
  MonitoringContact,
  AuditEvent,
  ReferenceInstitution,
  ReferenceMembership,
  ReferencePartnership,
  ReferenceRefresh,
];
