import { DataSource } from 'typeorm';
import { Args, Ctx, Field, FieldResolver, Float, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../app/context';
import { dialectOf, placeholders, readTimestamp } from '../../db/dialect';
import { Decimal, decimalToNanos, nanosToDecimal } from '../../common/decimal';
import { BucketSpan, minuteToDate, SignedSpan, toMinute } from '../../rollups/buckets';
import { readActiveUsers, readUserCosts, readUserTotals, UserSums } from '../../rollups/user-totals';
import { enclosing, highestFirst, rankUsers, UserRanking } from '../../rollups/user-ranking';
import { ACTIVE_SESSION_SQL } from '../../sessions/login-session.entity';
import { activeSince } from '../../sessions/login-session.resolver';
import { StatsDimension, StatsMetric } from '../../rollups/catalogue';
import { PageScope, PageStatsArgs } from '../page-args';
import { PeriodCounts, StatsMeasure, TimeSeries } from '../stats.types';

const TABLE_ROWS = 100;
const TOP_USERS = 10;
/** Users seen last read at first: a quarter more than the table shows, as some are not active in the range. */
const FIRST_PAGE = TABLE_ROWS + TABLE_ROWS / 4;

/** What makes a user active in a range, and what the tables show of them. */
const ACTIVITY = [StatsMetric.LOGINS, StatsMetric.WORKFLOW_RUNS, StatsMetric.AGENT_EXECUTIONS];

type Totals = Map<number, Map<string, UserSums>>;
/** The cost of every user read (0 for none). */
const costs = (totals: Totals) =>
  new Map([...totals].map(([id, sums]) => [id, sums.get(StatsMetric.AGENT_EXECUTIONS)?.costNanos ?? 0n]));

/** The TOP_USERS users of the highest cost among those read, costliest first; users without cost left out. */
const costliest = (totals: Totals) => highestFirst(costs(totals), TOP_USERS);

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
    return context.stats.periodCounts(StatsMetric.LOGINS, page.scope.filter, page.scope.timezone);
  }

  @FieldResolver(() => Int, { description: 'Sessions active now (of the filtered users).' })
  async activeSessions(@Root() page: UserStats, @Ctx() context: RequestContext) {
    const { stats } = context;
    const { currentState } = context.services;
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
        context.stats.timeSeries({ metric, measure: StatsMeasure.COUNT, range, interval, filter, limit: 1 })
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
    const logins = await context.stats.timeSeries({
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
   * the TOP_USERS with the highest cost in it, without reading every active user's rollups (see walk).
   */
  private async read(page: UserStats, context: RequestContext): Promise<UserStatsRow[]> {
    const { stats } = context;
    const { readSource: dataSource } = context.services;
    const only = await stats.idsOf(StatsDimension.USER, page.scope.filter?.user);
    if (only?.length === 0) return [];
    const users = new UserReads(dataSource, stats.signedSpans(page.scope.range), activeSince(context));
    const { latest, costliest } = await walk(users, stats.spans(page.scope.range), only);
    // In the walk's order, then the costliest not in it: the users table sorts stably by last seen.
    const shown = [...new Set([...latest, ...costliest])];
    await users.read(shown);
    return shown.map((id) => users.row(id));
  }
}

/**
 * Users' totals over the range and what the tables show of them (name, last seen, workflows owned,
 * sessions active now), each read once per user: a round reads the totals of the users not read
 * yet and, with `details`, the rest of those not detailed yet, in parallel. The walk reads details
 * with its pages of users seen last and its first users by cost, which hold most of those shown.
 */
class UserReads {
  readonly totals: Totals = new Map();
  private readonly users = new Map<number, UserRow>();
  private readonly owned = new Map<number, number>();
  private readonly sessions = new Map<number, number>();
  private readonly detailed = new Set<number>();

  constructor(
    readonly dataSource: DataSource,
    readonly spans: SignedSpan[],
    private readonly activeSince: Date
  ) {}

  /** Whether the user has any total in the range (read first). */
  isActive = (id: number) => this.totals.get(id)!.size > 0;

  async read(ids: number[], details = true): Promise<void> {
    const unique = [...new Set(ids)];
    await Promise.all([
      this.readTotals(unique.filter((id) => !this.totals.has(id))),
      details ? this.readDetails(unique.filter((id) => !this.detailed.has(id))) : undefined,
    ]);
  }

  private async readTotals(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const totals = await readUserTotals(this.dataSource, this.spans, ids, ACTIVITY);
    for (const id of ids) this.totals.set(id, totals.get(id) ?? new Map());
  }

  private async readDetails(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const { dataSource } = this;
    const counts = (sql: string, parameters: unknown[]) =>
      dataSource.query(sql, parameters) as Promise<{ id: number | string; n: number | string }[]>;
    const [users, owned, sessions] = await Promise.all([
      dataSource.query(`${USER_ROWS} WHERE id IN (${placeholders(ids)})`, ids) as Promise<UserRow[]>,
      counts(
        `SELECT owner_id AS id, COUNT(*) AS n FROM workflows WHERE owner_id IN (${placeholders(ids)}) GROUP BY owner_id`,
        ids
      ),
      counts(
        `SELECT user_id AS id, COUNT(*) AS n FROM login_sessions WHERE ${ACTIVE_SESSION_SQL} AND user_id IN (${placeholders(ids)}) GROUP BY user_id`,
        [dialectOf(dataSource).timestamp(this.activeSince), ...ids]
      ),
    ]);
    for (const id of ids) this.detailed.add(id);
    for (const user of users) this.users.set(Number(user.id), user);
    for (const row of owned) this.owned.set(Number(row.id), Number(row.n));
    for (const row of sessions) this.sessions.set(Number(row.id), Number(row.n));
  }

  row(id: number): UserStatsRow {
    const user = this.users.get(id)!;
    const of = (metric: StatsMetric) => this.totals.get(id)?.get(metric);
    const usage = of(StatsMetric.AGENT_EXECUTIONS);
    return {
      userId: user.external_id,
      name: user.name,
      logins: of(StatsMetric.LOGINS)?.n ?? 0,
      activeSessions: this.sessions.get(id) ?? 0,
      workflowsCreated: this.owned.get(id) ?? 0,
      runsTriggered: of(StatsMetric.WORKFLOW_RUNS)?.n ?? 0,
      agentExecutions: usage?.n ?? 0,
      totalTokens: usage?.tokens ?? 0,
      costUsd: nanosToDecimal(usage?.costNanos ?? 0n),
      lastSeenAt: readTimestamp(user.last_seen_at),
    };
  }
}

/** Ids of users seen since the range began are read this many at a time, in last-seen order. */
const SEEN_PAGE = 4 * TABLE_ROWS;

/**
 * The users seen since a time (every user active in a range starting then was: last_seen_at
 * follows their newest event), most recently seen first, read a page at a time as they are needed;
 * of `only` when given, and of those `kept` passes.
 */
class SeenLast {
  private readonly ids: number[] = [];
  private all = false;
  kept: (id: number) => boolean = () => true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly since: unknown,
    private readonly only: number[] | undefined
  ) {}

  /** The first `count` ids kept (fewer when no more are left). */
  async first(count: number): Promise<number[]> {
    let kept = this.ids.filter(this.kept);
    while (!this.all && kept.length < count) {
      const { only } = this;
      const rows: { id: number | string }[] = await this.dataSource.query(
        `SELECT id FROM users WHERE last_seen_at >= ?${only ? ` AND id IN (${placeholders(only)})` : ''} ` +
          `ORDER BY last_seen_at DESC, id DESC LIMIT ${SEEN_PAGE} OFFSET ${this.ids.length}`,
        [this.since, ...(only ?? [])]
      );
      this.ids.push(...rows.map((row) => Number(row.id)));
      this.all = rows.length < SEEN_PAGE;
      kept = this.ids.filter(this.kept);
    }
    return kept.slice(0, count);
  }
}

/**
 * Users active in the range, most recently seen first, and the costliest of them, without reading
 * every active user's rollups.
 * - Seen last: users seen since the range began, in last-seen order, read a page at a time until
 *   TABLE_ROWS are active.
 * - Costliest over an hour or two: each user's cost in the range itself, from the index that holds
 *   it (no row looked up); beside it, every user active in the range, from the index that holds the
 *   counts, so the users seen last who are not are passed over unread.
 * - Costliest over longer ranges (up to eight days, or months): rankUsers' threshold algorithm over
 *   each enclosing bucket's costliest entries. (Over an hour, every active user's exact cost in one
 *   statement measured faster: exact totals take a few index ranges per user and span, and the
 *   hour's few buckets bound it loosely.)
 * The first round reads what the tables show of the users it reads (UserReads), as do later pages
 * of users seen last; later users by cost have their totals read only (few are shown), and the
 * caller reads the details still missing.
 */
async function walk(users: UserReads, spans: BucketSpan[], only: number[] | undefined) {
  const { dataSource } = users;
  const now = toMinute(Date.now()) + 1;
  const since = dialectOf(dataSource).timestamp(minuteToDate(Math.min(...users.spans.map((span) => span.from))));
  const bound = enclosing(spans[0].from, spans.at(-1)!.to, now);
  if (bound[0].res === 'hour') {
    const seen = new SeenLast(dataSource, since, only);
    const [inRange, active] = await Promise.all([
      readUserCosts(dataSource, StatsMetric.AGENT_EXECUTIONS, users.spans, only),
      readActiveUsers(dataSource, users.spans, ACTIVITY, only),
      seen.first(SEEN_PAGE),
    ]);
    seen.kept = (id) => active.has(id);
    await users.read([...(await seen.first(TABLE_ROWS)), ...highestFirst(inRange, TOP_USERS)]);
    return { latest: await seenLastActive(users, seen), costliest: costliest(users.totals) };
  }

  // The first page of users seen last is read with the first users met by cost, with what the
  // tables show of them; users met later have their totals read only.
  const seen = new SeenLast(dataSource, since, only);
  const firstPage = seen.first(FIRST_PAGE);
  let round = 0;
  const exact = async (ids: number[]) => {
    await (round++ === 0 ? users.read([...(await firstPage), ...ids]) : users.read(ids, false));
    return costs(users.totals);
  };
  const ranking: UserRanking = {
    metric: StatsMetric.AGENT_EXECUTIONS,
    column: 'cost_nanos',
    bound,
    count: TOP_USERS,
    only,
    now,
  };
  await rankUsers(dataSource, ranking, exact);
  return { latest: await seenLastActive(users, seen), costliest: costliest(users.totals) };
}

/**
 * The first TABLE_ROWS users seen last who are active in the range, reading on a page at a time
 * past those read: each next page half as many more as the pages so far found active users at,
 * with their details, as most of them are shown.
 */
async function seenLastActive(users: UserReads, seen: SeenLast): Promise<number[]> {
  const latest: number[] = [];
  for (let offset = 0; ;) {
    const ids = await seen.first(offset + TABLE_ROWS - latest.length);
    const unread = ids.slice(offset).findIndex((id) => !users.totals.has(id));
    const end = unread === -1 ? ids.length : offset + unread;
    latest.push(
      ...ids
        .slice(offset, end)
        .filter(users.isActive)
        .slice(0, TABLE_ROWS - latest.length)
    );
    offset = end;
    if (latest.length === TABLE_ROWS) return latest;
    const pageSize = latest.length
      ? Math.ceil((1.5 * (TABLE_ROWS - latest.length) * offset) / latest.length)
      : Infinity;
    const page = (await seen.first(offset + Math.max(pageSize, TABLE_ROWS / 4))).slice(offset);
    if (page.length === 0) return latest;
    await users.read(page);
  }
}
