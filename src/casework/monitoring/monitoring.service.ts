// Graduate monitoring of the caller's participants: contacts, and each graduate's schedule.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { todayInPoland } from '../../common/dates';
import { badInput, conflict } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { personalLoader, personalWrite } from '../access/personal';
import type { CaseworkContext } from '../context';
import { isGraduation } from '../episodes/episode-kinds';
import type { ServiceEpisode } from '../episodes/episode.entities';
import { episodeById, episodesOf, requireOwnEpisode } from '../episodes/episode.service';
import { ContactSource, MonitoringContact } from './contact.entities';
import type { GraduateSchedule, RecordMonitoringContactInput } from './monitoring.inputs';
import { addMonths, DueStatus, MONITORING_MONTHS, monitoringSchedule } from './schedule';

export function contactsOf(ctx: CaseworkContext, participantId: string): Promise<MonitoringContact[]> {
  return personalLoader<string, MonitoringContact[]>(ctx, 'contactsOf', undefined, async (scope, ids) => {
    const rows = await scope.find(MonitoringContact, { participant: { $in: ids.filter(isUuid) } }, { orderBy: { contactedOn: 'asc', id: 'asc' } });
    return ids.map((id) => rows.filter((r) => r.participant.id === id));
  }).load(participantId);
}

function scheduleOf(episode: ServiceEpisode, contacts: MonitoringContact[], today: string): GraduateSchedule {
  const schedule = monitoringSchedule(
    episode.endedOn!,
    contacts.filter((c) => c.episode.id === episode.id).map((c) => c.contactedOn),
    today,
  );
  return {
    episode,
    completedOn: schedule.completedOn,
    monitoringEndsOn: schedule.monitoringEndsOn,
    dueContacts: schedule.due,
    overdueCount: schedule.due.filter((d) => d.status === DueStatus.OVERDUE).length,
  };
}

/** The schedules of a participant's completed programmes (oldest first). */
export async function schedulesOf(ctx: CaseworkContext, participantId: string): Promise<GraduateSchedule[]> {
  const [episodes, contacts] = await Promise.all([episodesOf(ctx, participantId), contactsOf(ctx, participantId)]);
  const today = todayInPoland();
  return episodes.filter((e) => isGraduation(e.kind, e.endedOn, e.outcome)).map((e) => scheduleOf(e, contacts, today));
}

/** The schedule of one completed programme of the caller's institution; null otherwise. */
export async function graduateSchedule(ctx: CaseworkContext, episodeId: string): Promise<GraduateSchedule | null> {
  const episode = await episodeById(ctx, episodeId);
  if (!episode || !isGraduation(episode.kind, episode.endedOn, episode.outcome)) return null;
  return scheduleOf(episode, await contactsOf(ctx, episode.participant.id), todayInPoland());
}

export async function recordMonitoringContact(ctx: CaseworkContext, input: RecordMonitoringContactInput): Promise<MonitoringContact> {
  return personalWrite(ctx, async (scope) => {
    const episode = await requireOwnEpisode(scope, input.episodeId, 'input.episodeId');
    if (input.source === ContactSource.CENTRE && input.sourceInstitutionId) {
      throw badInput('input.sourceInstitutionId', 'is only for contacts made by a cooperating OPS, PUP or GKRPA');
    }
    if (!isGraduation(episode.kind, episode.endedOn, episode.outcome)) {
      throw badInput('input.episodeId', 'is not a completed CIS programme or club activities (only graduates are monitored)');
    }
    const ends = addMonths(episode.endedOn!, MONITORING_MONTHS);
    if (input.contactedOn <= episode.endedOn! || input.contactedOn > ends) {
      throw badInput('input.contactedOn', `must be after completion (${episode.endedOn}) and on or before the end of monitoring (${ends})`);
    }
    const contact = scope.create(MonitoringContact, {
      institutionId: scope.institutionId,
      participant: episode.participant,
      episode,
      contactedOn: input.contactedOn,
      source: input.source,
      sourceInstitutionId: input.sourceInstitutionId ?? null,
      employmentStatus: input.employmentStatus,
      note: input.note ?? null,
    });
    try {
      await scope.em.flush();
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw conflict('input.contactedOn', 'a contact from this source on this day is already recorded');
      throw e;
    }
    return contact;
  });
}
