import { DataSource } from 'typeorm';
import { Args, Ctx, Field, FieldResolver, Float, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../app/context';
import { dialectOf, placeholders, readTimestamp } from '../../db/dialect';
import { Decimal, decimalToNanos, nanosToDecimal } from '../../common/decimal';
import { BucketSpan, minuteToDate, SignedSpan } from '../../rollups/buckets';
import { enclosing, readUserCosts, readUserTotals, UserSums } from '../../rollups/user-totals';
import { ACTIVE_SESSION_SQL } from '../../sessions/login-session.entity';
import { activeSince } from '../../sessions/login-session.resolver';
import { StatsDimension, StatsMetric } from '../../rollups/catalogue';
import { PageScope, PageStatsArgs } from '../page-args';
import { PeriodCounts, StatsMeasure, TimeSeries } from '../stats.types';

const TABLE_ROWS = 100;
const TOP_USERS = 10;

type Totals = Map<number, Map<string, UserSums>>;
const costOf = (totals: Totals, id: number) => totals.get(id)?.get(StatsMetric.AGENT_EXECUTIONS)?.costNanos ?? 0n;

/** The TOP_USERS users of the highest cost among those read, costliest first; users without cost left out. */
function costliest(totals: Totals): number[] {
  const cost = (id: number) => costOf(totals, id);
  return [...totals.keys()]
    .filter((id) => cost(id) > 0n)
    .sort((a, b) => (cost(b) > cost(a) ? 1 : cost(b) < cost(a) ? -1 : a - b))
    .slice(0, TOP_USERS);
}

const USER_ROWS = 'SELECT id, external_id, name, last_seen_at FROM users';

interface UserRow {
  id: number;
  external_id: string;
  name: string | null;
  last_seen_at: Date | string;
}

@ObjectType({ description: 'One user over the range.' })
export class UserStatsRow {
  @Field({ description: "The platform's user id." })
  userId: string;

  @Field(() => String, { nullable: true, description: 'Display name from the latest login event that sent one.' })
  name: string | null;

  @Field(() => Int, { description: 'Logins in the range.' })
  logins: number;

  @Field(() => Int, { description: 'Sessions of this user active now.' })
  activeSessions: number;

  @Field(() => Int, { description: 'Workflows this user owns (all time).' })
  workflowsCreated: number;

  @Field(() => Int, { description: 'Workflow runs this user started in the range.' })
  runsTriggered: number;

  @Field(() => Int, { description: "Agent executions started in the range on this user's behalf." })
  agentExecutions: number;

  @Field(() => Float, { description: 'Total tokens of those agent executions.' })
  totalTokens: number;

  @Field(() => Decimal, { description: 'Cost of those agent executions in US dollars, exact to 9 decimals.' })
  costUsd: string;

  @Field(() => Date, {
    nullable: true,
    description: 'The latest event time that named this user, of any time (not only the range).',
  })
  lastSeenAt: Date | null;
}

@ObjectType({ description: 'The Users page.' })
export class UserStats {
  /** The per-user rows, read once for both tables. */
  rows?: Promise<UserStatsRow[]>;

  constructor(readonly scope: PageScope) {}
}

@Resolver(() => UserStats)
export class UserStatsResolver {
  @Query(() => UserStats, { description: 'Everything the Users page shows. Filter by user.' })
  userStats(@Args(() => PageStatsArgs) args: PageStatsArgs): UserStats {
    return new UserStats(new PageScope(args, 'userStats', ['user']));
  }

  @FieldResolver(() => PeriodCounts, {
    description: 'Logins today (in the timezone argument), over the last 7 days and all time, within the filter.',
  })
  logins(@Root() page: UserStats, @Ctx() context: RequestContext) {
    return context.services.stats.periodCounts(StatsMetric.LOGINS, page.scope.filter, page.scope.timezone);
  }

  @FieldResolver(() => Int, { description: 'Sessions active now (of the filtered users).' })
  async activeSessions(@Root() page: UserStats, @Ctx() context: RequestContext) {
    const { stats, currentState } = context.services;
    return currentState.activeSessions(
      activeSince(context),
      await stats.idsOf(StatsDimension.USER, page.scope.filter?.user)
    );
  }

  @FieldResolver(() => TimeSeries, {
    description: 'Logins and session activity per bucket: series "logins" and "activity".',
  })
  async series(@Root() page: UserStats, @Ctx() context: RequestContext): Promise<TimeSeries> {
    const { range, interval, filter } = page.scope;
    const [logins, activity] = await Promise.all(
      [StatsMetric.LOGINS, StatsMetric.SESSION_ACTIVITY].map((metric) =>
        context.services.stats.timeSeries({ metric, measure: StatsMeasure.COUNT, range, interval, filter, limit: 1 })
      )
    );
    return {
      ...logins,
      series: [
        { ...logins.series[0], key: 'logins', label: 'Logins' },
        { ...activity.series[0], key: 'activity', label: 'Session activity' },
      ],
    };
  }

  @FieldResolver(() => TimeSeries, {
    description: 'Logins per 10 minutes over the range, whatever the interval (the Users page shows the last hour).',
  })
  async loginsPer10Minutes(@Root() page: UserStats, @Ctx() context: RequestContext): Promise<TimeSeries> {
    const { range, filter } = page.scope;
    const logins = await context.services.stats.timeSeries({
      metric: StatsMetric.LOGINS,
      measure: StatsMeasure.COUNT,
      range,
      interval: '10m',
      filter,
      limit: 1,
    });
    return { ...logins, series: [{ ...logins.series[0], key: 'logins', label: 'Logins' }] };
  }

  @FieldResolver(() => [UserStatsRow], {
    description: 'Users active in the range (logins, runs or agent executions), most recently seen first.',
  })
  async users(@Root() page: UserStats, @Ctx() context: RequestContext): Promise<UserStatsRow[]> {
    const rows = [...(await this.rowsOf(page, context))];
    return rows.sort((a, b) => (b.lastSeenAt?.getTime() ?? 0) - (a.lastSeenAt?.getTime() ?? 0)).slice(0, TABLE_ROWS);
  }

  @FieldResolver(() => [UserStatsRow], {
    description: `The ${TOP_USERS} users with the highest agent cost in the range, costliest first; users without cost are left out.`,
  })
  async topUsersByCost(@Root() page: UserStats, @Ctx() context: RequestContext): Promise<UserStatsRow[]> {
    const rows = await this.rowsOf(page, context);
    return rows
      .filter((row) => decimalToNanos(row.costUsd)! > 0n)
      .sort((a, b) => Number(decimalToNanos(b.costUsd)! - decimalToNanos(a.costUsd)!))
      .slice(0, TOP_USERS);
  }

  private rowsOf(page: UserStats, context: RequestContext): Promise<UserStatsRow[]> {
    page.rows ??= this.read(page, context);
    return page.rows;
  }

  /**
   * The rows both tables show: the TABLE_ROWS users seen last among those active in the range and
   * the TOP_USERS with the highest cost in it. Over an hour or two, few users have rows: all of
   * theirs are read at once. Otherwise neither table reads every active user's rollups (see walk).
   */
  private async read(page: UserStats, context: RequestContext): Promise<UserStatsRow[]> {
    const { stats, readSource: dataSource } = context.services;
    const only = await stats.idsOf(StatsDimension.USER, page.scope.filter?.user);
    if (only?.length === 0) return [];
    const spans = stats.spans(page.scope.range);
    const bound = enclosing(spans[0].from, spans.at(-1)!.to);
    const signedSpans = stats.signedSpans(page.scope.range);
    const { totals, latest, costliest, rows } =
      bound.res === 'hour'
        ? await this.everyActiveUser(dataSource, signedSpans, only)
        : await this.walk(dataSource, signedSpans, bound, only);

    const ids = [...new Set([...latest, ...costliest])];
    if (ids.length === 0) return [];
    const [found, owned, sessions] = await Promise.all([
      rows ?? (dataSource.query(`${USER_ROWS} WHERE id IN (${placeholders(ids)})`, ids) as Promise<UserRow[]>),
      dataSource.query(
        `SELECT owner_id AS id, COUNT(*) AS n FROM workflows WHERE owner_id IN (${placeholders(ids)}) GROUP BY owner_id`,
        ids
      ),
      dataSource.query(
        `SELECT user_id AS id, COUNT(*) AS n FROM login_sessions WHERE ${ACTIVE_SESSION_SQL} AND user_id IN (${placeholders(ids)}) GROUP BY user_id`,
        [dialectOf(dataSource).timestamp(activeSince(context)), ...ids]
      ),
    ]);
    const countOf = (rows: { id: number; n: number | string }[]) =>
      new Map(rows.map((row) => [Number(row.id), Number(row.n)]));
    const ownedBy = countOf(owned);
    const activeBy = countOf(sessions);
    const users = new Map(found.map((user) => [Number(user.id), user]));
    // In the walk's order, then the costliest not in it: the users table sorts stably by last seen.
    return ids.map((id) => {
      const user = users.get(id)!;
      const of = (metric: StatsMetric) => totals.get(id)?.get(metric);
      const usage = of(StatsMetric.AGENT_EXECUTIONS);
      return {
        userId: user.external_id,
        name: user.name,
        logins: of(StatsMetric.LOGINS)?.n ?? 0,
        activeSessions: activeBy.get(id) ?? 0,
        workflowsCreated: ownedBy.get(id) ?? 0,
        runsTriggered: of(StatsMetric.WORKFLOW_RUNS)?.n ?? 0,
        agentExecutions: usage?.n ?? 0,
        totalTokens: usage?.tokens ?? 0,
        costUsd: nanosToDecimal(usage?.costNanos ?? 0n),
        lastSeenAt: readTimestamp(user.last_seen_at),
      };
    });
  }

  /**
   * Users active in the range, most recently seen first, and the costliest of them, with their
   * totals and rows. A user's last_seen_at follows their newest event, so every user active in the
   * range was seen at or after its start: their rows are read alongside the totals, not after them.
   */
  private async everyActiveUser(dataSource: DataSource, spans: SignedSpan[], only: number[] | undefined) {
    const since = dialectOf(dataSource).timestamp(minuteToDate(Math.min(...spans.map((span) => span.from))));
    const [totals, seen] = await Promise.all([
      readUserTotals(dataSource, spans, only),
      dataSource.query(
        `${USER_ROWS} WHERE last_seen_at >= ?${only ? ` AND id IN (${placeholders(only)})` : ''} ORDER BY last_seen_at DESC, id`,
        [since, ...(only ?? [])]
      ) as Promise<UserRow[]>,
    ]);
    const rows = seen.filter((row) => totals.has(Number(row.id)));
    const latest = rows.slice(0, TABLE_ROWS).map((row) => Number(row.id));
    return { totals, latest, costliest: costliest(totals), rows };
  }

  /**
   * The same over a longer range, without reading every active user's rollups: users are walked
   * in last-seen order, a page at a time, and their per-user totals (user_rollups) read for each
   * page until TABLE_ROWS are active; the costliest are found from every user's cost in the few
   * buckets that enclose the range (never less than their cost in the range), reading the exact
   * totals of the users with the highest bound, in batches that double, until no other bound can
   * reach the TOP_USERSth exact cost.
   */
  private async walk(dataSource: DataSource, spans: SignedSpan[], bound: BucketSpan, only: number[] | undefined) {
    const totals: Totals = new Map();
    const readTotals = async (ids: number[]) => {
      const unread = ids.filter((id) => !totals.has(id));
      const read = await readUserTotals(dataSource, spans, unread);
      for (const id of unread) totals.set(id, read.get(id) ?? new Map());
    };

    // Every user's id in last-seen order (ids only: a few kilobytes at thousands of users), and
    // the bounds, read while the walk goes on.
    const order = dataSource.query(
      `SELECT id FROM users${only ? ` WHERE id IN (${placeholders(only)})` : ''} ORDER BY last_seen_at DESC, id`,
      only ?? []
    ) as Promise<{ id: number | string }[]>;
    const bounding = readUserCosts(dataSource, StatsMetric.AGENT_EXECUTIONS, bound, only);

    // The users seen last, a page at a time, until TABLE_ROWS are active: the first page a quarter
    // more than TABLE_ROWS, each next one half as many more as the pages so far found active users at.
    const walking = (async () => {
      const seenLast = (await order).map((row) => Number(row.id));
      const latest: number[] = [];
      for (let offset = 0, size = TABLE_ROWS + TABLE_ROWS / 4; offset < seenLast.length;) {
        const page = seenLast.slice(offset, offset + Math.max(size, TABLE_ROWS / 4));
        await readTotals(page);
        latest.push(...page.filter((id) => totals.get(id)!.size > 0).slice(0, TABLE_ROWS - latest.length));
        offset += page.length;
        if (latest.length === TABLE_ROWS) break;
        size = latest.length ? Math.ceil((1.5 * (TABLE_ROWS - latest.length) * offset) / latest.length) : Infinity;
      }
      return latest;
    })();
    const [latest, bounds] = await Promise.all([walking, bounding]);
    const ranked = [...bounds.entries()].sort(([a, x], [b, y]) => (y > x ? 1 : y < x ? -1 : a - b)).map(([id]) => id);

    // The costliest: exact totals in order of their bound, until no bound left reaches the last of the top.
    let top: number[] = [];
    for (let next = 0, size = 2 * TOP_USERS; next < ranked.length; size *= 2) {
      const batch = ranked.slice(next, next + size);
      next += batch.length;
      await readTotals(batch);
      top = costliest(totals);
      const last = top.at(-1);
      if (top.length === TOP_USERS && next < ranked.length && costOf(totals, last!) > bounds.get(ranked[next])!) break;
    }

    return { totals, latest, costliest: top, rows: undefined };
  }
}
