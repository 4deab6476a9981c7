import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, Info, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../app/context';
import { StatsDimension, StatsMetric } from '../rollups/catalogue';
import { selectLimit } from './page-args';
import { wantsPercentiles, wantsSummaries } from './selection';
import { minuteRange } from './stats.service';
import {
  BreakdownRow,
  PeriodCounts,
  StatsFilter,
  StatsMeasure,
  StatsSummary,
  TimeRangeInput,
  TimeSeries,
} from './stats.types';

@ArgsType()
class TimeSeriesArgs {
  @Field(() => StatsMetric, { description: 'What is counted.' })
  metric: StatsMetric;

  @Field(() => StatsMeasure, { defaultValue: StatsMeasure.COUNT, description: 'What each value is.' })
  measure: StatsMeasure;

  @Field(() => TimeRangeInput, { nullable: true, description: 'The window; the last hour when left out.' })
  range: TimeRangeInput | null;

  @Field(() => String, { defaultValue: '10m', description: 'Bucket width: 1m, 5m, 10m, 15m, 30m, 1h, 6h, 12h or 1d.' })
  interval: string;

  @Field(() => StatsDimension, {
    nullable: true,
    description: 'One series per status or key of this dimension; one series in all when left out.',
  })
  groupBy: StatsDimension | null;

  @Field(() => StatsFilter, { nullable: true, description: 'Counts only the records it matches.' })
  filter: StatsFilter | null;

  @Field(() => Int, {
    defaultValue: 10,
    description: 'Most series when grouping by a dimension (the top ones by measure): 1 to 1000.',
  })
  limit: number;
}

@ArgsType()
class BreakdownArgs {
  @Field(() => StatsMetric, { description: 'What is counted.' })
  metric: StatsMetric;

  @Field(() => StatsDimension, { description: 'One row per key of this dimension, or per status.' })
  by: StatsDimension;

  @Field(() => StatsMeasure, {
    defaultValue: StatsMeasure.COUNT,
    description: 'Sorts the rows (largest first) and fills `value`.',
  })
  measure: StatsMeasure;

  @Field(() => TimeRangeInput, { nullable: true, description: 'The window; the last hour when left out.' })
  range: TimeRangeInput | null;

  @Field(() => StatsFilter, { nullable: true, description: 'Counts only the records it matches.' })
  filter: StatsFilter | null;

  @Field(() => Int, { defaultValue: 10, description: 'Most rows: 1 to 1000.' })
  limit: number;
}

/** The building blocks: any metric, measure and dimension, for dashboards and the Grafana data source. */
@Resolver()
export class StatsResolver {
  @Query(() => TimeSeries, {
    description:
      'A measure per time bucket, zero-filled; optionally one series per status or dimension key. At most 2000 buckets; ' +
      'minute intervals only within MINUTE_ROLLUP_DAYS.',
  })
  timeSeries(@Ctx() context: RequestContext, @Args() args: TimeSeriesArgs): Promise<TimeSeries> {
    return context.stats.timeSeries({
      ...args,
      range: minuteRange(args.range),
      limit: selectLimit(args.limit),
    });
  }

  @Query(() => [BreakdownRow], {
    description: 'Totals per dimension key or status over a range, largest measure first.',
  })
  breakdown(
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args() args: BreakdownArgs
  ): Promise<BreakdownRow[]> {
    const { measure } = args;
    const histogram =
      wantsPercentiles(info) ||
      [StatsMeasure.P50_DURATION_MS, StatsMeasure.P95_DURATION_MS, StatsMeasure.P99_DURATION_MS].includes(measure);
    return context.stats.breakdown({
      ...args,
      range: minuteRange(args.range),
      limit: selectLimit(args.limit),
      histogram,
      summaries: wantsSummaries(info),
    });
  }

  @Query(() => StatsSummary, { description: 'Totals of one metric over a range.' })
  summary(
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('metric', () => StatsMetric, { description: 'What is counted.' }) metric: StatsMetric,
    @Arg('range', () => TimeRangeInput, { nullable: true, description: 'The window; the last hour when left out.' })
    range: TimeRangeInput | null,
    @Arg('filter', () => StatsFilter, { nullable: true, description: 'Counts only the records it matches.' })
    filter: StatsFilter | null
  ): Promise<StatsSummary> {
    return context.stats.summary(metric, minuteRange(range), filter, wantsPercentiles(info));
  }

  @Query(() => PeriodCounts, { description: 'Counts of one metric for today, the last 7 days and all time.' })
  periodCounts(
    @Ctx() context: RequestContext,
    @Arg('metric', () => StatsMetric, { description: 'What is counted.' }) metric: StatsMetric,
    @Arg('filter', () => StatsFilter, { nullable: true, description: 'Counts only the records it matches.' })
    filter: StatsFilter | null,
    @Arg('timezone', () => String, {
      defaultValue: 'UTC',
      description: 'IANA zone whose midnight starts "today", e.g. "Europe/Paris".',
    })
    timezone: string
  ): Promise<PeriodCounts> {
    return context.stats.periodCounts(metric, filter, timezone);
  }
}
