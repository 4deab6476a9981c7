import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

/**
 * The query model is plain JSON (no functions, no class instances) so dashboards can store it and
 * a Go backend could run it later. Which fields apply depends on `queryType`; README.md lists
 * the JSON of each type.
 */
export type AgentmonQueryType =
  | 'pageStat'
  | 'timeSeries'
  | 'breakdown'
  | 'list'
  | 'raw'
  | 'annotations'
  | 'durationHeatmap'
  | 'hourOfDayHeatmap'
  | 'fleet';

/** The enums of the API's statistics schema. */
export type StatsMetric =
  | 'AGENT_EXECUTIONS'
  | 'TOOL_EXECUTIONS'
  | 'WORKFLOW_RUNS'
  | 'WORKFLOW_RUNS_COMPLETED'
  | 'TASK_RUNS'
  | 'TASK_RUNS_COMPLETED'
  | 'LOGINS'
  | 'SESSION_ACTIVITY'
  | 'PLANS'
  | 'PLANNER_CONVERSATIONS'
  | 'PLANNER_MESSAGES'
  | 'APPROVALS'
  | 'HEALTH_PROBES'
  | 'SERVICE_HEARTBEATS';

export type StatsMeasure =
  | 'COUNT'
  | 'SUCCESS'
  | 'FAILURE'
  | 'SUCCESS_RATE'
  | 'AVG_DURATION_MS'
  | 'P50_DURATION_MS'
  | 'P95_DURATION_MS'
  | 'P99_DURATION_MS'
  | 'INPUT_TOKENS'
  | 'OUTPUT_TOKENS'
  | 'TOTAL_TOKENS'
  | 'COST_USD'
  | 'UNPRICED';

export type StatsDimension = 'AGENT' | 'TOOL' | 'MODEL' | 'PROVIDER' | 'USER' | 'WORKFLOW' | 'STATUS' | 'SERVICE';

/** The API's bucket sizes, smallest first; `auto` picks one from the panel's interval. */
export const API_INTERVALS = ['1m', '5m', '10m', '15m', '30m', '1h', '6h', '12h', '1d'] as const;
export type ApiInterval = (typeof API_INTERVALS)[number];

export const ACTIVITY_KINDS = [
  'LOGIN',
  'AGENT_EXECUTION',
  'TOOL_EXECUTION',
  'WORKFLOW_RUN',
  'APPROVAL',
  'PLAN',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Keys of the API's StatsFilter (and of the list queries' filters). */
export const FILTER_KEYS = ['agent', 'tool', 'model', 'provider', 'user', 'workflow', 'service', 'status'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/**
 * Values per filter key. Each value is a literal or a template variable (`$agent`); a
 * multi-value variable becomes several values, and `*` (the app's "All" value) drops the key.
 */
export type QueryFilter = Partial<Record<FilterKey, string[]>>;

/** The pages of the statistics schema (overview, userStats, toolStats, ...). */
export type StatsPage = 'overview' | 'users' | 'tools' | 'agents' | 'dags' | 'planner';

export type ListName =
  | 'activity'
  | 'errors'
  | 'activeSessions'
  | 'runningWorkflows'
  | 'pendingApprovals'
  | 'recentPlans'
  | 'workflowRuns'
  | 'agentExecutions'
  | 'toolExecutions'
  | 'taskRuns'
  | 'runGraph';

export type AnnotationKind = 'failedRuns' | 'approvalDecisions' | 'planDecisions';

/** fleet: the registered services now, their state changes, or their states over time. */
export type FleetView = 'services' | 'stateChanges' | 'stateTimeline';

export interface AgentmonQuery extends DataQuery {
  queryType?: AgentmonQueryType;
  /** pageStat: which page of the stats schema, and which figure of it. */
  page?: StatsPage;
  stat?: string;
  /** pageStat of a StatsSummary: only these summary fields (all scalar fields when empty). */
  fields?: string[];
  /** timeSeries and breakdown */
  metric?: StatsMetric;
  measure?: StatsMeasure;
  /** timeSeries: an API interval, or 'auto' (the default) to pick one from the panel. */
  interval?: ApiInterval | 'auto';
  groupBy?: StatsDimension;
  /** breakdown: the dimension rows are grouped by. */
  by?: StatsDimension;
  /** Most series, rows or list items. */
  limit?: number;
  filter?: QueryFilter;
  /** list */
  list?: ListName;
  kinds?: ActivityKind[];
  /** list runGraph and taskRuns: the platform's run id. */
  runId?: string;
  /** raw: a GraphQL operation, its variables as JSON text, and the dotted path to its rows. */
  rawQuery?: string;
  variables?: string;
  dataPath?: string;
  /** annotations */
  annotation?: AnnotationKind;
  /** durationHeatmap: histogram bins per heatmap row (the API's binsPerRow). */
  binsPerRow?: number;
  /** fleet: what of the fleet, optionally for one service (its serviceId; filter.service). */
  fleet?: FleetView;
}

export const DEFAULT_QUERY: Partial<AgentmonQuery> = {
  queryType: 'timeSeries',
  metric: 'AGENT_EXECUTIONS',
  measure: 'COUNT',
  interval: 'auto',
};

/** What a template variable of this data source lists. */
export type VariableKind = 'users' | 'agents' | 'tools' | 'workflows' | 'models' | 'providers';

export interface AgentmonVariableQuery extends DataQuery {
  kind: VariableKind;
}

export interface AgentmonOptions extends DataSourceJsonData {
  /** The API's base URL as Grafana's server reaches it, e.g. http://agentmon:4000 (no /graphql). */
  apiUrl?: string;
  /**
   * Where a row's trace opens: a URL template with ${traceId}, or the uid of a Tempo or Jaeger
   * data source (opened in Explore). Rows of executions and runs that came as OTLP spans link to it.
   */
  traceLink?: string;
}

/** Stored encrypted by Grafana; only the proxy route reads it. */
export interface AgentmonSecureOptions {
  apiToken?: string;
}

/** The proxy route of plugin.json: Grafana forwards `<instance url>/agentmon/*` to `apiUrl/*`. */
export const PROXY_ROUTE = 'agentmon';

/** The value the app's "All" options carry: a filter holding it is dropped (no filter at all). */
export const ALL_VALUE = '*';
