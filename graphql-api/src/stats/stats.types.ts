import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Decimal } from '../common/decimal';
import { StatsMetric } from '../rollups/catalogue';

export enum StatsMeasure {
  COUNT = 'count',
  SUCCESS = 'success',
  FAILURE = 'failure',
  SUCCESS_RATE = 'successRate',
  AVG_DURATION_MS = 'avgDurationMs',
  P50_DURATION_MS = 'p50DurationMs',
  P95_DURATION_MS = 'p95DurationMs',
  P99_DURATION_MS = 'p99DurationMs',
  INPUT_TOKENS = 'inputTokens',
  OUTPUT_TOKENS = 'outputTokens',
  TOTAL_TOKENS = 'totalTokens',
  COST_USD = 'costUsd',
}
registerEnumType(StatsMeasure, { name: 'StatsMeasure', description: 'What is computed of the counted records.' });

@InputType({
  description:
    'A time window; `to` defaults to now. Ranges up to 48 hours are exact to the minute; longer ones (and ' +
    'ranges older than MINUTE_ROLLUP_DAYS) are read at hour granularity, their ends rounded outward to whole hours.',
})
export class TimeRangeInput {
  @Field()
  from: Date;

  @Field(() => Date, { nullable: true })
  to?: Date | null;
}

@InputType({
  description:
    'Narrows statistics. Name at most one of agent, tool, model, provider, user, workflow and service (plus status); ' +
    'agent and tool by name, user by the platform\'s id, workflow by key, status by enum name (e.g. "SUCCESS").',
})
export class StatsFilter {
  @Field(() => [String], { nullable: true })
  agent?: string[] | null;

  @Field(() => [String], { nullable: true })
  tool?: string[] | null;

  @Field(() => [String], { nullable: true })
  model?: string[] | null;

  @Field(() => [String], { nullable: true })
  provider?: string[] | null;

  @Field(() => [String], { nullable: true })
  user?: string[] | null;

  @Field(() => [String], { nullable: true })
  workflow?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Services by the serviceId they registered with.' })
  service?: string[] | null;

  @Field(() => [String], { nullable: true })
  status?: string[] | null;
}

@ObjectType()
export class StatusCount {
  @Field({ description: 'The status (enum name, e.g. "SUCCESS"), or the message role for planner messages.' })
  status: string;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'Totals of the counted records. Durations are in milliseconds; percentiles are within 5 %.' })
export class StatsSummary {
  @Field(() => Int)
  count: number;

  @Field(() => Int)
  success: number;

  @Field(() => Int, { description: 'Failures (for executions: failures and timeouts).' })
  failure: number;

  @Field(() => Float, { nullable: true, description: 'Successes over finished records, 0 to 1; null when none finished.' })
  successRate: number | null;

  @Field(() => Float, { nullable: true })
  avgDurationMs: number | null;

  @Field(() => Float, { nullable: true })
  p50DurationMs: number | null;

  @Field(() => Float, { nullable: true })
  p95DurationMs: number | null;

  @Field(() => Float, { nullable: true })
  p99DurationMs: number | null;

  @Field(() => Float)
  inputTokens: number;

  @Field(() => Float)
  outputTokens: number;

  @Field(() => Float)
  totalTokens: number;

  @Field(() => Decimal)
  costUsd: string;

  @Field(() => [StatusCount])
  statuses: StatusCount[];
}

@ObjectType({ description: 'One count over three windows.' })
export class PeriodCounts {
  @Field(() => Int, { description: 'Since local midnight of the requested timezone.' })
  today: number;

  @Field(() => Int, { description: 'The last 7 × 24 hours, from the start of the hour 7 days ago.' })
  last7Days: number;

  @Field(() => Int)
  allTime: number;
}

@ObjectType()
export class StatsSeries {
  @Field({ description: 'What the series is of: a dimension key (agent name, user id…), a status, or a measure.' })
  key: string;

  @Field({ description: 'A display name for the key.' })
  label: string;

  @Field(() => [Float], { nullable: 'items', description: 'One value per time; 0 for empty buckets (rates and durations: null).' })
  values: (number | null)[];
}

@ObjectType({ description: 'Values per time bucket, aligned to UTC multiples of the interval.' })
export class TimeSeries {
  @Field(() => StatsMetric)
  metric: StatsMetric;

  @Field(() => StatsMeasure)
  measure: StatsMeasure;

  @Field()
  interval: string;

  @Field(() => Int)
  intervalSeconds: number;

  @Field(() => [Date], { description: 'The start of each bucket.' })
  times: Date[];

  @Field(() => [StatsSeries])
  series: StatsSeries[];
}

@ObjectType()
export class BreakdownRow {
  @Field({ description: 'Agent or tool name, model, provider, the platform\'s user id, workflow key, or status.' })
  key: string;

  @Field()
  label: string;

  @Field(() => Float, { nullable: true, description: 'The requested measure.' })
  value: number | null;

  @Field(() => StatsSummary)
  summary: StatsSummary;

  /** The key as the rollups hold it (the record id for agents, tools, users, workflows). */
  storedKey: string;
}
