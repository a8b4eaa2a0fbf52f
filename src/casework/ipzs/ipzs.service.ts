// IPZS of the caller's participants: the programme with its diagnoses, goals and planned
// services, and its monitoring events and evaluations.
import { badInput, notFound } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { personalLoader, personalWrite } from '../access/personal';
import type { CaseworkContext } from '../context';
import { requireOwnEpisode } from '../episodes/episode.service';
import { requireOwnParticipant } from '../participants/participant.service';
import { Ipzs, IpzsDiagnosis, IpzsPlannedService, IpzsRecord } from './ipzs.entities';
import type { AddIpzsRecordInput, CreateIpzsInput } from './ipzs.inputs';

export function ipzsOf(ctx: CaseworkContext, participantId: string): Promise<Ipzs[]> {
  return personalLoader<string, Ipzs[]>(ctx, 'ipzsOf', undefined, async (scope, ids) => {
    const rows = await scope.find(Ipzs, { participant: { $in: ids.filter(isUuid) } }, { orderBy: { drawnUpOn: 'asc', id: 'asc' } });
    return ids.map((id) => rows.filter((r) => r.participant.id === id));
  }).load(participantId);
}

export function recordsOf(ctx: CaseworkContext, ipzsId: string): Promise<IpzsRecord[]> {
  return personalLoader<string, IpzsRecord[]>(ctx, 'ipzsRecords', undefined, async (scope, ids) => {
    const rows = await scope.find(IpzsRecord, { ipzs: { $in: ids.filter(isUuid) } }, { orderBy: { recordedOn: 'asc', id: 'asc' } });
    return ids.map((id) => rows.filter((r) => r.ipzs.id === id));
  }).load(ipzsId);
}

export async function createIpzs(ctx: CaseworkContext, input: CreateIpzsInput): Promise<Ipzs> {
  return personalWrite(ctx, async (scope) => {
    const participant = await requireOwnParticipant(scope, input.participantId, 'input.participantId');
    const episode = input.episodeId ? await requireOwnEpisode(scope, input.episodeId, 'input.episodeId') : null;
    if (episode && episode.participant.id !== participant.id) throw badInput('input.episodeId', 'is not an episode of this participant');
    const ipzs = scope.create(Ipzs, {
      institutionId: scope.institutionId,
      participant,
      episode,
      drawnUpOn: input.drawnUpOn,
      goals: input.goals,
      diagnoses: input.diagnoses.map((d) => Object.assign(new IpzsDiagnosis(), { by: d.by, madeOn: d.madeOn, summary: d.summary })),
      plannedServices: input.plannedServices.map((s) => Object.assign(new IpzsPlannedService(), { area: s.area, description: s.description })),
    });
    await scope.em.flush();
    return ipzs;
  });
}

export async function addIpzsRecord(ctx: CaseworkContext, input: AddIpzsRecordInput): Promise<IpzsRecord> {
  return personalWrite(ctx, async (scope) => {
    const ipzs = isUuid(input.ipzsId) ? await scope.findOne(Ipzs, { id: input.ipzsId }) : null;
    if (!ipzs) throw notFound('IPZS', input.ipzsId, 'input.ipzsId');
    if (input.recordedOn < ipzs.drawnUpOn) throw badInput('input.recordedOn', `must not be before the IPZS was drawn up (${ipzs.drawnUpOn})`);
    const record = scope.create(IpzsRecord, { institutionId: scope.institutionId, ipzs, kind: input.kind, recordedOn: input.recordedOn, note: input.note });
    await scope.em.flush();
    return record;
  });
}
