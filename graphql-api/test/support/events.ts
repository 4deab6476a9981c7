import crypto from 'node:crypto';
import type { TestApi } from './api';

/** Event kinds as `ingest` names them (the EventInput fields). */
export type EventKind =
  | 'login'
  | 'sessionActivity'
  | 'sessionEnd'
  | 'agentExecution'
  | 'toolExecution'
  | 'workflow'
  | 'workflowRun'
  | 'taskRun'
  | 'approvalRequested'
  | 'approvalDecided'
  | 'plan'
  | 'conversationMessage';

// Loosely typed on purpose: tests build valid and invalid events alike.
export type Event = Record<string, any>;
export type BatchEvent = Partial<Record<EventKind, Event>>;

/** The single-event mutation and its input type, for each kind. */
export const SINGLE: Record<EventKind, { mutation: string; input: string }> = {
  login: { mutation: 'recordLogin', input: 'LoginEventInput' },
  sessionActivity: { mutation: 'recordSessionActivity', input: 'SessionEventInput' },
  sessionEnd: { mutation: 'endSession', input: 'SessionEventInput' },
  agentExecution: { mutation: 'recordAgentExecution', input: 'AgentExecutionEventInput' },
  toolExecution: { mutation: 'recordToolExecution', input: 'ToolExecutionEventInput' },
  workflow: { mutation: 'recordWorkflow', input: 'WorkflowEventInput' },
  workflowRun: { mutation: 'recordWorkflowRun', input: 'WorkflowRunEventInput' },
  taskRun: { mutation: 'recordTaskRun', input: 'TaskRunEventInput' },
  approvalRequested: { mutation: 'requestApproval', input: 'ApprovalRequestedEventInput' },
  approvalDecided: { mutation: 'decideApproval', input: 'ApprovalDecidedEventInput' },
  plan: { mutation: 'recordPlan', input: 'PlanEventInput' },
  conversationMessage: { mutation: 'recordConversationMessage', input: 'ConversationMessageEventInput' },
};

/** Every field of each record type (scalars only), for reading records back whole. */
export const FIELDS = {
  user: 'id externalId name email createdAt lastSeenAt',
  agent: 'id name createdAt lastSeenAt',
  tool: 'id name createdAt lastSeenAt',
  loginSession: 'id externalId startedAt lastActivityAt endedAt ip userAgent durationMs',
  agentExecution:
    'id requestId sessionExternalId workflowRunExternalId taskRunExternalId status startedAt finishedAt durationMs ' +
    'requestModel responseModel provider inputTokens outputTokens totalTokens costUsd errorType errorMessage inputPayload outputPayload',
  toolExecution:
    'id requestId agentExecutionRequestId sessionExternalId status startedAt finishedAt durationMs errorType errorMessage',
  workflow: 'id key name nodes { key label agent tool } edges { from to } createdAt updatedAt',
  workflowRun: 'id runId planExternalId status startedAt finishedAt durationMs errorType errorMessage',
  taskRun: 'id externalId nodeKey attempt status startedAt finishedAt durationMs errorType errorMessage',
  approval: 'id externalId subjectType requestedAt decidedAt decision comment waitMs',
  plan: 'id externalId title status stepCount createdAt decidedAt',
  plannerConversation: 'id externalId startedAt lastMessageAt messageCount',
  plannerMessage: 'id externalId role sentAt',
} as const;

/** The mutation document for one event of `kind`, answering with `selection`. */
export function singleDocument(kind: EventKind, selection: string): string {
  const { mutation, input } = SINGLE[kind];
  return `mutation Record($event: ${input}!) { ${mutation}(event: $event) { ${selection} } }`;
}

/** Sends one event with its own mutation; fails the test on any error. */
export async function record<T = Record<string, any>>(
  api: TestApi,
  kind: EventKind,
  event: Event,
  selection = 'id'
): Promise<T> {
  const data = await api.data<Record<string, T>>(singleDocument(kind, selection), { event });
  return data[SINGLE[kind].mutation];
}

export interface IngestAnswer {
  accepted: number;
  rejected: number;
  results: {
    index: number;
    kind: string | null;
    accepted: boolean;
    id: string | null;
    error: { code: string; field: string; message: string } | null;
  }[];
}

export const INGEST = `mutation Ingest($events: [EventInput!]!) {
  ingest(events: $events) { accepted rejected results { index kind accepted id error { code field message } } }
}`;

