import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { AgentExecution } from '../../agents/agent-execution.entity';
import { AGENT_EXECUTIONS, AgentExecutionSort } from '../../agents/agent.resolver';
import { SortDirection } from '../../common/connection';
import { list } from '../../common/list';
import { FAILED_EXECUTION } from '../../common/status';
import type { RequestContext } from '../../app/context';
import { DAY_MINUTES } from '../../rollups/buckets';
import { StatsDimension, StatsMetric } from '../../rollups/catalogue';
import { PageScope, PageStatsArgs, selectLimit } from '../page-args';
import { wantsPercentiles } from '../selection';
import { BreakdownRow, PeriodCounts, StatsMeasure, StatsSummary, TimeSeries } from '../stats.types';
import { EntityStats } from './entity-stats';

const TABLE_ROWS = 100;
const DAILY_USAGE_DAYS = 30;

/** The fields the Tools and Agents pages share: one metric, its counts, summary, series and per-entity table. */
abstract class ExecutionPage {
  constructor(readonly scope: PageScope) {}
}

@ObjectType({ description: 'The Tools page: tool executions.' })
export class ToolStats extends ExecutionPage {}

@ObjectType({ description: 'The Agents page: agent executions, tokens and cost.' })
export class AgentStats extends ExecutionPage {}

interface ExecutionSource {
  metric: StatsMetric;
  /** The name of the per-entity table field ("tools", "agents"). */
  rowsField: string;
  dimension: StatsDimension.AGENT | StatsDimension.TOOL;
  /** Where the latest failure of each row's agent or tool is kept. */
  table: 'agents' | 'tools';
}

function executionPageResolver<P extends ExecutionPage>(page: new (scope: PageScope) => P, source: ExecutionSource) {
  @Resolver(() => page)
  abstract class ExecutionPageResolver {
    @FieldResolver(() => PeriodCounts, {
      description:
        'Executions started today (in the timezone argument), over the last 7 days and all time, within the filter.',
    })
    executions(@Root() root: P, @Ctx() context: RequestContext) {
      return context.stats.periodCounts(source.metric, root.scope.filter, root.scope.timezone);
    }

    @FieldResolver(() => StatsSummary, {
      description: 'Totals of the executions started in the range, within the filter.',
    })
    summary(@Root() root: P, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo) {
      return context.stats.summary(source.metric, root.scope.range, root.scope.filter, wantsPercentiles(info));
    }

    @FieldResolver(() => TimeSeries, {
      description: 'Executions started per bucket of the interval, one series per status (at most 10).',
    })
    series(@Root() root: P, @Ctx() context: RequestContext) {
      const { range, interval, filter } = root.scope;
      return context.stats.timeSeries({
        metric: source.metric,
        measure: StatsMeasure.COUNT,
        range,
        interval,
        groupBy: StatsDimension.STATUS,
        filter,
        limit: 10,
      });
    }

    @FieldResolver(() => [EntityStats], {
      name: source.rowsField,
      description: `One row per name with executions in the range, most executions first; at most ${TABLE_ROWS} rows.`,
    })
    async rows(
      @Root() root: P,
      @Ctx() context: RequestContext,
      @Info() info: GraphQLResolveInfo
    ): Promise<EntityStats[]> {
      const { stats } = context;
      const { currentState } = context.services;
      const rows = await stats.breakdown({
        metric: source.metric,
        by: source.dimension,
        measure: StatsMeasure.COUNT,
        range: root.scope.range,
        filter: root.scope.filter,
        limit: TABLE_ROWS,
        histogram: wantsPercentiles(info),
      });
      const errors = await currentState.lastErrors(
        source.table,
        rows.map((row) => Number(row.storedKey))
      );
      return rows.map((row) => ({
        key: row.key,
        label: row.label,
        summary: row.summary,
        lastError: errors.get(Number(row.storedKey)) ?? null,
      }));
    }
  }
  return ExecutionPageResolver;
}

