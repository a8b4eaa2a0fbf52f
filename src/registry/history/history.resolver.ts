// history, lastChangedAt and source on every kind of registry record, and the change feed.
import { Args, ArgsType, Ctx, Field, FieldResolver, Query, Resolver, Root, type ClassType } from 'type-graphql';
import { PageArgs } from '../../common/connection';
import type { RequestContext } from '../../common/context';
import { Public, SignedIn } from '../../common/permissions';
import { DateTime } from '../../common/scalars';
import { Partnership } from '../cooperation/partnership.entities';
import { FundingSource, Grant, Programme } from '../funding/funding.entities';
import { Institution } from '../institutions/institution.entities';
import { Meeting, Membership, Network } from '../networks/network.entities';
import * as history from './history.service';
import { HistoryConnection, RecordSource, RecordType, RegistryChangeConnection } from './history.types';

interface Tracked {
  id: string;
  synthetic?: boolean;
}

/** The three provenance fields of one record type, as a resolver class of its own. */
function provenanceResolver<T extends Tracked>(entity: ClassType<T>, type: RecordType, parts?: string, sourceField = 'source'): ClassType {
  @Resolver(() => entity)
  class ProvenanceResolver {
    @FieldResolver(() => HistoryConnection, {
      nullable: true,
      description: `Recorded changes${parts ? ` (including ${parts})` : ''}, newest first: who, when, through which channel, what. Admins, the record's own institution and the regional coordinator of its voivodeship; FORBIDDEN for others.`,
    })
    @SignedIn()
    history(@Ctx() ctx: RequestContext, @Root() record: T, @Args(() => PageArgs) page: PageArgs) {
      return history.historyOf(ctx, type, record.id, page.first, page.after);
    }

    @FieldResolver(() => DateTime, { nullable: true, description: `When the record${parts ? ` or one of its ${parts}` : ''} last changed (commit time).` })
    @Public()
    lastChangedAt(@Ctx() ctx: RequestContext, @Root() record: T): Promise<Date | null> {
      return history.lastChangedAt(ctx, type, record.id);
    }

    @FieldResolver(() => RecordSource, { name: sourceField, description: "Where the record's facts come from." })
    @Public()
    recordSource(@Ctx() ctx: RequestContext, @Root() record: T): Promise<RecordSource> {
      return history.sourceOf(ctx, record.id, record.synthetic === true);
    }
  }
  Object.defineProperty(ProvenanceResolver, 'name', { value: `${entity.name}ProvenanceResolver` });
  return ProvenanceResolver;
}

@ArgsType()
class ChangesArgs extends PageArgs {
  @Field(() => [RecordType], { nullable: true, description: 'Only these kinds of record (all when omitted).' })
  types?: RecordType[] | null;
}

@Resolver()
class ChangeFeedResolver {
  @Query(() => RegistryChangeConnection, {
    description:
      'Created, updated, ended and removed records in commit order, after a cursor (from pageInfo.endCursor; from the beginning without one). ' +
      'Stable under concurrent writes: following endCursor sees every committed change exactly once. totalCount: changes left after the cursor.',
  })
  @SignedIn()
  changes(@Ctx() ctx: RequestContext, @Args(() => ChangesArgs) args: ChangesArgs) {
    return history.changesAfter(ctx, args.after, args.types, args.first);
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const historyResolvers: Function[] = [
  provenanceResolver(Institution, RecordType.INSTITUTION),
  provenanceResolver(Partnership, RecordType.PARTNERSHIP, 'parties'),
  provenanceResolver(Network, RecordType.NETWORK),
  provenanceResolver(Membership, RecordType.MEMBERSHIP),
  provenanceResolver(Meeting, RecordType.MEETING, 'attendance'),
  provenanceResolver(Programme, RecordType.PROGRAMME),
  provenanceResolver(Grant, RecordType.GRANT),
  // FundingSource has a `source` of its own (the kind of funding): its provenance is `recordSource`.
  provenanceResolver(FundingSource, RecordType.FUNDING_SOURCE, undefined, 'recordSource'),
  ChangeFeedResolver,
];
