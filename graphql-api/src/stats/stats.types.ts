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
  UNPRICED = 'unpriced',
}
registerEnumType(StatsMeasure, {
  name: 'StatsMeasure',
  description: 'What is computed of the counted records.',
  valuesConfig: {
    COUNT: { description: 'How many records.' },
    SUCCESS: { description: 'How many succeeded (see StatsMetric for what success is).' },
    FAILURE: { description: 'How many failed (executions: FAILURE and TIMEOUT).' },
    SUCCESS_RATE: { description: 'Successes over finished records, 0 to 1; null when none finished.' },
    AVG_DURATION_MS: { description: 'Mean duration of finished records, in milliseconds; exact.' },
    P50_DURATION_MS: {
      description:
        'Median duration in milliseconds, within 5 % (10 % over a range of a day or longer); not with a status filter or by status.',
    },
    P95_DURATION_MS: {
      description:
        '95th percentile duration in milliseconds, within 5 % (10 % over a range of a day or longer); not with a status filter or by status.',
    },
    P99_DURATION_MS: {
      description:
        '99th percentile duration in milliseconds, within 5 % (10 % over a range of a day or longer); not with a status filter or by status.',
    },
    INPUT_TOKENS: { description: 'Sum of input tokens (agent executions; 0 for other metrics).' },
    OUTPUT_TOKENS: { description: 'Sum of output tokens (agent executions; 0 for other metrics).' },
    TOTAL_TOKENS: { description: 'Sum of total tokens (agent executions; 0 for other metrics).' },
    COST_USD: {
      description: 'Sum of cost in US dollars (agent executions; 0 for other metrics); as a series or value, a float.',
    },
    UNPRICED: {
      description:
        'How many agent executions are unpriced: no cost sent and no known price for the model, so their tokens count but COST_USD leaves them out (they are not $0); 0 for other metrics.',
    },
  },
});

@InputType({
  description:
    'A time window; `to` defaults to now. Ranges up to 48 hours are exact to the minute; longer ones (and ' +
    'ranges older than MINUTE_ROLLUP_DAYS) are read at hour granularity, their ends rounded outward to whole hours.',
})
export class TimeRangeInput {
  @Field({ description: 'Start of the window (inclusive), as a UTC date-time.' })
  from: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'End of the window (exclusive); now when left out. Must be after from.',
  })
  to?: Date | null;
}

@InputType({
  description:
    'Narrows statistics. Name at most one of agent, tool, model, provider, user, workflow and service (plus status); ' +
    'agent and tool by name, user by the platform\'s id, workflow by key, status by enum name (e.g. "SUCCESS").',
})
export class StatsFilter {
  @Field(() => [String], { nullable: true, description: 'Any of these agent names.' })
  agent?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these tool names.' })
  tool?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these request models (agent executions only).' })
  model?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these providers (agent executions only).' })
  provider?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Any of these users, by the platform's user id." })
  user?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these workflows, by key.' })
  workflow?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Any of these services, by the serviceId they registered with.',
  })
  service?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Any of these statuses of the metric (enum names, e.g. "SUCCESS", "TIMEOUT"); an unknown one is refused. Not with percentiles.',
  })
  status?: string[] | null;
}

@ObjectType({ description: 'How many of the counted records are in one status.' })
export class StatusCount {
  @Field({ description: 'The status (enum name, e.g. "SUCCESS"), or the message role for planner messages.' })
  status: string;

  @Field(() => Int, { description: 'How many records, in their latest state.' })
  count: number;
}

@ObjectType({
  description:
    'Totals of the counted records. Durations are in milliseconds; percentiles are within 5 % (10 % over ranges of a day or longer).',
})
export class StatsSummary {
  @Field(() => Int, { description: 'How many records.' })
  count: number;

  @Field(() => Int, { description: 'How many succeeded (for plans: approved; approvals: APPROVED).' })
  success: number;

