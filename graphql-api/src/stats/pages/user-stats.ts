import { Args, Ctx, Field, FieldResolver, Float, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../app/context';
import { dialectOf, placeholders, readTimestamp } from '../../db/dialect';
import { Decimal, decimalToNanos, nanosToDecimal } from '../../common/decimal';
import { ACTIVE_SESSION_SQL } from '../../sessions/login-session.entity';
import { activeSince } from '../../sessions/login-session.resolver';
import { StatsDimension, StatsMetric } from '../../rollups/catalogue';
import { PageScope, PageStatsArgs } from '../page-args';
import { PeriodCounts, StatsMeasure, TimeSeries } from '../stats.types';

const TABLE_ROWS = 100;
const TOP_USERS = 10;

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
   * The rows both tables show: the TABLE_ROWS users seen last and the TOP_USERS with the highest
   * cost, among the users active in the range. Only those are read from the users table.
   */
  private async read(page: UserStats, context: RequestContext): Promise<UserStatsRow[]> {
    const { stats, readSource: dataSource } = context.services;
    const by = (metric: StatsMetric) =>
      stats.summariesBy(metric, StatsDimension.USER, page.scope.range, page.scope.filter);
    const [loginsBy, runsBy, executionsBy] = await Promise.all([
      by(StatsMetric.LOGINS),
      by(StatsMetric.WORKFLOW_RUNS),
      by(StatsMetric.AGENT_EXECUTIONS),
    ]);
    const active = [...new Set([...loginsBy.keys(), ...runsBy.keys(), ...executionsBy.keys()])]
      .map(Number)
      .filter(Number.isInteger);
    if (active.length === 0) return [];
    const costliest = [...executionsBy.entries()]
      .map(([key, summary]) => ({ id: Number(key), nanos: decimalToNanos(summary.costUsd)! }))
      .filter((user) => user.nanos > 0n)
      .sort((a, b) => (b.nanos > a.nanos ? 1 : b.nanos < a.nanos ? -1 : a.id - b.id))
      .slice(0, TOP_USERS)
      .map((user) => user.id);
    const columns = 'id, external_id, name, last_seen_at';
    const [latest, costly] = (await Promise.all([
      dataSource.query(
        `SELECT ${columns} FROM users WHERE id IN (${placeholders(active)}) ORDER BY last_seen_at DESC, id LIMIT ${TABLE_ROWS}`,
        active
      ),
      costliest.length
        ? dataSource.query(`SELECT ${columns} FROM users WHERE id IN (${placeholders(costliest)})`, costliest)
        : [],
    ])) as { id: number; external_id: string; name: string | null; last_seen_at: Date | string }[][];
    const users = new Map([...latest, ...costly].map((user) => [Number(user.id), user]));
    const ids = [...users.keys()];
    const [owned, sessions] = await Promise.all([
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
    return [...users.values()].map((user) => {
      const id = String(user.id);
      const usage = executionsBy.get(id);
      return {
        userId: user.external_id,
        name: user.name,
        logins: loginsBy.get(id)?.count ?? 0,
        activeSessions: activeBy.get(Number(id)) ?? 0,
        workflowsCreated: ownedBy.get(Number(id)) ?? 0,
        runsTriggered: runsBy.get(id)?.count ?? 0,
        agentExecutions: usage?.count ?? 0,
        totalTokens: usage?.totalTokens ?? 0,
        costUsd: usage?.costUsd ?? nanosToDecimal(0n),
        lastSeenAt: readTimestamp(user.last_seen_at),
      };
    });
  }
}
