import { ArgsType, Field } from 'type-graphql';
import { InputError } from '../common/errors';
import { minuteToDate } from '../rollups/buckets';
import { MinuteRange, minuteRange } from './stats.service';
import { StatsFilter, TimeRangeInput } from './stats.types';

const MAX_LIMIT = 1000;

export function selectLimit(limit: number, field = 'limit'): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new InputError(field, `must be from 1 to ${MAX_LIMIT}, got ${limit}`);
  return limit;
}

/** The arguments of every page's statistics: the dashboard's time range, zone, series interval and filter. */
@ArgsType()
export class PageStatsArgs {
  @Field(() => TimeRangeInput, {
    nullable: true,
    description:
      'The window of the in-range figures, series and tables (not of today, last7Days, allTime or "now" figures); the last hour when left out.',
  })
  range?: TimeRangeInput | null;

  @Field({ defaultValue: 'UTC', description: 'IANA zone whose midnight starts "today", e.g. "Europe/Paris".' })
  timezone: string;

  @Field({
    defaultValue: '10m',
    description: 'Series bucket width: 1m, 5m, 10m, 15m, 30m, 1h, 6h, 12h or 1d; at most 2000 buckets over the range.',
  })
  interval: string;

  @Field(() => StatsFilter, {
    nullable: true,
    description: 'Narrows every figure of the page; which dimensions a page takes is in its description.',
  })
  filter?: StatsFilter | null;
}

export type FilterKey = keyof StatsFilter;

/** What a page's field resolvers compute from: the checked arguments. */
export class PageScope {
  readonly range: MinuteRange;
  readonly timezone: string;
  readonly interval: string;
  readonly filter: StatsFilter | null;

  /**
   * @param accepts the filter keys every figure of the page honours; any other is refused, so no
   * figure answers for more than the filter names.
   */
  constructor(args: PageStatsArgs, query: string, accepts: readonly FilterKey[]) {
    for (const [key, values] of Object.entries(args.filter ?? {}) as [FilterKey, string[] | null][]) {
      if (values?.length && !accepts.includes(key)) {
        throw new InputError(
          `filter.${key}`,
          `${query} does not narrow by ${key}; it takes ${accepts.length ? accepts.join(', ') : 'no filter'}`
        );
      }
    }
    this.range = minuteRange(args.range);
    this.timezone = args.timezone;
    this.interval = args.interval;
    this.filter = args.filter ?? null;
  }

  /** The range as list filters take it (`from` inclusive, `to` exclusive), minute for minute as the figures read it. */
  get listRange(): { from: Date; to: Date } {
    return { from: minuteToDate(this.range.from), to: minuteToDate(this.range.to) };
  }
}
