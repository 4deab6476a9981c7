import { FieldType } from '@grafana/data';
import { UNPRICED_DESCRIPTION } from '../labels';
import { PEOPLE } from './people';
import { col, type Column, getPath, ratioConfig, UNITS } from './table';

/**
 * Columns of each API object type the data source turns into frames. A column list doubles as
 * the GraphQL selection (see selectionOf), so what is fetched and what is shown cannot drift.
 */

/** The scalar fields of StatsSummary, in the order panels show them. */
export const SUMMARY_FIELDS: Record<string, { displayName: string; unit: string; description?: string }> = {
  count: { displayName: 'Count', unit: UNITS.count },
  success: { displayName: 'Success', unit: UNITS.count },
  failure: { displayName: 'Failure', unit: UNITS.count },
  successRate: { displayName: 'Success rate', unit: UNITS.ratio },
  avgDurationMs: { displayName: 'Avg duration', unit: UNITS.durationMs },
  p50DurationMs: { displayName: 'p50 duration', unit: UNITS.durationMs },
  p95DurationMs: { displayName: 'p95 duration', unit: UNITS.durationMs },
  p99DurationMs: { displayName: 'p99 duration', unit: UNITS.durationMs },
  inputTokens: { displayName: 'Input tokens', unit: UNITS.count },
  outputTokens: { displayName: 'Output tokens', unit: UNITS.count },
  totalTokens: { displayName: 'Total tokens', unit: UNITS.count },
  costUsd: { displayName: 'Cost', unit: UNITS.usd },
  unpriced: { displayName: 'Unpriced calls', unit: UNITS.count, description: UNPRICED_DESCRIPTION },
};

/** Summary columns under `prefix` ("summary."), for the given summary fields. */
export function summaryColumns(fields: string[], prefix = ''): Column[] {
  return fields
    .filter((field) => field in SUMMARY_FIELDS)
    .map((field) => {
      const { displayName, unit, description } = SUMMARY_FIELDS[field];
      return col.number(`${prefix}${field}`, displayName, unit, {
        ...(unit === UNITS.ratio ? ratioConfig : {}),
        ...(description ? { description } : {}),
      });
    });
}

/** The summary figures a table row shows, failures first; the percentiles besides p95 stay in the summary query. */
const ROW_SUMMARY = [
  'failure',
  'successRate',
  'count',
  'success',
  'avgDurationMs',
  'p95DurationMs',
  'totalTokens',
  'costUsd',
  'unpriced',
];
/** Tools and workflow runs use no model: their tokens, cost and unpriced calls would always be 0. */
const ROW_SUMMARY_WITHOUT_USAGE = ROW_SUMMARY.filter(
  (field) => field !== 'totalTokens' && field !== 'costUsd' && field !== 'unpriced'
);

export const periodCountsColumns: Column[] = [
  col.number('today', 'Today', UNITS.count),
  col.number('last7Days', 'Last 7 days', UNITS.count),
  col.number('allTime', 'All time', UNITS.count),
];

export const statusCountColumns: Column[] = [col.string('status', 'Status'), col.number('count', 'Count', UNITS.count)];

/** "SUCCESS 3, FAILED 1" from a StatusCount list. */
function formatStatusCounts(value: unknown): string {
  const counts = (value as Array<{ status: string; count: number }> | null) ?? [];
  return counts.map((c) => `${c.status} ${c.count}`).join(', ');
}

/** EntityStats: one agent or tool, its failures and last error first, then the rest of its summary. */
const entityColumnsWith = (summaryFields: string[]): Column[] => [
  col.string('key', 'Key'),
  col.string('label', 'Name'),
  ...summaryColumns(summaryFields.slice(0, 2), 'summary.'),
  col.string('lastError.type', 'Last error type'),
  col.string('lastError.message', 'Last error'),
  col.time('lastError.at', 'Last error at'),
  ...summaryColumns(summaryFields.slice(2), 'summary.'),
];
export const agentEntityColumns = entityColumnsWith(ROW_SUMMARY);
export const toolEntityColumns = entityColumnsWith(ROW_SUMMARY_WITHOUT_USAGE);

export const workflowColumns: Column[] = [
  col.string('key', 'Key'),
  col.string('label', 'Workflow'),
  col.string('lastRunStatus', 'Last run status'),
  col.time('lastRunAt', 'Last run'),
  ...summaryColumns(ROW_SUMMARY_WITHOUT_USAGE, 'summary.'),
  col.computed(FieldType.string, 'taskStatuses', 'Task states', ['taskStatuses.status', 'taskStatuses.count'], (row) =>
    formatStatusCounts(getPath(row, 'taskStatuses'))
  ),
];

/** BreakdownRow; `value` carries the requested measure, so its unit and name come from it. */
export function breakdownColumns(valueName: string, valueUnit: string): Column[] {
  return [
    col.string('key', 'Key'),
    col.string('label', 'Name'),
    col.number('value', valueName, valueUnit, valueUnit === UNITS.ratio ? ratioConfig : undefined),
    ...summaryColumns(ROW_SUMMARY, 'summary.'),
  ];
}

