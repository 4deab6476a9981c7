/**
 * Each page's statistics as the Grafana app asks for them: one GraphQL request per page with every
 * figure it shows (today / 7 days / all-time counts, in-range summaries with percentiles, the
 * series, and the per-entity tables).
 */

import { install, Clock } from '@sinonjs/fake-timers';
import { DataSource } from 'typeorm';

/**
 * Sets this process's clock (Date only: timers run as they do) to a second after the dataset's
 * latest agent execution began, and lets it run on from there. The bench's API processes and the
 * profile serve the API from such a process, so the ranges that end at its now and the API's own
 * now (the covers it picks, "today") see the activity as if it had gone on until now. A generated
 * dataset stops where its generation began: a run that started later would find less of it in the
 * last hour, and the API would weigh the empty minutes after it as if they held activity.
 */
export async function clockAtActivityEnd(dataSource: DataSource): Promise<Clock> {
  const [{ latest }] = await dataSource.query('SELECT MAX(started_at) AS latest FROM agent_executions');
  return install({ now: new Date(latest).getTime() + 1000, shouldAdvanceTime: true, toFake: ['Date'] });
}

// Each range with the series interval a dashboard would pick for it.
export const RANGES = {
  '1h': { length: 3_600_000, interval: '10m' },
  '7d': { length: 7 * 86_400_000, interval: '1h' },
  '30d': { length: 30 * 86_400_000, interval: '6h' },
};

const SUMMARY = 'count success failure successRate avgDurationMs p50DurationMs p95DurationMs p99DurationMs';
// What the Agents page and one agent's page both show.
const AGENT_FIELDS = `executions { today last7Days allTime } summary { ${SUMMARY} inputTokens outputTokens costUsd } series { times series { key values } }
      agents { key summary { count successRate avgDurationMs p95DurationMs totalTokens costUsd } lastError { at type message } }
      dailyUsage { times series { key values } }`;
const agentQuery = (extra: string) => `query($range: TimeRangeInput, $interval: String!, $filter: StatsFilter) {
    agentStats(range: $range, interval: $interval, filter: $filter) { ${AGENT_FIELDS} ${extra} } }`;

export const PAGE_QUERIES: Record<string, string> = {
  overview: `query($range: TimeRangeInput) {
    overview(range: $range) {
      logins { today last7Days allTime } activeSessions workflowRuns { today last7Days allTime } runningWorkflows
      agentExecutions { today last7Days allTime } agentSuccessRate toolExecutions { today last7Days allTime } toolSuccessRate
      pendingApprovals decidedApprovals plans { today last7Days allTime } plansPendingApproval
    } }`,
  users: `query($range: TimeRangeInput, $interval: String!) {
    userStats(range: $range, interval: $interval) {
      logins { today last7Days allTime } activeSessions series { times series { key values } }
      users { userId name logins activeSessions workflowsCreated runsTriggered agentExecutions totalTokens costUsd lastSeenAt }
      topUsersByCost { userId costUsd }
    } }`,
  tools: `query($range: TimeRangeInput, $interval: String!, $filter: StatsFilter) {
    toolStats(range: $range, interval: $interval, filter: $filter) {
      executions { today last7Days allTime } summary { ${SUMMARY} } series { times series { key values } }
      tools { key summary { count successRate avgDurationMs p95DurationMs } lastError { at type message } }
    } }`,
  // Models and providers are across all agents, on the Agents page only.
  agents: agentQuery(
    'byModel { key summary { count inputTokens outputTokens costUsd } } byProvider { key summary { count costUsd } }'
  ),
  dags: `query($range: TimeRangeInput, $interval: String!, $filter: StatsFilter) {
    dagStats(range: $range, interval: $interval, filter: $filter) {
      runs { today last7Days allTime } summary { ${SUMMARY} } runningNow waitingApprovalNow series { times series { key values } }
      workflows { key label lastRunStatus lastRunAt summary { count successRate avgDurationMs p95DurationMs } taskStatuses { status count } }
    } }`,
  planner: `query($range: TimeRangeInput, $interval: String!, $filter: StatsFilter) {
    plannerStats(range: $range, interval: $interval, filter: $filter) {
      plans { today last7Days allTime } conversations { today last7Days allTime } approvalRate plansPendingApproval avgTimeToDecisionMs
      series { times series { key values } } statusDistribution { status count } topUsers { key value }
    } }`,
};

export interface DrillDown {
  /** The page whose plain-SQL baseline it narrows. */
  page: string;
  query: string;
  filter: 'agent' | 'tool' | 'workflow' | 'user';
  /** The raw table, its column holding the entity, the entity's table and its key column. */
  rows: string;
  column: string;
  table: string;
  key: string;
}

/**
 * The per-entity drill-downs: a page filtered to one agent, tool, workflow or planner user (the
 * busiest of the dataset, whose figures read the most rows), as the app's detail pages ask.
 */
export const DRILL_DOWNS: Record<string, DrillDown> = {
  'agents, one agent': {
    page: 'agents',
    query: agentQuery(''),
    filter: 'agent',
    rows: 'agent_executions',
    column: 'agent_id',
    table: 'agents',
    key: 'name',
  },
  'tools, one tool': {
    page: 'tools',
    query: PAGE_QUERIES.tools,
    filter: 'tool',
    rows: 'tool_executions',
    column: 'tool_id',
    table: 'tools',
    key: 'name',
  },
  'dags, one workflow': {
    page: 'dags',
    query: PAGE_QUERIES.dags,
    filter: 'workflow',
    rows: 'workflow_runs',
    column: 'workflow_id',
    table: 'workflows',
    key: '`key`',
  },
  'planner, one user': {
    page: 'planner',
    query: PAGE_QUERIES.planner,
    filter: 'user',
    rows: 'plans',
    column: 'user_id',
    table: 'users',
    key: 'external_id',
  },
};
