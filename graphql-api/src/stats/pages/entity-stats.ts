import { Field, ObjectType } from 'type-graphql';
import { StatsSummary } from '../stats.types';

@ObjectType({ description: 'The latest failed or timed-out execution of an agent or tool, of any time.' })
export class LastError {
  @Field({ description: 'When that execution started (UTC).' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'Its errorType, e.g. "RateLimitError".' })
  type: string | null;

  @Field(() => String, { nullable: true, description: 'Its errorMessage.' })
  message: string | null;
}

@ObjectType({ description: 'One agent or tool over the range, with its latest failure (of any time).' })
export class EntityStats {
  @Field({ description: 'The agent or tool name (what StatsFilter.agent and .tool take).' })
  key: string;

  @Field({ description: 'The name to show (the same as key).' })
  label: string;

  @Field(() => StatsSummary, { description: 'Its executions started in the range.' })
  summary: StatsSummary;

  @Field(() => LastError, { nullable: true, description: 'Its latest failure of any time; null when it never failed.' })
  lastError: LastError | null;
}
