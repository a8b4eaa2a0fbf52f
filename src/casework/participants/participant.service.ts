// Participants: reads and writes of the caller's own institution's records (through the gate in
// access/personal.ts), lookup by PESEL under every active key, and the linked-institutions view.
import { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pageSize, toConnection, type ConnectionShape } from '../../common/connection';
import { todayInPoland } from '../../common/dates';
import { describeConstraints } from '../../common/constraints';
import { badInput, notFound, staleVersion } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { nestedPages } from '../../common/nested-pages';
import { textArraySql } from '../../common/text';
import { asInstitution, personalLoader, personalWrite, type InstitutionScope } from '../access/personal';
import type { CaseworkContext } from '../context';
import { institutionRef, type InstitutionRef } from '../federation/registry-types';
import type { Linkage } from '../linkage/keys';
import { PESEL_RULE, readPesel, type PeselFacts } from '../linkage/pesel';
import { Participant } from './participant.entities';
import type { ParticipantFilter, RegisterParticipantInput, UpdateParticipantInput } from './participant.inputs';

/** Reads a PESEL argument; a bad one is refused without repeating it. */
function requirePesel(value: string, field: string): PeselFacts {
  const facts = readPesel(value);
  if (!facts) throw badInput(field, PESEL_RULE);
  return facts;
}

/** The institution's participant with this PESEL (under any active key version), if any. */
export function findByPesel(em: EntityManager, institutionId: string, linkage: Linkage, pesel: string): Promise<Participant | null> {
  const pseudonyms = linkage.forPesel(pesel);
  return em.findOne(Participant, { institutionId, $or: pseudonyms.map((p) => ({ keyVersion: p.version, pseudonym: p.value })) });
}

/** The same lookup inside a scope: audited (LOOKUP_BY_PESEL), whether it finds someone or not. */
function scopedByPesel(scope: InstitutionScope, linkage: Linkage, pesel: string): Promise<Participant | null> {
  return scope.findOne(Participant, { $or: linkage.forPesel(pesel).map((p) => ({ keyVersion: p.version, pseudonym: p.value })) }, 'LOOKUP_BY_PESEL');
}

/** One of the scope's participants; another institution's answers exactly like a missing id. */
export async function requireOwnParticipant(scope: InstitutionScope, id: string, field: string): Promise<Participant> {
  const found = isUuid(id) ? await scope.findOne(Participant, { id }) : null;
  if (!found) throw notFound('participant', id, field);
  return found;
}

export function participantById(ctx: CaseworkContext, id: string): Promise<Participant | null> {
  return personalLoader<string, Participant | null>(ctx, 'participant', undefined, async (scope, ids) => {
    const valid = ids.filter(isUuid);
    const rows = await scope.find(Participant, { id: { $in: valid } });
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }).load(id);
}

export async function listParticipants(
  ctx: CaseworkContext,
  filter: ParticipantFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ConnectionShape<Participant>> {
  const size = pageSize(first);
  return asInstitution(ctx, async (scope) => {
    const [page] = await nestedPages(scope.em, ['all'], {
      keyLength: 1,
      first: size,
      after,
      base: (knex) => {
        // Ids are time-ordered (v7): newest registrations last.
        const qb = knex('participant as p')
          .select(knex.raw("'all' as parent"), 'p.id', knex.raw('p.id::text as k0'))
          .where('p.institution_id', scope.institutionId);
        if (filter?.categories?.length) qb.whereRaw(`p.categories && ${textArraySql(filter.categories)}`, filter.categories);
        if (filter?.synthetic != null) qb.where('p.synthetic', filter.synthetic);
        if (filter?.openEpisodeKind) {
          qb.whereExists(
            knex('service_episode as e')
              .select(knex.raw('1'))
              .whereRaw('e.participant_id = p.id')
              .where('e.kind', filter.openEpisodeKind)
              .whereNull('e.ended_on'),
          );
        }
        return qb;
      },
    });
    const rows = await scope.find(Participant, { id: { $in: page.items } });
    const items = page.items.map((id) => rows.find((r) => r.id === id)).filter((r): r is Participant => r !== undefined);
    return toConnection({ ...page, items });
  });
}

export async function participantByPesel(ctx: CaseworkContext, pesel: string): Promise<Participant | null> {
  const facts = requirePesel(pesel, 'pesel');
  return asInstitution(ctx, async (scope) => {
    return scopedByPesel(scope, ctx.linkage, facts.pesel);
  });
}

describeConstraints({
  // Concurrent registrations of one person at one institution (the check below cannot see a twin not yet committed).
  participant_institution_id_key_version_pseudonym_unique: { field: 'input.pesel', message: 'this person is already registered at your institution' },
});

export async function registerParticipant(ctx: CaseworkContext, input: RegisterParticipantInput): Promise<Participant> {
  const facts = requirePesel(input.pesel, 'input.pesel');
  return personalWrite(ctx, async (scope) => {
    const existing = await scopedByPesel(scope, ctx.linkage, facts.pesel);
    if (existing) {
      throw new GraphQLError('input.pesel: this person is already registered at your institution', {
        extensions: { code: 'CONFLICT', field: 'input.pesel', participantId: existing.id },
      });
    }
    const current = ctx.linkage.forPesel(facts.pesel).at(-1)!;
    const participant = scope.create(Participant, {
      institutionId: scope.institutionId,
      pseudonym: current.value,
      keyVersion: current.version,
      birthYear: facts.birthYear,
      sex: facts.sex,
      residenceMunicipalityCode: input.residenceMunicipalityCode ?? null,
      categories: [...input.categories].sort(),
    });
    await scope.em.flush();
    return participant;
  });
}

export async function updateParticipant(ctx: CaseworkContext, input: UpdateParticipantInput): Promise<Participant> {
  return personalWrite(ctx, async (scope) => {
    const participant = await requireOwnParticipant(scope, input.id, 'input.id');
    if (participant.version !== input.version) throw staleVersion('participant', input.version, participant.version);
    scope.update(participant, {
      ...(input.residenceMunicipalityCode !== undefined ? { residenceMunicipalityCode: input.residenceMunicipalityCode } : {}),
      ...(input.categories != null ? { categories: [...input.categories].sort() } : {}),
    });
    await scope.em.flush();
    return participant;
  });
}

/**
 * Institutions that serve the same person, limited to those with an ACTIVE data-sharing
 * partnership with the caller's institution (reference copy). The rule is enforced inside the
 * database function; the view is audited.
 */
export async function alsoServedBy(ctx: CaseworkContext, participantId: string): Promise<InstitutionRef[]> {
  return asInstitution(ctx, async (scope) => {
    const rows = await scope.execute<{ institution_id: string }[]>(
      'select institution_id from casework_linked_institutions(?, ?::date)',
      [participantId, todayInPoland()],
      {
        operation: 'VIEW_LINKED_INSTITUTIONS',
        recordType: 'participant',
        recordIds: [participantId],
      },
    );
    return rows.map((r) => institutionRef(r.institution_id));
  });
}
