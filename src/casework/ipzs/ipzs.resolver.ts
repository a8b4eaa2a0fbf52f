import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { CaseworkContext } from '../context';
import { Ipzs, IpzsRecord } from './ipzs.entities';
import { AddIpzsRecordInput, CreateIpzsInput } from './ipzs.inputs';
import * as ipzs from './ipzs.service';
import { StaffOnly } from '../access/personal';
import { Transaction } from '../../common/transaction';

@Resolver(() => Ipzs)
export class IpzsResolver {
  @Mutation(() => Ipzs, { description: 'Draw up an IPZS for one of your participants.' })
  @StaffOnly()
  @Transaction()
  createIpzs(@Ctx() ctx: CaseworkContext, @Arg('input', () => CreateIpzsInput) input: CreateIpzsInput) {
    return ipzs.createIpzs(ctx, input);
  }

  @Mutation(() => IpzsRecord, { description: 'Record a monitoring event or an evaluation (entry, interim, exit) of an IPZS.' })
  @StaffOnly()
  @Transaction()
  addIpzsRecord(@Ctx() ctx: CaseworkContext, @Arg('input', () => AddIpzsRecordInput) input: AddIpzsRecordInput) {
    return ipzs.addIpzsRecord(ctx, input);
  }

  @FieldResolver(() => [IpzsRecord], { description: 'Monitoring events and evaluations, by date.' })
  @StaffOnly()
  records(@Ctx() ctx: CaseworkContext, @Root() i: Ipzs): Promise<IpzsRecord[]> {
    return ipzs.recordsOf(ctx, i.id);
  }
}
