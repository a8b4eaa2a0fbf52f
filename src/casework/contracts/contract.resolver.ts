import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { CaseworkContext } from '../context';
import { SocialContract } from './contract.entities';
import { CreateSocialContractInput } from './contract.inputs';
import * as contracts from './contract.service';
import { StaffOnly } from '../access/personal';
import { Transaction } from '../../common/transaction';

@Resolver(() => SocialContract)
export class SocialContractResolver {
  @Mutation(() => SocialContract, { description: 'Record a social contract of one of your participants.' })
  @StaffOnly()
  @Transaction()
  createSocialContract(@Ctx() ctx: CaseworkContext, @Arg('input', () => CreateSocialContractInput) input: CreateSocialContractInput) {
    return contracts.createSocialContract(ctx, input);
  }
}
