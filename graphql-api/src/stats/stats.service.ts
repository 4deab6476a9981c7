import { DataSource } from 'typeorm';
import { InputError } from '../common/errors';
import { placeholders } from '../db/dialect';
import { Service } from '../fleet/service.entity';
import { DimensionKind, dimensionTable } from '../recording/dimensions';
import { keyedTable } from '../common/keyed-entity';
import { canonicalFilterValue } from '../common/names';
import {
  BucketSpan,
  bucketStart,
  cover,
  DAY_MINUTES,
  INTERVALS,
  minuteFloor,
  minuteToDate,
  SignedSpan,
  signedCover,
  toMinute,
} from '../rollups/buckets';
import {
  KeyDimension,
  METRICS,
  MetricSpec,
  StatsDimension,
  StatsMetric,
  USER_TOTAL_METRICS,
} from '../rollups/catalogue';
import { enclosing, rankUsers, UserRanking } from '../rollups/user-ranking';
import { readUserTotals } from '../rollups/user-totals';
import { readRollups, RollupQuery, SummedColumn } from '../rollups/rollup.reader';
import { measureOf, PERCENTILE_MEASURES, summarize, Totals, totalsBy } from './summary';
import {
  BreakdownRow,
  PeriodCounts,
  StatsFilter,
  StatsMeasure,
  StatsSummary,
  StatusCount,
  TimeRangeInput,
  TimeSeries,
} from './stats.types';
import { startOfDay } from './timezone';

const MAX_SERIES_POINTS = 2000;
const DEFAULT_RANGE_MS = 3_600_000;

/** The minutes [from, to) a range covers: the partial minute at either end is included. */
export interface MinuteRange {
  from: number;
  to: number;
}

export function minuteRange(range: TimeRangeInput | null | undefined, now = new Date()): MinuteRange {
  const to = range?.to ?? now;
  const from = range?.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (from.getTime() >= to.getTime()) throw new InputError('range.to', 'must be after range.from');
  return { from: toMinute(from), to: Math.ceil(to.getTime() / 60_000) };
}

/** What a breakdown or a time series reads: one measure of a metric over a range, narrowed by a filter. */
export interface MeasureQuery {
  metric: StatsMetric;
  measure: StatsMeasure;
  range: MinuteRange;
  filter?: StatsFilter | null;
  /** At most this many rows, or series (the top keys by the measure). */
  limit: number;
}

/** Where in the rollups a filter points: one dimension (or all) and optionally some keys and statuses. */
export interface Scope {
  spec: MetricSpec;
  dim: KeyDimension | 'all';
  keys?: string[];
  statuses?: string[];
}

/** How the dimensions stored as ids are labelled; their tables and key columns are the dimensions' own. */
const DIMENSION_LABELS: Partial<Record<KeyDimension, string>> = {
  agent: 't.name',
  tool: 't.name',
  user: 'COALESCE(t.name, t.external_id)',
  workflow: 't.name',
  service: 't.name',
};

/** Where a dimension's records are named: services by the id they registered with, the others as recording finds them. */
function keyTable(dataSource: DataSource, dim: KeyDimension): { table: string; keyColumn: string } {
  if (dim !== StatsDimension.SERVICE) return dimensionTable(dataSource, dim as string as DimensionKind);
  return keyedTable(dataSource, { entity: Service, keyProperty: 'serviceId' });
}

/** What every figure but tokens and cost is computed from: all a metric without them needs. */
const COUNT_AND_DURATION: SummedColumn[] = ['n', 'dur_n', 'dur_sum'];

/** The rollup columns a measure is computed from, for the measures that are sums of columns. */
const MEASURE_COLUMNS: Partial<Record<StatsMeasure, SummedColumn[]>> = {
  [StatsMeasure.COUNT]: ['n'],
  [StatsMeasure.INPUT_TOKENS]: ['in_tok'],
  [StatsMeasure.OUTPUT_TOKENS]: ['out_tok'],
  [StatsMeasure.TOTAL_TOKENS]: ['in_tok', 'out_tok'],
  [StatsMeasure.COST_USD]: ['cost_nanos'],
  [StatsMeasure.UNPRICED]: ['unpriced'],
};

