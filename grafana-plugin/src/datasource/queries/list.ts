import type { DataFrame, QueryResultMetaNotice } from '@grafana/data';
import type { GraphQLTransport } from '../api';
import { selectionOf } from '../frames/selection';
import {
  activityColumns,
  agentExecutionColumns,
  loginSessionColumns,
  pendingApprovalColumns,
  personColumns,
  planColumns,
  taskRunColumns,
  toolExecutionColumns,
  workflowRunColumns,
} from '../frames/shapes';
import { col, type Column, rowsToFrame, UNITS } from '../frames/table';
import type { AgentmonQuery, FilterKey, ListName, QueryFilter } from '../types';
import { compactFilter, execute, type QueryContext, withNotices } from './context';
import { fetchRunGraph } from './runGraph';

/** Rows a list returns when the query sets no limit, and the most it may ask for. */
const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 5000;
/** The API's largest page (`first`). */
const PAGE_SIZE = 1000;

/** A list read from one Relay connection of the API. */
interface Connection {
  field: string;
  columns: Column[];
  /** The type of the connection's filter argument; none for activity. */
  filterType?: string;
  /** Whether the panel's time range narrows the list (false: a list of what is true now). */
  timed?: boolean;
  /** Filter values the list always sets (running now: status RUNNING). */
  fixed?: Record<string, unknown>;
  /** The query's run id narrows the list (runId: [id]). */
  runFilter?: boolean;
  /** Extra arguments with their GraphQL types and values (activity's kinds and range). */
  args?: (query: AgentmonQuery, ctx: QueryContext) => Record<string, { type: string; value: unknown }>;
}

export interface ListDef {
  label: string;
  description: string;
  /** The filter keys the list passes on; the editor offers only these. */
  filters: FilterKey[];
  connection?: Connection;
}

const range = (ctx: QueryContext) => ({ from: ctx.from, to: ctx.to });

export const LISTS: Record<ListName, ListDef> = {
  activity: {
    label: 'Recent activity',
    description: 'Logins, executions, runs, approvals and plans in the time range, newest first.',
    filters: [],
    connection: {
      field: 'activity',
      columns: activityColumns,
      args: (query, ctx): Record<string, { type: string; value: unknown }> => ({
        range: { type: 'TimeRangeInput', value: range(ctx) },
        ...(query.kinds?.length ? { kinds: { type: '[ActivityKind!]', value: query.kinds } } : {}),
      }),
    },
  },
  errors: {
    label: 'Errors',
    description: 'Failed and timed-out agent and tool executions in the time range, newest first.',
    filters: ['agent', 'tool', 'user', 'status'],
  },
  activeSessions: {
    label: 'Active sessions now',
    description: 'Login sessions active now.',
    filters: ['user'],
    connection: {
      field: 'loginSessions',
      filterType: 'LoginSessionFilter',
      columns: loginSessionColumns,
      fixed: { active: true },
    },
  },
  runningWorkflows: {
    label: 'Running workflows now',
    description: 'Workflow runs running now.',
    filters: ['workflow', 'user'],
    connection: {
      field: 'workflowRuns',
      filterType: 'WorkflowRunFilter',
      columns: workflowRunColumns,
      fixed: { status: ['RUNNING'] },
    },
  },
  pendingApprovals: {
    label: 'Pending approvals now',
    description: 'Approvals waiting for a decision now.',
    filters: [],
    connection: {
      field: 'approvals',
      filterType: 'ApprovalFilter',
      columns: pendingApprovalColumns,
      fixed: { decision: ['PENDING'] },
    },
  },
  recentPlans: {
    label: 'Recent plans',
    description: 'Plans created in the time range.',
    filters: ['user', 'status'],
    connection: { field: 'plans', filterType: 'PlanFilter', columns: planColumns, timed: true },
  },
  workflowRuns: {
    label: 'Workflow runs',
    description: 'Runs started in the time range.',
    filters: ['workflow', 'user', 'status'],
    connection: { field: 'workflowRuns', filterType: 'WorkflowRunFilter', columns: workflowRunColumns, timed: true },
  },
  agentExecutions: {
    label: 'Agent executions',
    description: 'Agent executions started in the time range.',
    filters: ['agent', 'user', 'model', 'provider', 'status'],
    connection: {
      field: 'agentExecutions',
      filterType: 'AgentExecutionFilter',
      columns: agentExecutionColumns,
      timed: true,
    },
  },
  toolExecutions: {
    label: 'Tool executions',
    description: 'Tool calls started in the time range.',
    filters: ['tool', 'user', 'status'],
    connection: {
      field: 'toolExecutions',
      filterType: 'ToolExecutionFilter',
      columns: toolExecutionColumns,
      timed: true,
    },
  },
  taskRuns: {
    label: 'Task runs of a run',
    description: 'Every attempt of every task of one run (set the run id), newest first.',
    filters: ['agent', 'tool', 'status'],
    connection: { field: 'taskRuns', filterType: 'TaskRunFilter', columns: taskRunColumns, runFilter: true },
  },
  runGraph: {
    label: 'Run task graph',
    description: "One run's DAG with each task's latest state, as node graph frames (nodes and edges).",
    filters: [],
  },
};

