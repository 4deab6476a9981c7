import { Arg, Ctx, Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../app/context';
import { InputError } from '../common/errors';
import { minuteToDate } from '../rollups/buckets';
import { BIN_COUNT, binBounds, binWidthAt, fineBinsOf } from '../rollups/histogram';
import { StatsMetric } from '../rollups/catalogue';
import { readRollups } from '../rollups/rollup.reader';
import { minuteRange, MinuteRange, StatsService } from './stats.service';
import { StatsFilter, TimeRangeInput } from './stats.types';

const BINS_PER_ROW_MAX = 50;

@ObjectType({ description: 'The records of one duration row per time bucket.' })
export class DurationDistributionRow {
  @Field(() => Float, { description: 'Durations above this (ms); the first row also holds 0.' })
  lowerMs: number;

  @Field(() => Float, { nullable: true, description: 'Durations up to this (ms); null: no upper bound.' })
  upperMs: number | null;

  @Field(() => [Int], { description: 'How many records had a duration in the row, per time bucket (as `times`).' })
  counts: number[];
}

@ObjectType({
  description:
    "A duration histogram per time bucket (a heatmap): rows of the rollups' logarithmic duration bins, from the " +
    'shortest to the longest row with any record in the range, every row in between included.',
})
export class DurationDistribution {
  @Field(() => StatsMetric, { description: 'Whose durations were counted.' })
  metric: StatsMetric;

  @Field({ description: 'The time bucket width as asked, e.g. "10m".' })
  interval: string;

  @Field(() => Int, { description: 'The time bucket width in seconds.' })
  intervalSeconds: number;

  @Field(() => [Date], {
    description: 'The start of each time bucket (UTC, aligned to multiples of the interval), oldest first.',
  })
  times: Date[];

  @Field(() => [DurationDistributionRow], {
    description:
      'Duration rows from the shortest durations to the longest, in milliseconds; empty when no record in the range has a duration.',
  })
  rows: DurationDistributionRow[];
}

/** Counts per time slot and row of `binsPerRow` consecutive histogram bins, read from the rollups' bins. */
export async function durationDistribution(
  stats: StatsService,
  metric: StatsMetric,
  range: MinuteRange,
  interval: string,
  filter: StatsFilter | null | undefined,
  binsPerRow: number
): Promise<DurationDistribution> {
  if (!Number.isInteger(binsPerRow) || binsPerRow < 1 || binsPerRow > BINS_PER_ROW_MAX) {
    throw new InputError('binsPerRow', `must be from 1 to ${BINS_PER_ROW_MAX}, got ${binsPerRow}`);
  }
  const { step, from, times } = stats.slots(range, interval);
  const scope = await stats.scope(metric, filter, undefined, true);
  const { histograms } = await readRollups(stats.dataSource, {
    metric,
    dim: scope.dim,
    keys: scope.keys,
    spans: [{ res: step.res, from, to: range.to }],
    slotMinutes: step.minutes,
    histogram: true,
    columns: [],
  });
  // A coarse bin (of day rows) must fall in one row: rows of a whole number of the bins read.
  const width = binWidthAt(step.res);
  const finePerRow = Math.ceil(binsPerRow / width) * width;
  const slotIndex = new Map(times.map((time, i) => [time, i]));
  const counts = new Map<number, number[]>();
  for (const histogram of histograms) {
    const slot = slotIndex.get(histogram.slot);
    if (slot === undefined) continue;
    for (const [bin, n] of histogram.bins) {
      const row = Math.floor(fineBinsOf(bin).first / finePerRow);
      let values = counts.get(row);
      if (!values) counts.set(row, (values = new Array<number>(times.length).fill(0)));
      values[slot] += n;
    }
  }
  const filled = [...counts.keys()];
  const rows: DurationDistributionRow[] = [];
  for (let row = Math.min(...filled); filled.length > 0 && row <= Math.max(...filled); row++) {
    const first = row * finePerRow;
    const last = Math.min(BIN_COUNT - 1, first + finePerRow - 1);
    rows.push({
      lowerMs: binBounds(first).lowerMs,
      upperMs: binBounds(last).upperMs,
      counts: counts.get(row) ?? new Array<number>(times.length).fill(0),
    });
  }
  return { metric, interval, intervalSeconds: step.minutes * 60, times: times.map(minuteToDate), rows };
}

@Resolver()
export class DurationDistributionResolver {
  @Query(() => DurationDistribution, {
    description:
      "How durations were distributed in each time bucket: the counts of the duration histogram's rows (for heatmaps). " +
      'Any metric with durations (agent and tool executions, workflow and task runs, health probes…); filterable by one dimension, not by status.',
  })
  durationDistribution(
    @Ctx() context: RequestContext,
    @Arg('metric', () => StatsMetric, {
      description: 'Whose durations are counted; a metric without durations gives no rows.',
    })
    metric: StatsMetric,
    @Arg('range', () => TimeRangeInput, { nullable: true, description: 'Default: the last hour.' })
    range: TimeRangeInput | null,
    @Arg('interval', () => String, { defaultValue: '10m', description: '1m, 5m, 10m, 15m, 30m, 1h, 6h, 12h or 1d.' })
    interval: string,
    @Arg('filter', () => StatsFilter, {
      nullable: true,
      description:
        'Counts only the records it matches: at most one dimension, and no status (the duration histograms hold every status together).',
    })
    filter: StatsFilter | null,
    @Arg('binsPerRow', () => Int, {
      defaultValue: 4,
      description:
        'Histogram bins per row (1 to 50): each bin is about 10.5 % wider than the one before, so 4 make rows about 1.5 times as wide as the one before. ' +
        'With interval 1d an odd number is taken as the next even one (day rollups keep bins two wide).',
    })
    binsPerRow: number
  ): Promise<DurationDistribution> {
    return durationDistribution(context.stats, metric, minuteRange(range), interval, filter, binsPerRow);
  }
}