/** Which sums a read takes: some columns only, and whether statuses are summed together. */
type SumsWanted = Pick<RollupQuery, 'columns' | 'statusesTogether'>;

/**
 * The measure's columns alone, statuses together unless the figure shows them apart. Undefined
 * for a measure that is not a sum of columns (rates, durations), which needs every sum.
 */
function measureSums(measure: StatsMeasure, statusesTogether = true): SumsWanted | undefined {
  const columns = MEASURE_COLUMNS[measure];
  return columns && { columns, statusesTogether };
}

/**
 * The sums a read takes: those `wanted`, else every sum its metric has (none of tokens and cost
 * where its records have none).
 */
function sumsOf(spec: MetricSpec, wanted?: SumsWanted): SumsWanted {
  return wanted ?? { columns: spec.usage ? undefined : COUNT_AND_DURATION };
}

/** A breakdown row read without its summary (see `breakdown`'s `summaries`). */
export type RankedRow = Omit<BreakdownRow, 'summary'> & { summary?: StatsSummary };

/** A group's measure before it is labelled. */
type GroupValue = Pick<RankedRow, 'storedKey' | 'value' | 'summary'>;

/** What a breakdown reads: `measure` per key of `by` (or per status). */
export interface BreakdownQuery extends MeasureQuery {
  by: StatsDimension;
  /** Read duration histograms (default: when the measure is a percentile). */
  histogram?: boolean;
  /**
   * Whether the rows need their summaries (default true). Without, a measure that sums columns
   * (counts, tokens, cost) reads only those columns per key, statuses together: ranking a month of
   * thousands of users then reads a fraction of what their summaries would.
   */
  summaries?: boolean;
}

const FILTER_DIMENSIONS: KeyDimension[] = [
  StatsDimension.AGENT,
  StatsDimension.TOOL,
  StatsDimension.MODEL,
  StatsDimension.PROVIDER,
  StatsDimension.USER,
  StatsDimension.WORKFLOW,
  StatsDimension.SERVICE,
];

// Ranges longer than this are read at hour granularity (their ends round outward to whole
// hours), so a week or a quarter reads hours and days rather than thousands of minutes.
const MINUTE_EXACT_MAX_MINUTES = 2 * DAY_MINUTES;

/** The promise kept under `id`, made by `make` the first time it is asked for. */
function once<T>(cache: Map<string, Promise<T>>, id: string, make: () => Promise<T>): Promise<T> {
  let promise = cache.get(id);
  if (!promise) cache.set(id, (promise = make()));
  return promise;
}

/** Users ranked by count from their highest entries (usersByCount), at most this many. */
const RANKED_AT_MOST = 100;

/**
 * Statistics read from the rollups, for one request. A page's figures start at once and some ask
 * the same: each filter's keys are looked up once, and rollups asked twice (a drill-down's summary
 * and its table of that one key) are read once, so the figures of one answer agree.
 */
export class StatsService {
  /** Key lookups, by dimension and names. */
  private readonly keyLookups = new Map<string, Promise<string[]>>();
  /** Rollup reads, by query. */
  private readonly reads = new Map<string, ReturnType<typeof readRollups>>();

  constructor(
    readonly dataSource: DataSource,
    private readonly minuteRollupDays: number
  ) {}

  /**
   * The buckets that cover a range: minute-exact for ranges up to two days whose start still has
   * minute rollups; otherwise the ends round outward to whole hours.
   */
  spans(range: MinuteRange, now = Date.now()): BucketSpan[] {
    const { from, to } = this.readRange(range, now);
    return cover(from, to);
  }

  /** The same minutes as spans(), in the fewest buckets when some may be subtracted (histogram bins). */
  signedSpans(range: MinuteRange, now = Date.now()): SignedSpan[] {
    const { from, to } = this.readRange(range, now);
    return signedCover(from, to, toMinute(now) + 1);
  }

