// Service episodes of the caller's participants: lists per participant, opening and closing.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { badInput, conflict, notFound, staleVersion } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { personalLoader, personalWrite, type InstitutionScope } from '../access/personal';
import type { CaseworkContext } from '../context';
import { requireOwnParticipant } from '../participants/participant.service';
import type { EpisodeOutcome } from './episode-kinds';
import { ServiceEpisode } from './episode.entities';
import type { CloseEpisodeInput, OpenEpisodeInput } from './episode.inputs';

/** The rules of an episode's dates and outcome; the first broken one as [field, reason]. */
export function episodeProblem(startedOn: string, endedOn: string | null | undefined, outcome: EpisodeOutcome | null | undefined): [string, string] | null {
  if (endedOn && endedOn < startedOn) return ['endedOn', `must not be before startedOn (${startedOn})`];
  if (endedOn && !outcome) return ['outcome', 'is required when endedOn is given'];
  if (outcome && !endedOn) return ['endedOn', 'is required when outcome is given'];
  return null;
}

export function episodesOf(ctx: CaseworkContext, participantId: string): Promise<ServiceEpisode[]> {
  return personalLoader<string, ServiceEpisode[]>(ctx, 'episodesOf', undefined, async (scope, ids) => {
    const rows = await scope.find(ServiceEpisode, { participant: { $in: ids.filter(isUuid) } }, { orderBy: { startedOn: 'asc', id: 'asc' } });
    return ids.map((id) => rows.filter((r) => r.participant.id === id));
  }).load(participantId);
}

export function episodeById(ctx: CaseworkContext, id: string): Promise<ServiceEpisode | null> {
  return personalLoader<string, ServiceEpisode | null>(ctx, 'episode', undefined, async (scope, ids) => {
    const valid = ids.filter(isUuid);
    const rows = await scope.find(ServiceEpisode, { id: { $in: valid } });
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }).load(id);
}

export async function requireOwnEpisode(scope: InstitutionScope, id: string, field: string): Promise<ServiceEpisode> {
  const found = isUuid(id) ? await scope.findOne(ServiceEpisode, { id }) : null;
  if (!found) throw notFound('episode', id, field);
  return found;
}

async function flushEpisode(scope: InstitutionScope): Promise<void> {
  try {
    await scope.em.flush();
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException) {
      const field = /external_ref/.test(e.message) ? 'input.externalRef' : 'input.startedOn';
      throw conflict(
        field,
        field === 'input.externalRef'
          ? 'another episode of your institution has this reference'
          : 'the participant already has an episode of this kind starting that day',
      );
    }
    throw e;
  }
}

export async function openEpisode(ctx: CaseworkContext, input: OpenEpisodeInput): Promise<ServiceEpisode> {
  const problem = episodeProblem(input.startedOn, input.endedOn, input.outcome);
  if (problem) throw badInput(`input.${problem[0]}`, problem[1]);
  return personalWrite(ctx, async (scope) => {
    const participant = await requireOwnParticipant(scope, input.participantId, 'input.participantId');
    const episode = scope.create(ServiceEpisode, {
      institutionId: scope.institutionId,
      participant,
      kind: input.kind,
      startedOn: input.startedOn,
      endedOn: input.endedOn ?? null,
      outcome: input.outcome ?? null,
      externalRef: input.externalRef ?? null,
    });
    await flushEpisode(scope);
    return episode;
  });
}

export async function closeEpisode(ctx: CaseworkContext, input: CloseEpisodeInput): Promise<ServiceEpisode> {
  return personalWrite(ctx, async (scope) => {
    const episode = await requireOwnEpisode(scope, input.id, 'input.id');
    if (episode.version !== input.version) throw staleVersion('episode', input.version, episode.version);
    if (episode.endedOn) throw conflict('input.id', `the episode already ended on ${episode.endedOn}`);
    const problem = episodeProblem(episode.startedOn, input.endedOn, input.outcome);
    if (problem) throw badInput(`input.${problem[0]}`, problem[1]);
    scope.update(episode, { endedOn: input.endedOn, outcome: input.outcome });
    await flushEpisode(scope);
    return episode;
  });
}
