import { ArrayMaxSize, ArrayMinSize } from 'class-validator';
import { Args, ArgsType, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { CaseworkContext } from '../context';
import { importLines } from './import.service';
import { StaffOnly } from '../access/personal';
import { Transaction } from '../../common/transaction';

const MAX_IMPORT_LINES = 100;

@ArgsType()
class ImportArgs {
  @Field(() => [String], { description: `NDJSON records, one per item (at most ${MAX_IMPORT_LINES}); line numbers in the report count from 1.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_IMPORT_LINES, { message: `must have at most ${MAX_IMPORT_LINES} lines: use \`npm run import\` for files` })
  lines!: string[];
}

@ObjectType('ImportProblem', { description: 'A problem of one import line: the line number, the field and why (never the value).' })
class ImportProblemType {
  @Field(() => Int)
  line!: number;

  @Field(() => String)
  field!: string;

  @Field(() => String)
  reason!: string;
}

@ObjectType('ImportChanges')
class ImportChangesType {
  @Field(() => Int) participantsCreated!: number;
  @Field(() => Int) participantsUpdated!: number;
  @Field(() => Int) participantsUnchanged!: number;
  @Field(() => Int) episodesCreated!: number;
  @Field(() => Int) episodesUpdated!: number;
  @Field(() => Int) episodesUnchanged!: number;
}

@ObjectType('ImportReport')
class ImportReportType {
  @Field(() => Int)
  lines!: number;

  @Field(() => Int)
  accepted!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => [ImportProblemType])
  problems!: ImportProblemType[];

  @Field(() => ImportChangesType)
  changes!: ImportChangesType;
}

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReportType, {
    description: 'Import a small batch of participants with their episodes into your institution: each line whole or not at all; re-running is harmless.',
  })
  @StaffOnly()
  @Transaction()
  importParticipants(@Ctx() ctx: CaseworkContext, @Args(() => ImportArgs) args: ImportArgs) {
    return importLines(
      ctx,
      args.lines.map((text, i) => ({ line: i + 1, text })).filter((l) => l.text.trim() !== ''),
    );
  }
}