  /** The minutes a range reads: itself, or its ends rounded outward to whole hours. */
  private readRange(range: MinuteRange, now: number): MinuteRange {
    if (range.to - range.from <= MINUTE_EXACT_MAX_MINUTES && range.from >= minuteFloor(this.minuteRollupDays)) {
      return range;
    }
    // Nothing is stored after now, so a range that reaches now reads on to the end of today: one
    // day row instead of today's hours (a per-user table over a week reads a third of the rows).
    const today = bucketStart('day', toMinute(now));
    const to = range.to >= toMinute(now) ? Math.max(range.to, today + DAY_MINUTES) : range.to;
    const hourEnd = bucketStart('hour', to);
    return { from: bucketStart('hour', range.from), to: hourEnd === to ? hourEnd : hourEnd + 60 };
  }

  async summary(
    metric: StatsMetric,
    range: MinuteRange,
    filter?: StatsFilter | null,
    histogram = true
  ): Promise<StatsSummary> {
    const scope = await this.scope(metric, filter, undefined, histogram);
    const read = await this.read(scope, range, histogram);
    const totals =
      totalsBy(read, () => 'all', histogram).get('all') ?? (histogram ? new Totals().withHistogram() : new Totals());
    return summarize(scope.spec, totals);
  }

  async periodCounts(
    metric: StatsMetric,
    filter: StatsFilter | null | undefined,
    timezone: string,
    now = new Date()
  ): Promise<PeriodCounts> {
    const scope = await this.scope(metric, filter);
    const end = Math.ceil(now.getTime() / 60_000);
    const count = async (range: MinuteRange | 'allTime') =>
      (await this.read(scope, range, false, measureSums(StatsMeasure.COUNT))).sums.reduce((sum, row) => sum + row.n, 0);
    const [today, last7Days, allTime] = await Promise.all([
      count({ from: toMinute(startOfDay(now, timezone)), to: end }),
      count({ from: end - 7 * DAY_MINUTES, to: end }),
      count('allTime'),
    ]);
    return { today, last7Days, allTime };
  }

