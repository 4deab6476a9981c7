import { Args, Ctx, Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../app/context';
import { activeSince } from '../../sessions/login-session.resolver';
import { StatsMetric } from '../../rollups/catalogue';
import { PageScope, PageStatsArgs } from '../page-args';
import { PeriodCounts } from '../stats.types';

@ObjectType({
  description: 'The Overview page: quick figures of every area. Rates and decided approvals are over the range.',
})
export class Overview {
  @Field(() => PeriodCounts, { description: 'Logins today, over the last 7 days and all time.' })
  logins: PeriodCounts;

  @Field(() => Int, {
    description: 'Login sessions active now: not ended and seen within SESSION_IDLE_TIMEOUT_MINUTES.',
  })
  activeSessions: number;

  @Field(() => PeriodCounts, { description: 'Workflow runs started today, over the last 7 days and all time.' })
  workflowRuns: PeriodCounts;

  @Field(() => Int, { description: 'Workflow runs in state RUNNING now.' })
  runningWorkflows: number;

  @Field(() => PeriodCounts, { description: 'Agent executions started today, over the last 7 days and all time.' })
  agentExecutions: PeriodCounts;

  @Field(() => Float, {
    nullable: true,
    description: 'Successful over finished agent executions started in the range, 0 to 1; null when none finished.',
  })
  agentSuccessRate: number | null;

  @Field(() => Int, {
    description:
      'Agent executions started in the range that are unpriced: no cost was sent and their model has no known price, ' +
      'so their tokens count but no cost figure includes them (they are not $0).',
  })
  unpricedAgentExecutions: number;

  @Field(() => PeriodCounts, { description: 'Tool executions started today, over the last 7 days and all time.' })
  toolExecutions: PeriodCounts;

  @Field(() => Float, {
    nullable: true,
    description: 'Successful over finished tool executions started in the range, 0 to 1; null when none finished.',
  })
  toolSuccessRate: number | null;

  @Field(() => Int, { description: 'Approvals waiting for a decision now (of any time).' })
  pendingApprovals: number;

  @Field(() => Int, { description: 'Approvals requested in the range that have been decided.' })
  decidedApprovals: number;

  @Field(() => PeriodCounts, { description: 'Plans created today, over the last 7 days and all time.' })
  plans: PeriodCounts;

  @Field(() => Int, { description: 'Plans in state PENDING_APPROVAL now.' })
  plansPendingApproval: number;
}

@Resolver(() => Overview)
export class OverviewResolver {
  @Query(() => Overview, {
    description: 'Everything the Overview page shows, for everyone: it takes no filter (userStats, toolStats… narrow).',
  })
  async overview(@Args(() => PageStatsArgs) args: PageStatsArgs, @Ctx() context: RequestContext): Promise<Overview> {
    const scope = new PageScope(args, 'overview', []);
    const { stats } = context;
    const { currentState } = context.services;
    const counts = (metric: StatsMetric) => stats.periodCounts(metric, null, scope.timezone);
    const [
      logins,
      activeSessions,
      workflowRuns,
      runningWorkflows,
      agentExecutions,
      agents,
      toolExecutions,
      tools,
      pendingApprovals,
      approvals,
      plans,
      plansPendingApproval,
    ] = await Promise.all([
      counts(StatsMetric.LOGINS),
      currentState.activeSessions(activeSince(context)),
      counts(StatsMetric.WORKFLOW_RUNS),
      currentState.runsInStatus('running'),
      counts(StatsMetric.AGENT_EXECUTIONS),
      stats.summary(StatsMetric.AGENT_EXECUTIONS, scope.range, null, false),
      counts(StatsMetric.TOOL_EXECUTIONS),
      stats.summary(StatsMetric.TOOL_EXECUTIONS, scope.range, null, false),
      currentState.pendingApprovals(),
      stats.summary(StatsMetric.APPROVALS, scope.range, null, false),
      counts(StatsMetric.PLANS),
      currentState.plansInStatus('pending_approval'),
    ]);
    return {
      logins,
      activeSessions,
      workflowRuns,
      runningWorkflows,
      agentExecutions,
      agentSuccessRate: agents.successRate,
      unpricedAgentExecutions: agents.unpriced,
      toolExecutions,
      toolSuccessRate: tools.successRate,
      pendingApprovals,
      decidedApprovals: approvals.success + approvals.failure,
      plans,
      plansPendingApproval,
    };
  }
}
