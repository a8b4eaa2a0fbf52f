// GraphQL types of the new service profile's coverage: each club's partners by area, gaps by voivodeship.
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { ActivityField, NEW_PROFILE_AREAS } from '../institutions/institution-kinds';
import type { ClubCoverage as ClubCoverageData, CoverageReport, NewProfileArea, VoivodeshipCoverage as VoivodeshipCoverageData } from './coverage';

@ObjectType()
export class AreaPartners {
  @Field(() => ActivityField)
  readonly area: NewProfileArea;

  readonly partnerIds: string[];

  constructor(area: NewProfileArea, partnerIds: string[]) {
    this.area = area;
    this.partnerIds = partnerIds;
  }

  @Field(() => Int)
  get partnerCount(): number {
    return this.partnerIds.length;
  }
}

@ObjectType({ description: "A club's partners in each area of the new service profile." })
export class ClubCoverage {
  constructor(private readonly data: ClubCoverageData) {}

  @Field(() => ID)
  get clubId(): string {
    return this.data.clubId;
  }

  @Field(() => String, { nullable: true })
  get voivodeship(): string | null {
    return this.data.voivodeship;
  }

  @Field(() => Float, { description: 'Areas covered / 4.' })
  get score(): number {
    return this.data.score;
  }

  @Field(() => [ActivityField])
  get covered(): ActivityField[] {
    return this.data.covered;
  }

  @Field(() => [ActivityField])
  get missing(): ActivityField[] {
    return this.data.missing;
  }

  @Field(() => [AreaPartners])
  get areas(): AreaPartners[] {
    return NEW_PROFILE_AREAS.map((area) => new AreaPartners(area, this.data.partners[area]));
  }
}

@ObjectType()
export class AreaGap {
  @Field(() => ActivityField)
  readonly area: NewProfileArea;

  @Field(() => [ID], { description: 'The clubs missing the area.' })
  readonly clubIds: string[];

  constructor(area: NewProfileArea, clubIds: string[]) {
    this.area = area;
    this.clubIds = clubIds;
  }

  @Field(() => Int)
  get clubCount(): number {
    return this.clubIds.length;
  }
}

@ObjectType()
export class VoivodeshipCoverage {
  constructor(private readonly data: VoivodeshipCoverageData) {}

  @Field(() => String, { nullable: true, description: 'TERYT code; null for clubs without a seat.' })
  get code(): string | null {
    return this.data.voivodeship;
  }

  @Field(() => Int)
  get clubCount(): number {
    return this.data.clubCount;
  }

  @Field(() => Int, { description: 'Clubs with partners in all four areas.' })
  get fullyCovered(): number {
    return this.data.fullyCovered;
  }

  @Field(() => Float)
  get averageScore(): number {
    return this.data.averageScore;
  }

  @Field(() => [AreaGap], { description: 'Per area, the clubs missing it.' })
  get gaps(): AreaGap[] {
    return this.data.gaps.map((g) => new AreaGap(g.area, g.clubIds));
  }
}

@ObjectType({
  description:
    'New-profile coverage of every club (KIS, CIS). A partner covers an area by its sector (EDUCATION, CULTURE, HEALTH or HEALTH_PREVENTION, SPORT_RECREATION), or when the partnership names the area and the partner works in that field itself (not for other clubs).',
})
export class NewProfileCoverage {
  constructor(private readonly report: CoverageReport) {}

  @Field(() => LocalDate)
  get asOf(): string {
    return this.report.asOf;
  }

  @Field(() => [ActivityField], { description: 'The four areas of the new service profile.' })
  get areas(): ActivityField[] {
    return [...NEW_PROFILE_AREAS];
  }

  @Field(() => [ClubCoverage], { description: 'Clubs by voivodeship, then id.' })
  get clubs(): ClubCoverage[] {
    return this.report.clubs.map((c) => new ClubCoverage(c));
  }

  @Field(() => [VoivodeshipCoverage])
  get voivodeships(): VoivodeshipCoverage[] {
    return this.report.voivodeships.map((v) => new VoivodeshipCoverage(v));
  }
}