/** Sends a batch with `ingest`; fails the test on a request-level error. */
export async function ingest(api: TestApi, events: BatchEvent[]): Promise<IngestAnswer> {
  return (await api.data<{ ingest: IngestAnswer }>(INGEST, { events })).ingest;
}

// ---------------------------------------------------------------------------------------------
// Ids and times

let sequence = 0;
const RUN = crypto.randomBytes(3).toString('hex');

/** A platform id no other test uses, e.g. "req-a1b2c3-17". */
export function uid(prefix: string): string {
  sequence += 1;
  return `${prefix}-${RUN}-${sequence}`;
}

/** ISO time `offsetMs` after `base` (default 2026-11-26T08:00:00.000Z), with milliseconds. */
export function at(offsetMs: number, base = '2026-11-26T08:00:00.000Z'): string {
  return new Date(Date.parse(base) + offsetMs).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Factories: a valid event of each kind, with fresh ids, and overrides on top.

export const make = {
  login: (o: Event = {}): Event => ({ sessionId: uid('sess'), userId: uid('user'), at: at(0), ...o }),
  session: (sessionId: string, o: Event = {}): Event => ({ sessionId, at: at(60_000), ...o }),
  agentExecution: (o: Event = {}): Event => ({
    requestId: uid('req'),
    agent: 'researcher',
    status: 'SUCCESS',
    startedAt: at(1_000),
    finishedAt: at(3_500),
    requestModel: 'chat-large',
    provider: 'provider-a',
    inputTokens: 1200,
    outputTokens: 300,
    costUsd: '0.0105',
    ...o,
  }),
  toolExecution: (o: Event = {}): Event => ({
    requestId: uid('tool-call'),
    tool: 'web_search',
    status: 'SUCCESS',
    startedAt: at(2_000),
    durationMs: 900,
    ...o,
  }),
  workflow: (o: Event = {}): Event => ({
    key: uid('wf'),
    name: 'Research and summarise',
    nodes: [
      { key: 'search', label: 'Search', tool: 'web_search' },
      { key: 'summarise', label: 'Summarise', agent: 'writer' },
    ],
    edges: [{ from: 'search', to: 'summarise' }],
    at: at(0),
    ...o,
  }),
  workflowRun: (workflowKey: string, o: Event = {}): Event => ({
    runId: uid('run'),
    workflowKey,
    status: 'RUNNING',
    startedAt: at(10_000),
    ...o,
  }),
  taskRun: (runId: string, o: Event = {}): Event => ({
    taskRunId: uid('task'),
    runId,
    nodeKey: 'search',
    status: 'SUCCESS',
    startedAt: at(10_100),
    finishedAt: at(11_100),
    ...o,
  }),
  approvalRequested: (subject: Event, o: Event = {}): Event => ({
    approvalId: uid('appr'),
    ...subject,
    requestedAt: at(20_000),
    ...o,
  }),
  approvalDecided: (approvalId: string, o: Event = {}): Event => ({
    approvalId,
    decision: 'APPROVED',
    decidedAt: at(25_000),
    ...o,
  }),
  plan: (o: Event = {}): Event => ({
    planId: uid('plan'),
    userId: uid('user'),
    title: 'Compare three vendors',
    status: 'DRAFT',
    stepCount: 3,
    createdAt: at(30_000),
    ...o,
  }),
  conversationMessage: (conversationId: string, userId: string, o: Event = {}): Event => ({
    messageId: uid('msg'),
    conversationId,
    userId,
    role: 'USER',
    at: at(29_000),
    ...o,
  }),
};

// ---------------------------------------------------------------------------------------------
// Row counts (used only to prove what was, or was not, written)

/**
 * The row count of every table the migrations made (but their own bookkeeping table). The list is
 * read from the database, so tables added by later migrations are compared too.
 */
export async function countRows(api: TestApi): Promise<Record<string, number>> {
  const ds = api.services.dataSource;
  const tables: { name: string }[] =
    ds.options.type === 'mysql'
      ? await ds.query(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`
        )
      : await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  const counts: Record<string, number> = {};
  for (const { name } of [...tables].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (name === 'schema_migrations') continue;
    const [row] = (await ds.query(`SELECT COUNT(*) AS n FROM ${name}`)) as { n: number | string }[];
    counts[name] = Number(row.n);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Pagination

export interface Walk<T> {
  nodes: T[];
  cursors: string[];
  pages: number;
  totalCounts: number[];
}

/**
 * Reads a whole list query page by page with first/after, checking each page's shape (edges and
 * nodes agree, pageInfo is consistent) on the way.
 */
export async function walk<T extends { id: string }>(
  api: TestApi,
  field: string,
  args: { filter?: Record<string, unknown>; sortBy?: string; direction?: 'ASC' | 'DESC'; first: number },
  selection: string
): Promise<Walk<T>> {
  if (!LIST_FILTER[field]) throw new Error(`walk: no filter type known for ${field}`);
  const query = `query Page($first: Int, $after: String, $filter: ${LIST_FILTER[field]}${args.sortBy ? `, $sortBy: ${LIST_SORT[field]}!` : ''}${
    args.direction ? ', $direction: SortDirection!' : ''
  }) {
    ${field}(first: $first, after: $after, filter: $filter${args.sortBy ? ', sortBy: $sortBy' : ''}${args.direction ? ', direction: $direction' : ''}) {
      totalCount
      edges { cursor node { ${selection} } }
      nodes { id }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;
  const result: Walk<T> = { nodes: [], cursors: [], pages: 0, totalCounts: [] };
  let after: string | null = null;
  for (;;) {
    const data: Record<string, any> = await api.data(query, {
      first: args.first,
      after,
      filter: args.filter ?? null,
      sortBy: args.sortBy,
      direction: args.direction,
    });
    const page = data[field];
    result.pages += 1;
    result.totalCounts.push(page.totalCount);
    const edges = page.edges as { cursor: string; node: T }[];
    if (edges.length > args.first)
      throw new Error(`${field}: page ${result.pages} has ${edges.length} edges, more than first=${args.first}`);
    if (JSON.stringify(page.nodes.map((n: { id: string }) => n.id)) !== JSON.stringify(edges.map((e) => e.node.id))) {
      throw new Error(`${field}: nodes and edges differ on page ${result.pages}`);
    }
    if (
      edges.length > 0 &&
      (page.pageInfo.startCursor !== edges[0].cursor || page.pageInfo.endCursor !== edges.at(-1)!.cursor)
    ) {
      throw new Error(`${field}: start/endCursor do not match the edges on page ${result.pages}`);
    }
    result.nodes.push(...edges.map((e) => e.node));
    result.cursors.push(...edges.map((e) => e.cursor));
    if (!page.pageInfo.hasNextPage) break;
    if (edges.length === 0) throw new Error(`${field}: hasNextPage with an empty page`);
    after = page.pageInfo.endCursor;
    if (result.pages > 10_000) throw new Error(`${field}: pagination does not end`);
  }
  return result;
}

/** Filter and sort type names where they are not derived from the field name. */
const LIST_FILTER: Record<string, string> = {
  agents: 'NamedDimensionFilter',
  tools: 'NamedDimensionFilter',
  agentExecutions: 'AgentExecutionFilter',
  toolExecutions: 'ToolExecutionFilter',
  workflowRuns: 'WorkflowRunFilter',
  taskRuns: 'TaskRunFilter',
  approvals: 'ApprovalFilter',
  plans: 'PlanFilter',
  plannerConversations: 'ConversationFilter',
  loginSessions: 'LoginSessionFilter',
  users: 'UserFilter',
  workflows: 'WorkflowFilter',
};
const LIST_SORT: Record<string, string> = {
  agents: 'NamedDimensionSort',
  tools: 'NamedDimensionSort',
  agentExecutions: 'AgentExecutionSort',
  toolExecutions: 'ToolExecutionSort',
  workflowRuns: 'RunSort',
  taskRuns: 'RunSort',
  approvals: 'ApprovalSort',
  plans: 'PlanSort',
  plannerConversations: 'ConversationSort',
  loginSessions: 'LoginSessionSort',
  users: 'UserSort',
  workflows: 'WorkflowSort',
};

/** Exact comparison of two decimal strings, as numbers (no floats): -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const nanos = (s: string) => {
    const [whole, fraction = ''] = s.split('.');
    return BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0'));
  };
  const x = nanos(a);
  const y = nanos(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Adds decimal strings exactly (as billionths); the answer has no trailing zeros. */
export function sumDecimals(values: string[]): string {
  let total = 0n;
  for (const s of values) {
    const [whole, fraction = ''] = s.split('.');
    total += BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0'));
  }
  const fraction = (total % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${total / 1_000_000_000n}${fraction ? `.${fraction}` : ''}`;
}
