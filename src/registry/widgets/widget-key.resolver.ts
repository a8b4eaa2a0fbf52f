import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../common/auth';
import type { RequestContext } from '../../common/context';
import { Allow, SignedIn } from '../../common/permissions';
import { Transaction } from '../../common/transaction';
import { Network } from '../networks/network.entities';
import { networkById } from '../networks/network.service';
import { Voivodeship } from '../places/place.entities';
import { voivodeshipByCode } from '../places/place.service';
import { CreatedWidgetKey, WidgetKey } from './widget-key.entities';
import { CreateWidgetKeyInput } from './widget-key.inputs';
import * as keys from './widget-key.service';

@Resolver(() => WidgetKey)
export class WidgetKeyResolver {
  @Query(() => [WidgetKey], { description: 'Widget keys (an admin: all; a regional coordinator: those of their voivodeship), oldest first.' })
  @Allow([Role.ADMIN, Role.REGIONAL_COORDINATOR], 'only an admin or a regional coordinator may list widget keys')
  widgetKeys(@Ctx() ctx: RequestContext, @Arg('includeRevoked', () => Boolean, { defaultValue: false }) includeRevoked: boolean): Promise<WidgetKey[]> {
    return keys.listWidgetKeys(ctx, includeRevoked);
  }

  @Mutation(() => CreatedWidgetKey, {
    description: 'Create a widget key for a platform (an admin, or a regional coordinator within their voivodeship); the secret is in this answer only.',
  })
  @SignedIn()
  @Transaction()
  createWidgetKey(@Ctx() ctx: RequestContext, @Arg('input', () => CreateWidgetKeyInput) input: CreateWidgetKeyInput): Promise<CreatedWidgetKey> {
    return keys.createWidgetKey(ctx, input);
  }

  @Mutation(() => WidgetKey, { description: 'Revoke a widget key: widgets using it are refused from the next request on.' })
  @SignedIn()
  @Transaction()
  revokeWidgetKey(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<WidgetKey> {
    return keys.revokeWidgetKey(ctx, id);
  }

  @FieldResolver(() => Network, { nullable: true, description: 'Its scope, when a network.' })
  network(@Ctx() ctx: RequestContext, @Root() k: WidgetKey): Promise<Network | null> | null {
    return k.network ? networkById(ctx, k.network.id) : null;
  }

  @FieldResolver(() => Voivodeship, { nullable: true, description: 'Its scope, when a voivodeship.' })
  voivodeship(@Ctx() ctx: RequestContext, @Root() k: WidgetKey): Promise<Voivodeship | null> | null {
    return k.voivodeship ? voivodeshipByCode(ctx, k.voivodeship.code) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Not revoked.' })
  active(@Root() k: WidgetKey): boolean {
    return !k.revokedAt;
  }
}
