import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Float, Info, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { SortDirection } from '../../common/connection';
import type { RequestContext } from '../../app/context';
import { list } from '../../common/list';
import { Plan } from '../../planner/plan.entity';
import { PLANS, PlanSort } from '../../planner/planner.resolver';
import { StatsDimension, StatsMetric } from '../../rollups/catalogue';
import { PageScope, PageStatsArgs, selectLimit } from '../page-args';
import { wantsSummaries } from '../selection';
import { BreakdownRow, PeriodCounts, StatsMeasure, StatsSummary, StatusCount, TimeSeries } from '../stats.types';

const TOP_USERS = 10;

@ObjectType({ description: 'The Planner page: plans, their approval, and planner conversations.' })
export class PlannerStats {
  constructor(readonly scope: PageScope) {}
}

/** The plans created in the range: several fields show it, and the request reads it once. */
const plansSummary = (page: PlannerStats, context: RequestContext): Promise<StatsSummary> =>
  context.stats.summary(StatsMetric.PLANS, page.scope.range, page.scope.filter, false);

@Resolver(() => PlannerStats)
export class PlannerStatsResolver {
  @Query(() => PlannerStats, { description: 'Everything the Planner page shows. Filter by user.' })
  plannerStats(@Args(() => PageStatsArgs) args: PageStatsArgs): PlannerStats {
    return new PlannerStats(new PageScope(args, 'plannerStats', ['user']));
  }

  @FieldResolver(() => PeriodCounts, {
    description:
      'Plans created today (in the timezone argument), over the last 7 days and all time, within the filter.',
  })
  plans(@Root() page: PlannerStats, @Ctx() context: RequestContext) {
    return context.stats.periodCounts(StatsMetric.PLANS, page.scope.filter, page.scope.timezone);
  }

  @FieldResolver(() => PeriodCounts, {
    description: 'Planner conversations started today, over the last 7 days and all time, within the filter.',
  })
  conversations(@Root() page: PlannerStats, @Ctx() context: RequestContext) {
    return context.stats.periodCounts(StatsMetric.PLANNER_CONVERSATIONS, page.scope.filter, page.scope.timezone);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'Approved over decided plans created in the range, 0 to 1 (a plan approved and then executed, completed or failed counts as approved); null when none was decided.',
  })
  async approvalRate(@Root() page: PlannerStats, @Ctx() context: RequestContext) {
    return (await plansSummary(page, context)).successRate;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "Mean time in milliseconds from a plan's creation to its decision, for the decided plans created in the range; null when none was decided.",
  })
  async avgTimeToDecisionMs(@Root() page: PlannerStats, @Ctx() context: RequestContext) {
    return (await plansSummary(page, context)).avgDurationMs;
  }

  @FieldResolver(() => Int, {
    description: 'Plans waiting for approval now (of the filtered users); not approvals of runs.',
  })
  async plansPendingApproval(@Root() page: PlannerStats, @Ctx() context: RequestContext) {
    const { stats } = context;
    const { currentState } = context.services;
    return currentState.plansInStatus(
      'pending_approval',
      await stats.idsOf(StatsDimension.USER, page.scope.filter?.user)
    );
  }

  @FieldResolver(() => TimeSeries, {
    description: 'Plans and conversations per bucket: series "plans" and "conversations".',
  })
  async series(@Root() page: PlannerStats, @Ctx() context: RequestContext): Promise<TimeSeries> {
    const { range, interval, filter } = page.scope;
    const [plans, conversations] = await Promise.all(
      [StatsMetric.PLANS, StatsMetric.PLANNER_CONVERSATIONS].map((metric) =>
        context.stats.timeSeries({ metric, measure: StatsMeasure.COUNT, range, interval, filter, limit: 1 })
      )
    );
    return {
      ...plans,
      series: [
        { ...plans.series[0], key: 'plans', label: 'Plans' },
        { ...conversations.series[0], key: 'conversations', label: 'Conversations' },
      ],
    };
  }

  @FieldResolver(() => [StatusCount], { description: 'Plans created in the range, by state.' })
  async statusDistribution(@Root() page: PlannerStats, @Ctx() context: RequestContext) {
    return (await plansSummary(page, context)).statuses;
  }

  @FieldResolver(() => [BreakdownRow], {
    description: `The ${TOP_USERS} users with the most plans created in the range, most first; key: the platform's user id.`,
  })
  topUsers(@Root() page: PlannerStats, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo) {
    return context.stats.breakdown({
      metric: StatsMetric.PLANS,
      by: StatsDimension.USER,
      measure: StatsMeasure.COUNT,
      range: page.scope.range,
      filter: page.scope.filter,
      limit: TOP_USERS,
      histogram: false,
      summaries: wantsSummaries(info),
    });
  }

  @FieldResolver(() => [Plan], { description: 'The newest plans created in the range, within the filter.' })
  async recentPlans(
    @Root() page: PlannerStats,
    @Ctx() context: RequestContext,
    @Arg('first', () => Int, { defaultValue: 10, description: 'How many: 1 to 1000.' }) first: number
  ) {
    const result = await list(context.services.readSource, PLANS, {
      first: selectLimit(first, 'first'),
      filter: { ...page.scope.listRange, user: page.scope.filter?.user },
      sortBy: PlanSort.CREATED_AT,
      direction: SortDirection.DESC,
    });
    return result.nodes;
  }
}
