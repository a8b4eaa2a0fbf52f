import { IsOptional, ValidateNested } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Directive, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../common/connection';
import type { RequestContext } from '../../common/context';
import { County, Municipality, Voivodeship } from '../places/place.entities';
import { countyByCode, municipalityByCode, voivodeshipByCode } from '../places/place.service';
import { InstitutionType, Sector } from './institution-kinds';
import { Institution } from './institution.entities';
import { CreateInstitutionInput, InstitutionFilter, UpdateInstitutionInput } from './institution.inputs';
import * as institutions from './institution.service';
import { Public, SignedIn } from '../../common/permissions';
import { Transaction } from '../../common/transaction';

export const InstitutionConnection = Connection('Institution', Institution);

@ArgsType()
class InstitutionListArgs extends PageArgs {
  @Field(() => InstitutionFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: InstitutionFilter | null;
}

@ObjectType()
export class TypeCount {
  @Field(() => InstitutionType)
  type!: InstitutionType;

  @Field(() => Sector)
  sector!: Sector;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class SectorCount {
  @Field(() => Sector)
  sector!: Sector;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Institutions of a voivodeship by type and by sector.' })
export class InstitutionCounts {
  @Field(() => Int)
  total!: number;

  @Field(() => [TypeCount])
  @Directive(`@listSize(assumedSize: ${Object.keys(InstitutionType).length})`)
  byType!: TypeCount[];

  @Field(() => [SectorCount])
  @Directive(`@listSize(assumedSize: ${Object.keys(Sector).length})`)
  bySector!: SectorCount[];
}

@Resolver(() => Institution)
export class InstitutionResolver {
  @Query(() => Institution, { nullable: true })
  @Public()
  institution(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Institution | null> {
    return institutions.institutionById(ctx, id);
  }

  @Query(() => InstitutionConnection, { description: 'Institutions ordered by name, filtered.' })
  @Public()
  institutions(@Ctx() ctx: RequestContext, @Args(() => InstitutionListArgs) args: InstitutionListArgs) {
    return institutions.listInstitutions(ctx, args.filter, args.first, args.after);
  }

  @Mutation(() => Institution, { description: 'Register an institution (admin, regional coordinator of its voivodeship, or staff of its founder).' })
  @SignedIn()
  @Transaction()
  createInstitution(@Ctx() ctx: RequestContext, @Arg('input', () => CreateInstitutionInput) input: CreateInstitutionInput) {
    return institutions.createInstitution(ctx, input);
  }

  @Mutation(() => Institution, {
    description: "Edit an institution (admin, its staff or its founder's, or its regional coordinator); pass the version you read.",
  })
  @SignedIn()
  @Transaction()
  updateInstitution(@Ctx() ctx: RequestContext, @Arg('input', () => UpdateInstitutionInput) input: UpdateInstitutionInput) {
    return institutions.updateInstitution(ctx, input);
  }

  @FieldResolver(() => Municipality, { nullable: true })
  municipality(@Ctx() ctx: RequestContext, @Root() i: Institution): Promise<Municipality | null> | null {
    return i.municipality ? municipalityByCode(ctx, i.municipality.code) : null;
  }

  @FieldResolver(() => County, { nullable: true })
  county(@Ctx() ctx: RequestContext, @Root() i: Institution): Promise<County | null> | null {
    return i.municipality ? countyByCode(ctx, i.municipality.code.slice(0, 4)) : null;
  }

  @FieldResolver(() => Voivodeship, { nullable: true })
  voivodeship(@Ctx() ctx: RequestContext, @Root() i: Institution): Promise<Voivodeship | null> | null {
    const code = institutions.voivodeshipOf(i);
    return code ? voivodeshipByCode(ctx, code) : null;
  }

  @FieldResolver(() => Institution, { nullable: true, description: 'The founding body (instytucja tworząca) that runs it.' })
  founder(@Ctx() ctx: RequestContext, @Root() i: Institution): Promise<Institution | null> | null {
    return i.founder ? institutions.institutionById(ctx, i.founder.id) : null;
  }

  @FieldResolver(() => InstitutionConnection, { description: 'Institutions this one runs as founding body.' })
  operatedInstitutions(@Ctx() ctx: RequestContext, @Root() i: Institution, @Args(() => PageArgs) page: PageArgs) {
    return institutions.operatedInstitutions(ctx, i.id, page.first, page.after);
  }
}

@Resolver(() => Voivodeship)
export class VoivodeshipCountsResolver {
  @FieldResolver(() => InstitutionCounts, { description: 'Institutions seated in the voivodeship, by type and sector.' })
  async institutionCounts(
    @Ctx() ctx: RequestContext,
    @Root() v: Voivodeship,
    @Arg('includeClosed', () => Boolean, { defaultValue: false }) includeClosed: boolean,
  ): Promise<InstitutionCounts> {
    const byType = await institutions.countsByType(ctx, v.code, includeClosed);
    const sectors = new Map<Sector, number>();
    for (const t of byType) sectors.set(t.sector, (sectors.get(t.sector) ?? 0) + t.count);
    return {
      total: byType.reduce((sum, t) => sum + t.count, 0),
      byType,
      bySector: [...sectors].map(([sector, count]) => ({ sector, count })).sort((a, b) => a.sector.localeCompare(b.sector)),
    };
  }
}
