import type { DataFrame } from '@grafana/data';
import type { GraphQLRequest } from '../api';
import { selectionOf } from '../frames/selection';
import {
  agentExecutionColumns,
  breakdownColumns,
  agentEntityColumns,
  periodCountsColumns,
  planColumns,
  statusCountColumns,
  SUMMARY_FIELDS,
  summaryColumns,
  userRowColumns,
  toolEntityColumns,
  workflowColumns,
} from '../frames/shapes';
import { col, type Column, getPath, ratioConfig, rowsToFrame, UNITS } from '../frames/table';
import { TIME_SERIES_SELECTION, type ApiTimeSeries, timeSeriesToFrame } from '../frames/timeSeries';
import type { AgentmonQuery, StatsPage } from '../types';
import { argumentList, compactFilter, declareVariables, type QueryContext, resolveInterval } from './context';

/** How a figure of a stats page is fetched and framed. */
export type StatShape =
  | 'periodCounts'
  | 'count'
  | 'ratio'
  | 'durationMs'
  | 'summary'
  | 'statusCounts'
  | 'timeSeries'
  | 'userRows'
  | 'agentRows'
  | 'toolRows'
  | 'breakdownRows'
  | 'workflowRows'
  | 'agentExecutions'
  | 'plans';

export interface StatDef {
  label: string;
  shape: StatShape;
  /** The GraphQL path below the page field; the stat's key when left out. */
  path?: string;
  /** The field takes `first` (agentStats.errors, plannerStats.recentPlans): the query's limit. */
  takesFirst?: boolean;
}

export interface PageDef {
  /** The Query field of the stats schema. */
  field: string;
  label: string;
  stats: Record<string, StatDef>;
}

/** Every page query takes these arguments; `first` belongs to the errors and recentPlans fields. */
const ARG_TYPES = {
  range: 'TimeRangeInput',
  timezone: 'String!',
  interval: 'String!',
  filter: 'StatsFilter',
  first: 'Int!',
};

/** Every figure of the stats schema's pages (Overview, UserStats, ToolStats, ...). */
export const STATS_PAGES: Record<StatsPage, PageDef> = {
  overview: {
    field: 'overview',
    label: 'Overview',
    stats: {
      logins: { label: 'Logins', shape: 'periodCounts' },
      activeSessions: { label: 'Active sessions now', shape: 'count' },
      workflowRuns: { label: 'Workflow runs', shape: 'periodCounts' },
      runningWorkflows: { label: 'Running workflows now', shape: 'count' },
      agentExecutions: { label: 'Agent executions', shape: 'periodCounts' },
      agentSuccessRate: { label: 'Agent success rate', shape: 'ratio' },
      unpricedAgentExecutions: { label: 'Unpriced calls', shape: 'count' },
      toolExecutions: { label: 'Tool executions', shape: 'periodCounts' },
      toolSuccessRate: { label: 'Tool success rate', shape: 'ratio' },
      pendingApprovals: { label: 'Pending approvals now', shape: 'count' },
      decidedApprovals: { label: 'Decided approvals', shape: 'count' },
      plans: { label: 'Plans', shape: 'periodCounts' },
      plansPendingApproval: { label: 'Plans pending approval now', shape: 'count' },
    },
  },
  users: {
    field: 'userStats',
    label: 'Users',
    stats: {
      logins: { label: 'Logins', shape: 'periodCounts' },
      activeSessions: { label: 'Active sessions now', shape: 'count' },
      series: { label: 'Logins and activity over time', shape: 'timeSeries' },
      loginsPer10Minutes: { label: 'Logins per 10 minutes', shape: 'timeSeries' },
      users: { label: 'Users', shape: 'userRows' },
      topUsersByCost: { label: 'Top users by cost', shape: 'userRows' },
    },
  },
  tools: {
    field: 'toolStats',
    label: 'Tools',
    stats: {
      executions: { label: 'Tool executions', shape: 'periodCounts' },
      summary: { label: 'Summary', shape: 'summary' },
      statuses: { label: 'Executions by status', shape: 'statusCounts', path: 'summary.statuses' },
      series: { label: 'Executions by status over time', shape: 'timeSeries' },
      tools: { label: 'Tools', shape: 'toolRows' },
    },
  },
  agents: {
    field: 'agentStats',
    label: 'Agents',
    stats: {
      executions: { label: 'Agent executions', shape: 'periodCounts' },
      summary: { label: 'Summary', shape: 'summary' },
      statuses: { label: 'Executions by status', shape: 'statusCounts', path: 'summary.statuses' },
      series: { label: 'Executions over time', shape: 'timeSeries' },
      agents: { label: 'Agents', shape: 'agentRows' },
      byModel: { label: 'By model', shape: 'breakdownRows' },
      byProvider: { label: 'By provider', shape: 'breakdownRows' },
      dailyUsage: { label: 'Daily tokens and cost (30 days)', shape: 'timeSeries' },
      errors: { label: 'Recent errors', shape: 'agentExecutions', takesFirst: true },
    },
  },
  dags: {
    field: 'dagStats',
    label: 'DAGs',
    stats: {
      runs: { label: 'Workflow runs', shape: 'periodCounts' },
      summary: { label: 'Summary', shape: 'summary' },
      statuses: { label: 'Runs by status', shape: 'statusCounts', path: 'summary.statuses' },
      runningNow: { label: 'Running now', shape: 'count' },
      waitingApprovalNow: { label: 'Waiting for approval now', shape: 'count' },
      series: { label: 'Runs started and completed', shape: 'timeSeries' },
      workflows: { label: 'Workflows', shape: 'workflowRows' },
    },
  },
  planner: {
    field: 'plannerStats',
    label: 'Planner',
    stats: {
      plans: { label: 'Plans', shape: 'periodCounts' },
      conversations: { label: 'Conversations', shape: 'periodCounts' },
      approvalRate: { label: 'Approval rate', shape: 'ratio' },
      plansPendingApproval: { label: 'Plans pending approval now', shape: 'count' },
      avgTimeToDecisionMs: { label: 'Avg time to decision', shape: 'durationMs' },
      series: { label: 'Plans and conversations over time', shape: 'timeSeries' },
      statusDistribution: { label: 'Plans by status', shape: 'statusCounts' },
      topUsers: { label: 'Top users', shape: 'breakdownRows' },
      recentPlans: { label: 'Recent plans', shape: 'plans', takesFirst: true },
    },
  },
};

