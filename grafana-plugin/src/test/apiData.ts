/** API answers shaped as the schema's types, for resolvers of the schema transport. */

export const periodCounts = { today: 3, last7Days: 20, allTime: 120 };

export const summary = {
  count: 10,
  success: 8,
  failure: 2,
  successRate: 0.8,
  avgDurationMs: 1200.5,
  p50DurationMs: 900,
  p95DurationMs: 3000,
  p99DurationMs: 4100,
  inputTokens: 12000,
  outputTokens: 3000,
  totalTokens: 15000,
  costUsd: '0.105',
  unpriced: 1,
  statuses: [
    { status: 'SUCCESS', count: 8 },
    { status: 'FAILURE', count: 2 },
  ],
};

export const times = ['2026-11-26T08:00:00.000Z', '2026-11-26T08:10:00.000Z', '2026-11-26T08:20:00.000Z'];

export function timeSeries(
  series: Array<{ key: string; label: string; values: Array<number | null> }>,
  measure = 'COUNT'
) {
  return { metric: 'AGENT_EXECUTIONS', measure, interval: '10m', intervalSeconds: 600, times, series };
}

export const entityRow = {
  key: 'researcher',
  label: 'researcher',
  summary,
  lastError: { at: '2026-11-26T08:30:00.000Z', type: 'TimeoutError', message: 'model timed out' },
};

export const breakdownRow = { key: 'gpt-4o', label: 'gpt-4o', value: 7, summary };

export const userRow = {
  userId: 'u-42',
  name: 'Ada',
  logins: 2,
  activeSessions: 1,
  workflowsCreated: 1,
  runsTriggered: 3,
  agentExecutions: 9,
  totalTokens: 5000,
  costUsd: '0.5',
  lastSeenAt: '2026-11-26T08:40:00.000Z',
};

export const workflowRow = {
  key: 'nightly-report',
  label: 'Nightly report',
  summary,
  lastRunStatus: 'FAILED',
  lastRunAt: '2026-11-26T08:50:00.000Z',
  taskStatuses: [
    { status: 'SUCCESS', count: 3 },
    { status: 'FAILED', count: 1 },
  ],
};

export const agentExecution = {
  id: '1',
  requestId: 'req-1',
  status: 'FAILURE',
  startedAt: '2026-11-26T08:05:00.000Z',
  durationMs: 2500,
  agent: { name: 'researcher' },
  user: { externalId: 'u-42' },
  requestModel: 'gpt-4o',
  provider: 'openai',
  totalTokens: 1500,
  costUsd: '0.0105',
  errorType: 'TimeoutError',
  errorMessage: 'model timed out',
};

export const toolExecution = {
  id: '2',
  requestId: 'tool-1',
  status: 'TIMEOUT',
  startedAt: '2026-11-26T08:07:00.000Z',
  durationMs: 900,
  tool: { name: 'web_search' },
  user: { externalId: 'u-7' },
  agentExecutionRequestId: 'req-1',
  errorType: 'TimeoutError',
  errorMessage: 'search timed out',
};

export const plan = {
  id: '3',
  externalId: 'plan-1',
  title: 'Quarterly report',
  status: 'APPROVED',
  stepCount: 4,
  createdAt: '2026-11-26T08:01:00.000Z',
  decidedAt: '2026-11-26T08:11:00.000Z',
  user: { externalId: 'u-42', name: 'Ada' },
};

export const workflowRun = {
  id: '4',
  runId: 'run-1',
  status: 'FAILED',
  startedAt: '2026-11-26T08:00:00.000Z',
  finishedAt: '2026-11-26T08:03:00.000Z',
  durationMs: 180000,
  errorType: 'TaskFailed',
  errorMessage: 'fetch failed',
  workflow: {
    key: 'nightly-report',
    name: 'Nightly report',
    nodes: [
      { key: 'fetch', label: 'Fetch data', agent: null, tool: 'http' },
      { key: 'summarize', label: null, agent: 'writer', tool: null },
      { key: 'publish', label: 'Publish', agent: null, tool: 'cms' },
    ],
    edges: [
      { from: 'fetch', to: 'summarize' },
      { from: 'summarize', to: 'publish' },
    ],
  },
  triggeredBy: { externalId: 'u-42' },
  taskRuns: [
    { nodeKey: 'fetch', attempt: 1, status: 'FAILED', durationMs: 1000, errorMessage: 'HTTP 500' },
    { nodeKey: 'fetch', attempt: 2, status: 'SUCCESS', durationMs: 800, errorMessage: null },
    { nodeKey: 'summarize', attempt: 1, status: 'RUNNING', durationMs: null, errorMessage: null },
  ],
};

/** A one-page Relay connection of the given nodes. */
export function connection<T>(nodes: T[], hasNextPage = false, endCursor: string | null = null) {
  return {
    nodes,
    edges: [],
    totalCount: nodes.length,
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: null, endCursor },
  };
}