  /** Totals per dimension key (or status), largest `measure` first. */
  breakdown(query: BreakdownQuery & { summaries: false }): Promise<RankedRow[]>;
  breakdown(query: BreakdownQuery): Promise<BreakdownRow[]>;
  async breakdown({
    metric,
    by,
    measure,
    range,
    filter,
    limit,
    histogram = PERCENTILE_MEASURES.includes(measure),
    summaries = true,
  }: BreakdownQuery): Promise<RankedRow[]> {
    const byStatus = by === StatsDimension.STATUS;
    // Histograms hold every status together: rows per status have no percentiles.
    const withHistogram = histogram && !byStatus;
    const measured = summaries || byStatus || withHistogram ? undefined : measureSums(measure);
    const counted = measured && measure === StatsMeasure.COUNT && by === StatsDimension.USER;
    const ranked = (
      (counted && (await this.usersByCount(metric, range, filter, limit))) ||
      (await this.groupValues({ metric, by, measure, range, filter }, withHistogram, measured))
    ).sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
    // Only the rows that may be shown are named: those within the limit and those tied with its
    // last one (ties go by label). A month of users holds thousands of keys for a top ten.
    const cut = ranked[limit - 1]?.value ?? -Infinity;
    const candidates = ranked.filter((row, i) => i < limit || (row.value ?? -Infinity) === cut);
    const labels = byStatus
      ? null
      : await this.labels(
          by as KeyDimension,
          candidates.map((row) => row.storedKey)
        );
    const result = candidates.map((row) => {
      const named = labels?.get(row.storedKey);
      return Object.assign(row, {
        key: byStatus ? row.storedKey.toUpperCase() : (named?.key ?? row.storedKey),
        label: byStatus ? row.storedKey.toUpperCase() : (named?.label ?? (row.storedKey || '(none)')),
      });
    });
    result.sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.label.localeCompare(b.label));
    return result.slice(0, limit);
  }

  /** Each stored key's (or status's) measure, with its summary unless only `measured` sums are read. */
  private async groupValues(
    { metric, by, measure, range, filter }: Omit<BreakdownQuery, 'limit'>,
    histogram: boolean,
    measured: SumsWanted | undefined
  ): Promise<GroupValue[]> {
    const { spec, groups } = await this.groupTotals(metric, by, range, filter, histogram, measured);
    return [...groups.entries()].map(([storedKey, totals]) => {
      const summary = summarize(spec, totals);
      // Summaries of some columns only are not handed out.
      return { storedKey, summary: measured ? undefined : summary, value: measureOf(summary, measure) };
    });
  }

  /**
   * The users who may be among the `limit` with the most records of a metric kept per user, over a
   * range longer than eight days and narrowed by user alone, with their counts: rankUsers reads a
   * few dozen users' totals from the months around the range, where the status-split rollups hold a
   * row per user, status and bucket. Undefined where that does not apply: over a week a user's
   * count is small and the top ten near-tied, so the bound closes slowly (two rounds) and reading
   * every user measured as fast; and beyond a top list, as each user met costs a few index ranges.
   */
  private async usersByCount(
    metric: StatsMetric,
    range: MinuteRange,
    filter: StatsFilter | null | undefined,
    limit: number,
    now = Date.now()
  ): Promise<GroupValue[] | undefined> {
    if (!USER_TOTAL_METRICS.includes(metric) || limit > RANKED_AT_MOST || filter?.status?.length) return undefined;
    const spans = this.spans(range, now);
    const nextMinute = toMinute(now) + 1;
    const bound = enclosing(spans[0].from, spans.at(-1)!.to, nextMinute);
    if (bound[0].res !== 'month') return undefined;
    // Checked and looked up only where this path is taken: the other reads the filter itself.
    const scope = await this.scope(metric, filter, StatsDimension.USER);
    if (scope.keys?.length === 0) return [];
    const signedSpans = this.signedSpans(range, now);
    const ranking: UserRanking = {
      metric,
      column: 'n',
      bound,
      count: limit,
      only: scope.keys?.map(Number),
      now: nextMinute,
    };
    const counts = await rankUsers(this.dataSource, ranking, async (ids) => {
      const totals = await readUserTotals(this.dataSource, signedSpans, ids, [metric]);
      return new Map([...totals].map(([id, sums]) => [id, BigInt(sums.get(metric)!.n)]));
    });
    return [...counts].map(([id, n]) => ({ storedKey: String(id), value: Number(n) }));
  }

  /**
   * The records of each stored key (an id for agents, tools, users and workflows) by status,
   * unlabelled: for pages that join the keys to rows of their own. Counts only, statuses apart.
   */
  async statusCountsBy(
    metric: StatsMetric,
    by: KeyDimension,
    range: MinuteRange,
    filter?: StatsFilter | null
  ): Promise<Map<string, StatusCount[]>> {
    const { spec, groups } = await this.groupTotals(metric, by, range, filter, false, { columns: ['n'] });
    return new Map([...groups.entries()].map(([key, totals]) => [key, summarize(spec, totals).statuses]));
  }

  /** The totals of each stored key (or status), of the sums `wanted` (default: all its metric has). */
  private async groupTotals(
    metric: StatsMetric,
    by: StatsDimension,
    range: MinuteRange,
    filter: StatsFilter | null | undefined,
    histogram: boolean,
    wanted?: SumsWanted
  ): Promise<{ spec: MetricSpec; groups: Map<string, Totals> }> {
    const byStatus = by === StatsDimension.STATUS;
    const scope = await this.scope(metric, filter, by, histogram);
    const read = await this.read(scope, range, histogram, wanted);
    return { spec: scope.spec, groups: totalsBy(read, (row) => (byStatus ? row.status! : row.dimKey), histogram) };
  }

  async timeSeries({
    metric,
    measure,
    range,
    interval,
    groupBy,
    filter,
    limit,
  }: MeasureQuery & { interval: string; groupBy?: StatsDimension | null }): Promise<TimeSeries> {
    const { step, from, times } = this.slots(range, interval);
    const percentiles = PERCENTILE_MEASURES.includes(measure);
    if (percentiles && groupBy === StatsDimension.STATUS) {
      throw new InputError(
        'groupBy',
        'percentiles cover all statuses together: group by a dimension, or chart COUNT by status'
      );
    }
    const scope = await this.scope(metric, filter, groupBy ?? undefined, percentiles);
    let labels: Map<string, { key: string; label: string }> | undefined;
    if (groupBy && groupBy !== StatsDimension.STATUS) {
      // Chart the top keys over the whole range, not whichever keys happen to come first; the
      // breakdown has already labelled them.
      const top = await this.breakdown({ metric, by: groupBy, measure, range, filter, limit, summaries: false });
      scope.keys = top.map((row) => row.storedKey);
      labels = new Map(top.map((row) => [row.storedKey, row]));
    }
    // A series of a count, tokens or cost reads only its columns, by status too: a count series of
    // one key over days then reads the key-first index alone (see readSums).
    const measured = measureSums(measure, groupBy !== StatsDimension.STATUS);
    const read = await readRollups(this.dataSource, {
      metric: scope.spec.metric,
      dim: scope.dim,
      keys: scope.keys,
      statuses: scope.statuses,
      spans: [{ res: step.res, from, to: range.to }],
      slotMinutes: step.minutes,
      histogram: percentiles,
      ...sumsOf(scope.spec, measured),
    });
    const seriesKey = (row: { dimKey: string; status?: string }) =>
      !groupBy ? '' : groupBy === StatsDimension.STATUS ? row.status! : row.dimKey;
    const bySeries = totalsBy(read, (row) => `${seriesKey(row)}\u0000${row.slot}`, percentiles);
    const keys = new Set([...read.sums, ...read.histograms].map(seriesKey));
    if (!groupBy) keys.add('');
    const empty = summarize(scope.spec, percentiles ? new Totals().withHistogram() : new Totals());
    const series = [...keys].map((key) => {
      const slots = new Map(times.map((time) => [time, bySeries.get(`${key}\u0000${time}`)]));
      const values = times.map((time) => {
        const totals = slots.get(time);
        return measureOf(totals ? summarize(scope.spec, totals) : empty, measure);
      });
      const name = !groupBy
        ? measure
        : groupBy === StatsDimension.STATUS
          ? key.toUpperCase()
          : (labels?.get(key)?.key ?? key);
      const label = !groupBy
        ? measure
        : groupBy === StatsDimension.STATUS
          ? key.toUpperCase()
          : (labels?.get(key)?.label ?? (key || '(none)'));
      return { key: name, label, values };
    });
    series.sort((a, b) => a.label.localeCompare(b.label));
    return { metric, measure, interval, intervalSeconds: step.minutes * 60, times: times.map(minuteToDate), series };
  }

  /** The series slots of an interval over a range: their start minutes, aligned to UTC multiples of the interval. */
  slots(range: MinuteRange, interval: string): { step: (typeof INTERVALS)[string]; from: number; times: number[] } {
    const step = INTERVALS[interval];
    if (!step)
      throw new InputError('interval', `must be one of ${Object.keys(INTERVALS).join(', ')}, got "${interval}"`);
    if (step.res === 'minute' && range.from < minuteFloor(this.minuteRollupDays)) {
      throw new InputError(
        'interval',
        `minute-level data is kept ${this.minuteRollupDays} days (MINUTE_ROLLUP_DAYS); use 1h or longer for this range`
      );
    }
    const from = range.from - (range.from % step.minutes);
    const points = Math.ceil((range.to - from) / step.minutes);
    if (points > MAX_SERIES_POINTS) {
      throw new InputError(
        'interval',
        `gives ${points} points for this range; choose a longer interval (at most ${MAX_SERIES_POINTS} points)`
      );
    }
    return { step, from, times: Array.from({ length: points }, (_, i) => from + i * step.minutes) };
  }

  /** Display keys and labels of stored dimension keys (ids for agents, tools, users, workflows). */
  async labels(dim: KeyDimension, storedKeys: string[]): Promise<Map<string, { key: string; label: string }>> {
    const label = DIMENSION_LABELS[dim];
    const ids = storedKeys.filter((key) => /^\d+$/.test(key));
    if (!label || ids.length === 0) return new Map(storedKeys.map((key) => [key, { key, label: key || '(none)' }]));
    const { table, keyColumn } = keyTable(this.dataSource, dim);
    const rows: { id: number | string; k: string; label: string }[] = await this.dataSource.query(
      // Columns are qualified: `key` is a reserved word in MySQL, but not after "t.".
      `SELECT t.id, t.${keyColumn} AS k, ${label} AS label FROM ${table} t WHERE t.id IN (${placeholders(ids)})`,
      ids.map(Number)
    );
    return new Map(rows.map((row) => [String(row.id), { key: row.k, label: row.label }]));
  }

  /** Stored keys (ids) of the agents, tools, users or workflows named. */
  async keysOf(dim: KeyDimension, names: string[]): Promise<string[]> {
    names = canonicalFilterValue(names);
    if (!DIMENSION_LABELS[dim] || names.length === 0) return names;
    return once(this.keyLookups, `${dim}\u0000${names.join('\u0000')}`, () => {
      const { table, keyColumn } = keyTable(this.dataSource, dim);
      return this.dataSource
        .query(`SELECT t.id FROM ${table} t WHERE t.${keyColumn} IN (${placeholders(names)})`, names)
        .then((rows: { id: number | string }[]) => rows.map((row) => String(row.id)));
    });
  }

  /** Record ids of the names a filter gives for `dim`; undefined when it names none. */
  async idsOf(dim: KeyDimension, names: string[] | null | undefined): Promise<number[] | undefined> {
    return names?.length ? (await this.keysOf(dim, names)).map(Number) : undefined;
  }

  /** Reads the rollups in scope: the sums `wanted` (default: all its metric has). */
  private read(scope: Scope, range: MinuteRange | 'allTime', histogram: boolean, wanted?: SumsWanted) {
    const query: RollupQuery = {
      metric: scope.spec.metric,
      dim: scope.dim,
      keys: scope.keys,
      statuses: scope.statuses,
      spans: range === 'allTime' ? 'allTime' : this.spans(range),
      signedSpans: range === 'allTime' ? undefined : this.signedSpans(range),
      histogram,
      ...sumsOf(scope.spec, wanted),
    };
    // Keyed by the buckets read: two ranges asked alike (the last 7 days' count and a 7-day page's
    // table of one user) are one read.
    return once(this.reads, JSON.stringify(query), () => readRollups(this.dataSource, query));
  }

  /** Checks a filter (and grouping) against what the metric's rollups hold. */
  async scope(
    metric: StatsMetric,
    filter?: StatsFilter | null,
    groupBy?: StatsDimension,
    percentiles = false
  ): Promise<Scope> {
    if (percentiles && filter?.status?.length) {
      throw new InputError(
        'filter.status',
        'percentiles cover all statuses together; leave out the status filter to get them'
      );
    }
    const spec = METRICS[metric];
    const named = FILTER_DIMENSIONS.filter((dim) => (filter?.[dim]?.length ?? 0) > 0);
    const offered = [...spec.dimensions, StatsDimension.STATUS].join(', ') || 'status';
    for (const dim of [...named, ...(groupBy && groupBy !== StatsDimension.STATUS ? [groupBy as KeyDimension] : [])]) {
      if (!spec.dimensions.includes(dim)) {
        throw new InputError(
          named.includes(dim) ? `filter.${dim}` : 'groupBy',
          `${metric.toUpperCase()} has no ${dim} dimension; it has: ${offered}`
        );
      }
    }
    if (named.length > 1)
      throw new InputError(
        `filter.${named[1]}`,
        'name at most one of agent, tool, model, provider, user, workflow and service'
      );
    const grouped = groupBy && groupBy !== StatsDimension.STATUS ? (groupBy as KeyDimension) : undefined;
    if (grouped && named.length === 1 && named[0] !== grouped) {
      // The rollups narrow one dimension at a time: the filter is what cannot be honoured here.
      throw new InputError(
        `filter.${named[0]}`,
        `cannot narrow figures broken down by ${grouped}; a filter on ${named[0]} allows a breakdown by ${named[0]} or status only`
      );
    }
    const dim = named[0] ?? grouped ?? 'all';
    const scope: Scope = { spec, dim };
    if (named[0]) scope.keys = await this.keysOf(named[0], filter![named[0]]!);
    if (filter?.status?.length) {
      scope.statuses = filter.status.map((status) => status.toLowerCase());
      const unknown = scope.statuses.find((status) => !spec.statuses.includes(status));
      if (unknown !== undefined) {
        const offeredStatuses = spec.statuses.map((status) => status.toUpperCase()).join(', ') || 'none';
        throw new InputError(
          'filter.status',
          `${metric.toUpperCase()} has no status "${unknown.toUpperCase()}"; it has: ${offeredStatuses}`
        );
      }
    }
    return scope;
  }
}