/** A lone number: its field is named after the stat so stat panels title it. */
function scalarColumn(label: string, shape: StatShape): Column {
  switch (shape) {
    case 'ratio':
      return col.number('value', label, UNITS.ratio, ratioConfig);
    case 'durationMs':
      return col.number('value', label, UNITS.durationMs);
    default:
      return col.number('value', label, UNITS.count);
  }
}

/** The summary fields asked for, or all scalar ones. */
function summaryFields(query: AgentmonQuery): string[] {
  const asked = (query.fields ?? []).filter((f) => f in SUMMARY_FIELDS);
  return asked.length ? asked : Object.keys(SUMMARY_FIELDS);
}

/** Columns of a row-shaped stat; scalar and time series stats have none. */
function columnsOf(shape: StatShape, query: AgentmonQuery): Column[] {
  switch (shape) {
    case 'periodCounts':
      return periodCountsColumns;
    case 'summary':
      return summaryColumns(summaryFields(query));
    case 'statusCounts':
      return statusCountColumns;
    case 'userRows':
      return userRowColumns;
    case 'agentRows':
      return agentEntityColumns;
    case 'toolRows':
      return toolEntityColumns;
    case 'breakdownRows':
      return breakdownColumns('Count', UNITS.count);
    case 'workflowRows':
      return workflowColumns;
    case 'agentExecutions':
      return agentExecutionColumns;
    case 'plans':
      return planColumns;
    default:
      return [];
  }
}

function findStat(query: AgentmonQuery): { page: PageDef; stat: StatDef; path: string } {
  const page = query.page ? STATS_PAGES[query.page] : undefined;
  const stat = page && query.stat ? page.stats[query.stat] : undefined;
  if (!page || !stat) {
    throw new Error(`Unknown page statistic "${query.page ?? ''}.${query.stat ?? ''}": pick a page and a figure.`);
  }
  return { page, stat, path: stat.path ?? query.stat! };
}

function selectionFor(shape: StatShape, query: AgentmonQuery): string {
  if (shape === 'timeSeries') {
    return TIME_SERIES_SELECTION;
  }
  const columns = columnsOf(shape, query);
  return columns.length ? selectionOf(columns) : '';
}

/** Nests `leaf` under a dotted path: "summary.statuses" → `summary { statuses <leaf> }`. */
function nest(path: string, leaf: string, args = ''): string {
  const [head, ...rest] = path.split('.');
  return rest.length ? `${head} { ${nest(rest.join('.'), leaf)} }` : `${head}${args}${leaf ? ` ${leaf}` : ''}`;
}

export function buildPageStatRequest(query: AgentmonQuery, ctx: QueryContext): GraphQLRequest {
  const { page, stat, path } = findStat(query);
  const { declarations, variables, has } = declareVariables(ARG_TYPES, {
    range: { from: ctx.from, to: ctx.to },
    timezone: ctx.timezone,
    interval: resolveInterval(query, ctx),
    filter: compactFilter(query.filter),
    first: stat.takesFirst ? query.limit : undefined,
  });
  const field = nest(path, selectionFor(stat.shape, query), argumentList(['first'], has));
  return {
    query: `query AgentmonPageStat${declarations} { result: ${page.field}${argumentList(['range', 'timezone', 'interval', 'filter'], has)} { ${field} } }`,
    variables,
  };
}

export function pageStatToFrames(query: AgentmonQuery, data: Record<string, unknown>, ctx: QueryContext): DataFrame[] {
  const { stat, path } = findStat(query);
  const value = getPath(data.result, path);
  switch (stat.shape) {
    case 'timeSeries':
      return [timeSeriesToFrame(value as ApiTimeSeries, ctx.refId, stat.label)];
    case 'count':
    case 'ratio':
    case 'durationMs':
      return [rowsToFrame([{ value }], [scalarColumn(stat.label, stat.shape)], ctx.refId, stat.label)];
    case 'periodCounts':
    case 'summary':
      return [rowsToFrame([value], columnsOf(stat.shape, query), ctx.refId, stat.label)];
    default:
      return [rowsToFrame((value as unknown[]) ?? [], columnsOf(stat.shape, query), ctx.refId, stat.label)];
  }
}
