// Social contracts of the caller's participants.
import { badInput } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { personalLoader, personalWrite } from '../access/personal';
import type { CaseworkContext } from '../context';
import { requireOwnParticipant } from '../participants/participant.service';
import { SocialContract } from './contract.entities';
import type { CreateSocialContractInput } from './contract.inputs';

export function contractsOf(ctx: CaseworkContext, participantId: string): Promise<SocialContract[]> {
  return personalLoader<string, SocialContract[]>(ctx, 'contractsOf', undefined, async (scope, ids) => {
    const rows = await scope.find(SocialContract, { participant: { $in: ids.filter(isUuid) } }, { orderBy: { signedOn: 'asc', id: 'asc' } });
    return ids.map((id) => rows.filter((r) => r.participant.id === id));
  }).load(participantId);
}

export async function createSocialContract(ctx: CaseworkContext, input: CreateSocialContractInput): Promise<SocialContract> {
  if (input.endsOn && input.endsOn < input.signedOn) throw badInput('input.endsOn', `must not be before signedOn (${input.signedOn})`);
  return personalWrite(ctx, async (scope) => {
    const participant = await requireOwnParticipant(scope, input.participantId, 'input.participantId');
    const contract = scope.create(SocialContract, {
      institutionId: scope.institutionId,
      participant,
      signedOn: input.signedOn,
      endsOn: input.endsOn ?? null,
      instruments: [...input.instruments].sort(),
    });
    await scope.em.flush();
    return contract;
  });
}
