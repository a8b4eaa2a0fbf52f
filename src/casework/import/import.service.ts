// Bulk import of participants and their episodes: every line validated first; each record applied
// whole or not at all (a savepoint per record); idempotent on re-run through natural keys
// (pseudonym + institution; an episode's external reference, else participant + kind + start).
// Re-importing a person also moves their pseudonym to the current key version (re-key on touch).
import type { EntityManager } from '@mikro-orm/postgresql';
import { asInstitution } from '../access/personal';
import type { CaseworkContext } from '../context';
import { ServiceEpisode } from '../episodes/episode.entities';
import { Participant } from '../participants/participant.entities';
import { findByPesel } from '../participants/participant.service';
import { parseImportLine, type ImportProblem, type ImportRecord } from './import-record';

interface ImportChanges {
  participantsCreated: number;
  participantsUpdated: number;
  participantsUnchanged: number;
  episodesCreated: number;
  episodesUpdated: number;
  episodesUnchanged: number;
}

export interface ImportReport {
  /** Non-blank lines read. */
  lines: number;
  accepted: number;
  rejected: number;
  /** Every problem of every rejected line, by line. */
  problems: ImportProblem[];
  changes: ImportChanges;
}

export interface ImportLine {
  line: number;
  text: string;
}

/** Records per transaction (the import command; the mutation's records all go in its one); each record has its own savepoint inside it. */
const CHUNK = 200;

class Rejection extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

async function applyRecord(
  em: EntityManager,
  institutionId: string,
  ctx: CaseworkContext,
  record: ImportRecord,
  changes: ImportChanges,
): Promise<{ participantId: string; episodeIds: string[] }> {
  const current = ctx.linkage.forPesel(record.person.pesel).at(-1)!;
  let participant = await findByPesel(em, institutionId, ctx.linkage, record.person.pesel);
  if (!participant) {
    participant = em.create(Participant, {
      institutionId,
      pseudonym: current.value,
      keyVersion: current.version,
      birthYear: record.person.birthYear,
      sex: record.person.sex,
      residenceMunicipalityCode: record.residenceMunicipalityCode,
      categories: record.categories,
    });
    changes.participantsCreated += 1;
  } else {
    const rekey = participant.keyVersion !== current.version;
    const changed =
      participant.residenceMunicipalityCode !== record.residenceMunicipalityCode || !sameList([...participant.categories].sort(), record.categories);
    if (rekey) Object.assign(participant, { keyVersion: current.version, pseudonym: current.value });
    if (changed) Object.assign(participant, { residenceMunicipalityCode: record.residenceMunicipalityCode, categories: record.categories });
    if (changed) changes.participantsUpdated += 1;
    else changes.participantsUnchanged += 1;
  }
  await em.flush();
  const episodeIds: string[] = [];
  for (const [i, e] of record.episodes.entries()) {
    const existing = e.externalRef
      ? await em.findOne(ServiceEpisode, { institutionId, externalRef: e.externalRef })
      : await em.findOne(ServiceEpisode, { participant: participant.id, kind: e.kind, startedOn: e.startedOn });
    if (existing && existing.participant.id !== participant.id) {
      throw new Rejection(`episodes[${i}].externalRef`, "is already the reference of another participant's episode");
    }
    if (!existing) {
      const created = em.create(ServiceEpisode, { institutionId, participant, ...e });
      episodeIds.push(created.id);
      changes.episodesCreated += 1;
      continue;
    }
    episodeIds.push(existing.id);
    const changed =
      existing.kind !== e.kind || existing.startedOn !== e.startedOn || (existing.endedOn ?? null) !== e.endedOn || (existing.outcome ?? null) !== e.outcome;
    if (changed) {
      Object.assign(existing, { kind: e.kind, startedOn: e.startedOn, endedOn: e.endedOn, outcome: e.outcome });
      changes.episodesUpdated += 1;
    } else changes.episodesUnchanged += 1;
  }
  await em.flush();
  return { participantId: participant.id, episodeIds };
}

/** Imports lines as the caller's institution (staff only); returns the report. */
export async function importLines(ctx: CaseworkContext, lines: readonly ImportLine[]): Promise<ImportReport> {
  const problems: ImportProblem[] = [];
  const records: ImportRecord[] = [];
  for (const { line, text } of lines) {
    const parsed = parseImportLine(text, line);
    problems.push(...parsed.problems);
    if (parsed.record) records.push(parsed.record);
  }
  const changes: ImportChanges = {
    participantsCreated: 0,
    participantsUpdated: 0,
    participantsUnchanged: 0,
    episodesCreated: 0,
    episodesUpdated: 0,
    episodesUnchanged: 0,
  };
  let accepted = 0;
  for (let i = 0; i < records.length; i += CHUNK) {
    await asInstitution(ctx, async (scope) => {
      const participantIds: string[] = [];
      const episodeIds: string[] = [];
      for (const record of records.slice(i, i + CHUNK)) {
        const counted = { ...changes };
        try {
          const applied = await scope.em.transactional((em) => applyRecord(em, scope.institutionId, ctx, record, counted));
          Object.assign(changes, counted);
          participantIds.push(applied.participantId);
          episodeIds.push(...applied.episodeIds);
          accepted += 1;
        } catch (e) {
          // A database refusal may quote values in its detail: the report says only that it refused.
          const [field, reason] = e instanceof Rejection ? [e.field, e.reason] : ['(record)', 'was refused by the database (a constraint failed)'];
          problems.push({ line: record.line, field, reason });
        }
      }
      scope.audit('IMPORT', 'participant', participantIds);
      scope.audit('IMPORT', 'service_episode', episodeIds);
    });
  }
  problems.sort((a, b) => a.line - b.line);
  const rejectedLines = new Set(problems.map((p) => p.line));
  return { lines: lines.length, accepted, rejected: rejectedLines.size, problems, changes };
}

/** Splits a file's text into numbered non-blank lines. */
export function numberedLines(text: string): ImportLine[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t }))
    .filter((l) => l.text.trim() !== '');
}
