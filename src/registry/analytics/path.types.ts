// GraphQL types of a shortest cooperation path between two institutions.
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { CooperationPathResult, PathStep } from './shortest-path';

@ObjectType()
export class CooperationPathStep {
  constructor(step: PathStep) {
    this.fromId = step.from;
    this.toId = step.to;
    this.partnershipIds = step.partnershipIds;
  }

  @Field(() => ID)
  fromId: string;

  @Field(() => ID)
  toId: string;

  partnershipIds: string[];
}

@ObjectType({ description: 'A shortest chain of partnerships between two institutions (fewest hops).' })
export class CooperationPath {
  constructor(path: CooperationPathResult) {
    this.institutionIds = path.institutionIds;
    this.steps = path.steps.map((s) => new CooperationPathStep(s));
  }

  @Field(() => [ID], { description: 'The institutions on the path, in order from the first to the last.' })
  institutionIds: string[];

  @Field(() => [CooperationPathStep])
  steps: CooperationPathStep[];

  @Field(() => Int, { description: 'Number of hops.' })
  get length(): number {
    return this.steps.length;
  }
}