/** Keeps the filter keys a list understands, so a dashboard-wide filter cannot break another list. */
function listFilter(query: AgentmonQuery, keys: FilterKey[]): QueryFilter {
  const filter = compactFilter(query.filter) ?? {};
  return Object.fromEntries(keys.filter((k) => filter[k]).map((k) => [k, filter[k]]));
}

interface Page {
  nodes: unknown[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The operation reading one page of a list's connection. */
function buildConnectionRequest(def: ListDef, query: AgentmonQuery, ctx: QueryContext, first: number, after?: string) {
  const connection = def.connection!;
  const extra = connection.args?.(query, ctx) ?? {};
  const variables: Record<string, { type: string; value: unknown }> = {
    first: { type: 'Int!', value: first },
    after: { type: 'String', value: after ?? null },
    ...(connection.filterType
      ? {
          filter: {
            type: connection.filterType,
            value: {
              ...(connection.timed ? range(ctx) : {}),
              ...(connection.runFilter && query.runId ? { runId: [query.runId] } : {}),
              ...listFilter(query, def.filters),
              ...connection.fixed,
            },
          },
        }
      : {}),
    ...extra,
  };
  const names = Object.keys(variables);
  return {
    query: `query AgentmonList(${names.map((n) => `$${n}: ${variables[n].type}`).join(', ')}) { list: ${connection.field}(${names
      .map((n) => `${n}: $${n}`)
      .join(', ')}) { nodes ${selectionOf(connection.columns)} pageInfo { hasNextPage endCursor } } }`,
    variables: Object.fromEntries(names.map((n) => [n, variables[n].value])),
  };
}

/** Reads a connection page by page (Relay cursors) until the limit or its end. */
export async function readConnection(
  def: ListDef,
  query: AgentmonQuery,
  ctx: QueryContext,
  send: GraphQLTransport,
  limit: number
): Promise<{ nodes: unknown[]; notices: QueryResultMetaNotice[] }> {
  const nodes: unknown[] = [];
  const notices: QueryResultMetaNotice[] = [];
  let after: string | undefined;
  do {
    const request = buildConnectionRequest(def, query, ctx, Math.min(PAGE_SIZE, limit - nodes.length), after);
    const { data, notices: pageNotices } = await execute<{ list: Page }>(send, request, ctx.requestId);
    nodes.push(...data.list.nodes);
    notices.push(...pageNotices);
    after = data.list.pageInfo.hasNextPage ? (data.list.pageInfo.endCursor ?? undefined) : undefined;
  } while (after && nodes.length < limit);
  return { nodes, notices };
}

/** Columns of the merged error list: agent and tool executions share them. */
const errorColumns: Column[] = [
  col.time('startedAt', 'Started'),
  col.string('source', 'Source'),
  col.string('name', 'Name'),
  col.string('status', 'Status'),
  col.string('errorType', 'Error type'),
  col.string('errorMessage', 'Error'),
  ...personColumns('user.externalId', 'User'),
  col.number('durationMs', 'Duration', UNITS.durationMs),
  col.string('requestId', 'Request id'),
  col.string('traceId', 'Trace'),
];
const errorSelection = (nameField: string) =>
  selectionOf(
    errorColumns.filter((c) => c.name !== 'source' && c.name !== 'name'),
    [nameField]
  );

/**
 * Agent and tool errors in one request, merged newest first. A filter on agent keeps only agent
 * errors and one on tool only tool errors (neither API filter knows the other dimension); with
 * both, agent errors win.
 */
function buildErrorsRequest(query: AgentmonQuery, ctx: QueryContext, limit: number) {
  const f = listFilter(query, LISTS.errors.filters);
  const status = f.status ?? ['FAILURE', 'TIMEOUT'];
  const wantAgents = !f.tool || Boolean(f.agent);
  const wantTools = !f.agent;
  const fields = [
    wantAgents
      ? `agentErrors: agentExecutions(first: $first, filter: $agentFilter) { nodes ${errorSelection('agent.name')} }`
      : '',
    wantTools
      ? `toolErrors: toolExecutions(first: $first, filter: $toolFilter) { nodes ${errorSelection('tool.name')} }`
      : '',
  ].filter(Boolean);
  const declarations = [
    '$first: Int!',
    ...(wantAgents ? ['$agentFilter: AgentExecutionFilter'] : []),
    ...(wantTools ? ['$toolFilter: ToolExecutionFilter'] : []),
  ];
  return {
    query: `query AgentmonErrors(${declarations.join(', ')}) { ${fields.join(' ')} }`,
    variables: {
      first: Math.min(limit, PAGE_SIZE),
      ...(wantAgents ? { agentFilter: { ...range(ctx), status, ...listFilter(query, ['agent', 'user']) } } : {}),
      ...(wantTools ? { toolFilter: { ...range(ctx), status, ...listFilter(query, ['tool', 'user']) } } : {}),
    },
  };
}

type ErrorNode = Record<string, unknown> & { startedAt: string; agent?: { name: string }; tool?: { name: string } };

function errorsToFrame(
  data: { agentErrors?: { nodes: ErrorNode[] }; toolErrors?: { nodes: ErrorNode[] } },
  refId: string,
  limit: number
): DataFrame {
  const rows = [
    ...(data.agentErrors?.nodes ?? []).map((n) => ({ ...n, source: 'agent', name: n.agent?.name })),
    ...(data.toolErrors?.nodes ?? []).map((n) => ({ ...n, source: 'tool', name: n.tool?.name })),
  ]
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
    .slice(0, limit);
  return rowsToFrame(rows, errorColumns, refId, LISTS.errors.label);
}

export async function runList(query: AgentmonQuery, ctx: QueryContext, send: GraphQLTransport): Promise<DataFrame[]> {
  const def = query.list ? LISTS[query.list] : undefined;
  if (!def) {
    throw new Error(`Unknown list "${query.list ?? ''}": pick one.`);
  }
  const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_LIST_LIMIT), MAX_LIST_LIMIT);
  if (query.list === 'runGraph') {
    return fetchRunGraph(query, ctx, send);
  }
  if (query.list === 'errors') {
    const { data, notices } = await execute(send, buildErrorsRequest(query, ctx, limit), ctx.requestId);
    return withNotices([errorsToFrame(data, ctx.refId, limit)], notices);
  }
  const { nodes, notices } = await readConnection(def, query, ctx, send, limit);
  return withNotices([rowsToFrame(nodes, def.connection!.columns, ctx.refId, def.label)], notices);
}