  @Field(() => Int, { description: 'Failures (for executions: failures and timeouts).' })
  failure: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Successes over finished records, 0 to 1; null when none finished.',
  })
  successRate: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean duration of finished records, in milliseconds; null when none has a duration.',
  })
  avgDurationMs: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Median duration in milliseconds (within 5 %, or 10 % over a range of a day or longer); null when none has a duration or with a status filter.',
  })
  p50DurationMs: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      '95th percentile duration in milliseconds (within 5 %, or 10 % over a range of a day or longer); null when none has a duration or with a status filter.',
  })
  p95DurationMs: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      '99th percentile duration in milliseconds (within 5 %, or 10 % over a range of a day or longer); null when none has a duration or with a status filter.',
  })
  p99DurationMs: number | null;

  @Field(() => Float, { description: 'Sum of input (prompt) tokens; 0 for metrics other than AGENT_EXECUTIONS.' })
  inputTokens: number;

  @Field(() => Float, { description: 'Sum of output (completion) tokens; 0 for metrics other than AGENT_EXECUTIONS.' })
  outputTokens: number;

  @Field(() => Float, { description: 'Sum of total tokens; 0 for metrics other than AGENT_EXECUTIONS.' })
  totalTokens: number;

  @Field(() => Decimal, {
    description: 'Sum of cost in US dollars, exact to 9 decimals; "0" for metrics other than AGENT_EXECUTIONS.',
  })
  costUsd: string;

  @Field(() => Int, {
    description:
      'How many of the counted agent executions are unpriced: no cost was sent and their model has no known price, ' +
      'so their tokens are counted but costUsd leaves them out (they are not $0). 0 for metrics other than AGENT_EXECUTIONS.',
  })
  unpriced: number;

  @Field(() => [StatusCount], {
    description: 'Count per status, for metrics with statuses (for planner messages: per role).',
  })
  statuses: StatusCount[];
}

@ObjectType({ description: 'One count over three windows.' })
export class PeriodCounts {
  @Field(() => Int, { description: 'Since local midnight of the requested timezone, up to now.' })
  today: number;

  @Field(() => Int, { description: 'The last 7 × 24 hours, from the start of the hour 7 days ago, up to now.' })
  last7Days: number;

  @Field(() => Int, {
    description: 'Everything recorded (kept in the rollups even after RETENTION_DAYS deletes the raw records).',
  })
  allTime: number;
}

@ObjectType({ description: 'One line of a time series: a value per bucket of TimeSeries.times.' })
export class StatsSeries {
  @Field({ description: 'What the series is of: a dimension key (agent name, user id…), a status, or a measure.' })
  key: string;

  @Field({ description: 'A display name for the key.' })
  label: string;

  @Field(() => [Float], {
    nullable: 'items',
    description: 'One value per time; 0 for empty buckets (rates and durations: null).',
  })
  values: (number | null)[];
}

@ObjectType({ description: 'Values per time bucket, aligned to UTC multiples of the interval.' })
export class TimeSeries {
  @Field(() => StatsMetric, { description: 'What was counted.' })
  metric: StatsMetric;

  @Field(() => StatsMeasure, { description: 'What each value is.' })
  measure: StatsMeasure;

  @Field({ description: 'The bucket width as asked, e.g. "10m".' })
  interval: string;

  @Field(() => Int, { description: 'The bucket width in seconds.' })
  intervalSeconds: number;

  @Field(() => [Date], {
    description: 'The start of each bucket (UTC), oldest first; a bucket holds records from its start to the next one.',
  })
  times: Date[];

  @Field(() => [StatsSeries], { description: 'One series, or one per group (status or dimension key) when grouped.' })
  series: StatsSeries[];
}

@ObjectType({ description: 'The totals of one group (dimension key or status) over the range.' })
export class BreakdownRow {
  @Field({ description: "Agent or tool name, model, provider, the platform's user id, workflow key, or status." })
  key: string;

  @Field({
    description: 'A display name for the key (users: their name when known, else the id; workflows: their name).',
  })
  label: string;

  @Field(() => Float, {
    nullable: true,
    description: 'The requested measure of this group (cost as a float in USD; exact cost is in summary.costUsd).',
  })
  value: number | null;

  @Field(() => StatsSummary, { description: 'Every total of this group.' })
  summary: StatsSummary;

  /** The key as the rollups hold it (the record id for agents, tools, users, workflows). */
  storedKey: string;
}