/** The columns of a person given by its id path: the name (or the id when it has none), then the id. */
export function personColumns(id: string, displayName: string): Column[] {
  const person = PEOPLE.find((p) => p.id === id);
  if (!person) {
    throw new Error(`${id} is not a person column`);
  }
  return [
    col.computed(
      FieldType.string,
      person.shown,
      displayName,
      [person.name, person.id],
      // An empty name is no name.
      (row) => getPath(row, person.name) || getPath(row, person.id)
    ),
    col.string(person.id, `${displayName} id`),
  ];
}

export const userRowColumns: Column[] = [
  ...personColumns('userId', 'User'),
  col.number('logins', 'Logins', UNITS.count),
  col.number('activeSessions', 'Active sessions', UNITS.count),
  col.number('workflowsCreated', 'Workflows created', UNITS.count),
  col.number('runsTriggered', 'Runs triggered', UNITS.count),
  col.number('agentExecutions', 'Agent executions', UNITS.count),
  col.number('totalTokens', 'Total tokens', UNITS.count),
  col.number('costUsd', 'Cost', UNITS.usd),
  col.time('lastSeenAt', 'Last seen'),
];

export const agentExecutionColumns: Column[] = [
  col.time('startedAt', 'Started'),
  col.string('agent.name', 'Agent'),
  col.string('status', 'Status'),
  col.string('errorType', 'Error type'),
  col.string('errorMessage', 'Error'),
  ...personColumns('user.externalId', 'User'),
  col.string('requestModel', 'Model'),
  col.string('provider', 'Provider'),
  col.number('durationMs', 'Duration', UNITS.durationMs),
  col.number('totalTokens', 'Total tokens', UNITS.count),
  col.number('costUsd', 'Cost', UNITS.usd),
  col.string('requestId', 'Request id'),
  col.string('traceId', 'Trace'),
];

export const toolExecutionColumns: Column[] = [
  col.time('startedAt', 'Started'),
  col.string('tool.name', 'Tool'),
  col.string('status', 'Status'),
  col.string('errorType', 'Error type'),
  col.string('errorMessage', 'Error'),
  ...personColumns('user.externalId', 'User'),
  col.number('durationMs', 'Duration', UNITS.durationMs),
  col.string('requestId', 'Request id'),
  col.string('agentExecutionRequestId', 'Agent request id'),
  col.string('traceId', 'Trace'),
];

export const workflowRunColumns: Column[] = [
  col.time('startedAt', 'Started'),
  col.string('workflow.key', 'Workflow'),
  col.string('status', 'Status'),
  col.string('errorType', 'Error type'),
  col.string('errorMessage', 'Error'),
  col.number('durationMs', 'Duration', UNITS.durationMs),
  col.time('finishedAt', 'Finished'),
  ...personColumns('triggeredBy.externalId', 'Triggered by'),
  col.string('workflow.name', 'Workflow name'),
  col.string('runId', 'Run id'),
  col.string('traceId', 'Trace'),
];

export const taskRunColumns: Column[] = [
  col.time('startedAt', 'Started'),
  col.string('nodeKey', 'Task'),
  col.string('status', 'Status'),
  col.string('errorType', 'Error type'),
  col.string('errorMessage', 'Error'),
  col.number('attempt', 'Attempt', UNITS.count),
  col.number('durationMs', 'Duration', UNITS.durationMs),
  col.string('agent.name', 'Agent'),
  col.string('tool.name', 'Tool'),
  col.string('externalId', 'Task run id'),
];

export const loginSessionColumns: Column[] = [
  col.time('startedAt', 'Logged in'),
  col.string('externalId', 'Session id'),
  ...personColumns('user.externalId', 'User'),
  col.time('lastActivityAt', 'Last activity'),
  col.string('ip', 'IP'),
  col.string('userAgent', 'User agent'),
];

/**
 * Approvals waiting now: what waits and since when. The decision, its time, wait, decider and
 * comment are always PENDING or empty on such a record, so they are left out.
 */
export const pendingApprovalColumns: Column[] = [
  col.time('requestedAt', 'Requested'),
  col.string('externalId', 'Approval id'),
  col.string('subjectType', 'Subject'),
  col.string('workflowRun.runId', 'Run id'),
  col.string('plan.externalId', 'Plan id'),
];

export const planColumns: Column[] = [
  col.time('createdAt', 'Created'),
  col.string('externalId', 'Plan id'),
  col.string('title', 'Title'),
  col.string('status', 'Status'),
  col.number('stepCount', 'Steps', UNITS.count),
  ...personColumns('user.externalId', 'User'),
  col.time('decidedAt', 'Decided'),
];

export const activityColumns: Column[] = [
  col.time('at', 'Time'),
  col.string('kind', 'Kind'),
  col.string('title', 'Title'),
  col.string('status', 'Status'),
  ...personColumns('user', 'User'),
  col.string('id', 'Id'),
];
