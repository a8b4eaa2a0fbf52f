// Every entity of the casework database, for the ORM and its migrations.
import { AuditEvent } from './access/audit.entities';
import { SocialContract } from './contracts/contract.entities';
import { ServiceEpisode } from './episodes/episode.entities';
import { Ipzs, IpzsDiagnosis, IpzsPlannedService, IpzsRecord } from './ipzs/ipzs.entities';
import { MonitoringContact } from './monitoring/contact.entities';
import { Participant } from './participants/participant.entities';
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
