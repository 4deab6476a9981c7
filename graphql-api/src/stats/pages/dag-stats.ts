import { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Field, FieldResolver, Info, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../app/context';
import { StatsDimension, StatsMetric } from '../../rollups/catalogue';
import { PageScope, PageStatsArgs } from '../page-args';
import { wantsPercentiles } from '../selection';
import { PeriodCounts, StatsMeasure, StatsSummary, StatusCount, TimeSeries } from '../stats.types';

const TABLE_ROWS = 100;

@ObjectType({ description: 'One workflow over the range.' })
export class WorkflowStats {
  @Field({ description: 'The workflow key.' })
  key: string;

  @Field({ description: 'The workflow name.' })
  label: string;

  @Field(() => StatsSummary, { description: 'Its runs started in the range (durations: of the finished ones).' })
  summary: StatsSummary;

  @Field(() => String, { nullable: true, description: 'State of its latest run (of any time).' })
  lastRunStatus: string | null;

  @Field(() => Date, { nullable: true, description: 'When its latest run (of any time) was queued or started.' })
  lastRunAt: Date | null;

  @Field(() => [StatusCount], { description: 'Its task runs started in the range, by state.' })
  taskStatuses: StatusCount[];
}

@ObjectType({ description: 'The DAGs page: workflow runs and their tasks.' })
export class DagStats {
  constructor(readonly scope: PageScope) {}
}

@Resolver(() => DagStats)
export class DagStatsResolver {
  @Query(() => DagStats, {
    description: 'Everything the DAGs page shows. Filter by workflow or user (who triggered the runs).',
  })
  dagStats(@Args(() => PageStatsArgs) args: PageStatsArgs): DagStats {
    return new DagStats(new PageScope(args, 'dagStats', ['workflow', 'user']));
  }

  @FieldResolver(() => PeriodCounts, {
    description: 'Runs started today (in the timezone argument), over the last 7 days and all time, within the filter.',
  })
  runs(@Root() page: DagStats, @Ctx() context: RequestContext) {
    return context.stats.periodCounts(StatsMetric.WORKFLOW_RUNS, page.scope.filter, page.scope.timezone);
  }

  @FieldResolver(() => StatsSummary, { description: 'Totals of the runs started in the range, within the filter.' })
  summary(@Root() page: DagStats, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo) {
    return context.stats.summary(
      StatsMetric.WORKFLOW_RUNS,
      page.scope.range,
      page.scope.filter,
      wantsPercentiles(info)
    );
  }

  @FieldResolver(() => Int, { description: 'Runs running now (within the filter).' })
  runningNow(@Root() page: DagStats, @Ctx() context: RequestContext) {
    return this.runsNow('running', page, context);
  }

  @FieldResolver(() => Int, { description: 'Runs waiting for an approval now (within the filter).' })
  waitingApprovalNow(@Root() page: DagStats, @Ctx() context: RequestContext) {
    return this.runsNow('waiting_approval', page, context);
  }

  private async runsNow(status: string, page: DagStats, context: RequestContext) {
    const { stats } = context;
    const { currentState } = context.services;
    const { workflow, user } = page.scope.filter ?? {};
    const [workflowIds, userIds] = await Promise.all([
      stats.idsOf(StatsDimension.WORKFLOW, workflow),
      stats.idsOf(StatsDimension.USER, user),
    ]);
    return currentState.runsInStatus(status, { workflowIds, userIds });
  }

  @FieldResolver(() => TimeSeries, {
    description: 'Runs started and runs completed per bucket: series "started" and "completed".',
  })
  async series(@Root() page: DagStats, @Ctx() context: RequestContext): Promise<TimeSeries> {
    const { range, interval, filter } = page.scope;
    const [started, completed] = await Promise.all(
      [StatsMetric.WORKFLOW_RUNS, StatsMetric.WORKFLOW_RUNS_COMPLETED].map((metric) =>
        context.stats.timeSeries({ metric, measure: StatsMeasure.COUNT, range, interval, filter, limit: 1 })
      )
    );
    return {
      ...started,
      series: [
        { ...started.series[0], key: 'started', label: 'Started' },
        { ...completed.series[0], key: 'completed', label: 'Completed' },
      ],
    };
  }

  @FieldResolver(() => [WorkflowStats], {
    description:
      'One row per workflow with runs in the range, most runs first. Refuses a user filter (the rollups narrow one dimension at a time).',
  })
  async workflows(
    @Root() page: DagStats,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo
  ): Promise<WorkflowStats[]> {
    const { stats } = context;
    const { currentState } = context.services;
    const { range, filter } = page.scope;
    // The table refuses a user filter (the runs' breakdown says so), so the filter is a workflow
    // or none: the task runs of every workflow it allows are read alongside the runs.
    const [rows, tasks] = await Promise.all([
      stats.breakdown({
        metric: StatsMetric.WORKFLOW_RUNS,
        by: StatsDimension.WORKFLOW,
        measure: StatsMeasure.COUNT,
        range,
        filter,
        limit: TABLE_ROWS,
        histogram: wantsPercentiles(info),
      }),
      filter?.user?.length
        ? new Map<string, StatusCount[]>()
        : stats.statusCountsBy(StatsMetric.TASK_RUNS, StatsDimension.WORKFLOW, range, filter),
    ]);
    const lastRuns = await currentState.lastRuns(rows.map((row) => Number(row.storedKey)));
    return rows.map((row) => {
      const last = lastRuns.get(Number(row.storedKey));
      return {
        key: row.key,
        label: row.label,
        summary: row.summary,
        lastRunStatus: last ? last.status.toUpperCase() : null,
        lastRunAt: last?.at ?? null,
        taskStatuses: tasks.get(row.storedKey) ?? [],
      };
    });
  }
}
