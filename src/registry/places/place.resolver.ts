import { Arg, Args, ArgsType, Ctx, Directive, Field, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../common/connection';
import type { RequestContext } from '../../common/context';
import { IsCountyCode, IsVoivodeshipCode } from '../../common/validation';
import { County, Municipality, MunicipalityKind, Voivodeship } from './place.entities';
import * as places from './place.service';
import { Public } from '../../common/permissions';

const MunicipalityConnection = Connection('Municipality', Municipality);

@ArgsType()
class MunicipalityArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'TERYT voivodeship code, e.g. "26".' })
  @IsVoivodeshipCode()
  voivodeship?: string | null;

  @Field(() => String, { nullable: true, description: 'TERYT county code, e.g. "2604".' })
  @IsCountyCode()
  county?: string | null;

  @Field(() => MunicipalityKind, { nullable: true })
  kind?: MunicipalityKind | null;

  @Field(() => String, { nullable: true, description: 'Part of the name, case-insensitive.' })
  name?: string | null;
}

@Resolver(() => Voivodeship)
export class VoivodeshipResolver {
  @Query(() => [Voivodeship], { description: 'The 16 voivodeships, by TERYT code.' })
  @Directive('@listSize(assumedSize: 16)')
  @Public()
  voivodeships(@Ctx() ctx: RequestContext): Promise<Voivodeship[]> {
    return places.allVoivodeships(ctx);
  }

  @Query(() => Voivodeship, { nullable: true })
  @Public()
  voivodeship(@Ctx() ctx: RequestContext, @Arg('code', () => ID) code: string): Promise<Voivodeship | null> {
    return places.voivodeshipByCode(ctx, code);
  }

  @FieldResolver(() => [County], { description: 'Counties and cities with county rights, by TERYT code.' })
  @Directive('@listSize(assumedSize: 40)')
  counties(@Ctx() ctx: RequestContext, @Root() v: Voivodeship): Promise<County[]> {
    return places.countiesOf(ctx, v.code);
  }
}

@Resolver(() => County)
export class CountyResolver {
  @Query(() => County, { nullable: true })
  @Public()
  county(@Ctx() ctx: RequestContext, @Arg('code', () => ID) code: string): Promise<County | null> {
    return places.countyByCode(ctx, code);
  }

  @FieldResolver(() => Voivodeship)
  async voivodeship(@Ctx() ctx: RequestContext, @Root() c: County): Promise<Voivodeship | null> {
    return places.voivodeshipByCode(ctx, c.voivodeship.code);
  }

  @FieldResolver(() => [Municipality])
  @Directive('@listSize(assumedSize: 40)')
  municipalities(@Ctx() ctx: RequestContext, @Root() c: County): Promise<Municipality[]> {
    return places.municipalitiesOfCounty(ctx, c.code);
  }
}

@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Query(() => Municipality, { nullable: true })
  @Public()
  municipality(@Ctx() ctx: RequestContext, @Arg('code', () => ID) code: string): Promise<Municipality | null> {
    return places.municipalityByCode(ctx, code);
  }

  @Query(() => MunicipalityConnection, { description: 'Municipalities (gminy) of the TERYT register.' })
  @Public()
  municipalities(@Ctx() ctx: RequestContext, @Args(() => MunicipalityArgs) args: MunicipalityArgs) {
    return places.listMunicipalities(ctx, args, args.first, args.after);
  }

  @FieldResolver(() => County)
  county(@Ctx() ctx: RequestContext, @Root() m: Municipality): Promise<County | null> {
    return places.countyByCode(ctx, m.county.code);
  }

  @FieldResolver(() => Voivodeship)
  voivodeship(@Ctx() ctx: RequestContext, @Root() m: Municipality): Promise<Voivodeship | null> {
    return places.voivodeshipByCode(ctx, m.code.slice(0, 2));
  }
}
