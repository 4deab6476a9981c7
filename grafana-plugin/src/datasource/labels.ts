import type { StatsDimension, StatsMeasure, StatsMetric } from './types';

/** Human names of the stats schema's enums, for editors, legends and columns. */
export const METRIC_LABELS: Record<StatsMetric, string> = {
  AGENT_EXECUTIONS: 'Agent executions',
  TOOL_EXECUTIONS: 'Tool executions',
  WORKFLOW_RUNS: 'Workflow runs started',
  WORKFLOW_RUNS_COMPLETED: 'Workflow runs completed',
  TASK_RUNS: 'Task runs',
  TASK_RUNS_COMPLETED: 'Task runs completed',
  LOGINS: 'Logins',
  SESSION_ACTIVITY: 'Session activity',
  PLANS: 'Plans',
  PLANNER_CONVERSATIONS: 'Planner conversations',
  PLANNER_MESSAGES: 'Planner messages',
  APPROVALS: 'Approvals',
  HEALTH_PROBES: 'Health probes',
  SERVICE_HEARTBEATS: 'Service heartbeats',
};

export const MEASURE_LABELS: Record<StatsMeasure, string> = {
  COUNT: 'Count',
  SUCCESS: 'Successes',
  FAILURE: 'Failures',
  SUCCESS_RATE: 'Success rate',
  AVG_DURATION_MS: 'Avg duration',
  P50_DURATION_MS: 'p50 duration',
  P95_DURATION_MS: 'p95 duration',
  P99_DURATION_MS: 'p99 duration',
  INPUT_TOKENS: 'Input tokens',
  OUTPUT_TOKENS: 'Output tokens',
  TOTAL_TOKENS: 'Total tokens',
  COST_USD: 'Cost (USD)',
  UNPRICED: 'Unpriced calls',
};

/** What an unpriced count means, as its column's and figure's description. */
export const UNPRICED_DESCRIPTION =
  'Agent executions with no cost: none was sent and their model has no known price (add it to OTLP_PRICES_FILE). ' +
  'Their tokens are counted; the cost figures leave them out rather than count them as $0.';

export const DIMENSION_LABELS: Record<StatsDimension, string> = {
  AGENT: 'Agent',
  TOOL: 'Tool',
  MODEL: 'Model',
  PROVIDER: 'Provider',
  USER: 'User',
  WORKFLOW: 'Workflow',
  STATUS: 'Status',
  SERVICE: 'Service',
};