@Resolver(() => ToolStats)
export class ToolStatsResolver extends executionPageResolver(ToolStats, {
  metric: StatsMetric.TOOL_EXECUTIONS,
  rowsField: 'tools',
  dimension: StatsDimension.TOOL,
  table: 'tools',
}) {
  @Query(() => ToolStats, {
    description: 'Everything the Tools page shows. Filter by tool, or by user (not for the per-tool table).',
  })
  toolStats(@Args(() => PageStatsArgs) args: PageStatsArgs): ToolStats {
    return new ToolStats(new PageScope(args, 'toolStats', ['tool', 'user']));
  }
}

@Resolver(() => AgentStats)
export class AgentStatsResolver extends executionPageResolver(AgentStats, {
  metric: StatsMetric.AGENT_EXECUTIONS,
  rowsField: 'agents',
  dimension: StatsDimension.AGENT,
  table: 'agents',
}) {
  @Query(() => AgentStats, {
    description:
      'Everything the Agents page shows. Filter by agent, model, provider or user; a table per agent, model or provider refuses a filter on another of them.',
  })
  agentStats(@Args(() => PageStatsArgs) args: PageStatsArgs): AgentStats {
    return new AgentStats(new PageScope(args, 'agentStats', ['agent', 'model', 'provider', 'user']));
  }

  @FieldResolver(() => [BreakdownRow], {
    description: `Executions, tokens and cost per request model over the range, most executions first; at most ${TABLE_ROWS} rows.`,
  })
  byModel(@Root() root: AgentStats, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo) {
    return this.usageBy(StatsDimension.MODEL, root, context, info);
  }

  @FieldResolver(() => [BreakdownRow], {
    description: `Executions, tokens and cost per provider over the range, most executions first; at most ${TABLE_ROWS} rows.`,
  })
  byProvider(@Root() root: AgentStats, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo) {
    return this.usageBy(StatsDimension.PROVIDER, root, context, info);
  }

  @FieldResolver(() => TimeSeries, {
    description: `Tokens and cost per UTC day over the last ${DAILY_USAGE_DAYS} days: series "inputTokens", "outputTokens", "costUsd".`,
  })
  async dailyUsage(@Root() root: AgentStats, @Ctx() context: RequestContext): Promise<TimeSeries> {
    const to = Math.ceil(Date.now() / 60_000);
    const range = { from: to - DAILY_USAGE_DAYS * DAY_MINUTES, to };
    const measures = [StatsMeasure.INPUT_TOKENS, StatsMeasure.OUTPUT_TOKENS, StatsMeasure.COST_USD];
    const [first, ...rest] = await Promise.all(
      measures.map((measure) =>
        context.stats.timeSeries({
          metric: StatsMetric.AGENT_EXECUTIONS,
          measure,
          range,
          interval: '1d',
          filter: root.scope.filter,
          limit: 1,
        })
      )
    );
    return { ...first, series: [first, ...rest].map((series) => series.series[0]) };
  }

  @FieldResolver(() => [AgentExecution], {
    description: 'The latest failed or timed-out executions started in the range (newest first), within the filter.',
  })
  async errors(
    @Root() root: AgentStats,
    @Ctx() context: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many: 1 to 1000.' }) first: number
  ) {
    const { agent, user, model, provider } = root.scope.filter ?? {};
    const page = await list(context.services.readSource, AGENT_EXECUTIONS, {
      first: selectLimit(first, 'first'),
      filter: { ...root.scope.listRange, status: [...FAILED_EXECUTION], agent, user, model, provider },
      sortBy: AgentExecutionSort.STARTED_AT,
      direction: SortDirection.DESC,
    });
    return page.nodes;
  }

  private usageBy(by: StatsDimension, root: AgentStats, context: RequestContext, info: GraphQLResolveInfo) {
    return context.stats.breakdown({
      metric: StatsMetric.AGENT_EXECUTIONS,
      by,
      measure: StatsMeasure.COUNT,
      range: root.scope.range,
      filter: root.scope.filter,
      limit: TABLE_ROWS,
      histogram: wantsPercentiles(info),
    });
  }
}
