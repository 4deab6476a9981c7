import fc from 'fast-check';
import type { Event, EventKind } from './events';
import {
  after,
  cost,
  displayName,
  elapsed,
  mostly,
  optional,
  pooledId,
  text,
  time,
  wholeNumber,
  wildString,
  wrongType,
} from './fuzz-values';

/** Events of every kind with fuzzed fields, over small id pools so that they refer to each other. */

const ids = {
  user: pooledId('user', 30),
  session: pooledId('sess', 40),
  request: pooledId('req', 300),
  call: pooledId('call', 300),
  workflow: pooledId('wf', 12),
  run: pooledId('run', 60),
  task: pooledId('task', 100),
  approval: pooledId('appr', 40),
  plan: pooledId('plan', 40),
  conversation: pooledId('conv', 20),
  message: pooledId('msg', 200),
};
const agent = displayName(['planner', 'coder', ' critic ', 'Coder', 'писатель', '代理']);
const tool = displayName(['search', 'sql', 'browser', 'web_search']);

// Enum values as GraphQL names them; a wrong spelling (rarer: it fails the whole request) does not coerce.
const enumOf = (...values: string[]) =>
  mostly(fc.constantFrom(...values), fc.constantFrom('success', 'BOGUS', ''), 100);
const executionStatus = enumOf('RUNNING', 'SUCCESS', 'FAILURE', 'TIMEOUT', 'CANCELLED');
const runStatus = enumOf('QUEUED', 'RUNNING', 'WAITING_APPROVAL', 'SUCCESS', 'FAILED', 'CANCELLED');

/** startedAt, and maybe finishedAt (an offset after it) and durationMs. */
const timing = fc
  .record({ startedAt: time, offset: optional(elapsed), durationMs: optional(wholeNumber) })
  .map(({ startedAt, offset, durationMs }) => ({
    startedAt,
    finishedAt: typeof offset === 'number' ? after(startedAt, offset) : offset,
    durationMs,
  }));

const errorFields = {
  errorType: optional(mostly(fc.constantFrom('TimeoutError', 'RateLimitError'), wildString)),
  errorMessage: optional(text),
};

const nodeKey = mostly(fc.constantFrom('n0', 'n1', 'n2', 'n3', 'n4', 'n5'), wildString);
const nodes = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.array(
      fc.record({ key: nodeKey, label: optional(text), agent: optional(agent), tool: optional(tool) }),
      { maxLength: 8 }
    ),
  },
  // At and just over the 500-node limit.
  {
    weight: 1,
    arbitrary: fc.constantFrom(500, 501).map((n) => Array.from({ length: n }, (_, i) => ({ key: `k${i}` }))),
  }
);

const KINDS: Record<EventKind, fc.Arbitrary<Event>> = {
  login: fc.record({
    sessionId: ids.session,
    userId: ids.user,
    userName: optional(text),
    userEmail: optional(text),
    at: time,
    ip: optional(text),
    userAgent: optional(text),
  }),
  sessionActivity: fc.record({ sessionId: ids.session, at: time, userId: optional(ids.user) }),
  sessionEnd: fc.record({ sessionId: ids.session, at: time, userId: optional(ids.user) }),
  agentExecution: fc
    .record({
      requestId: ids.request,
      agent,
      status: executionStatus,
      timing,
      userId: optional(ids.user),
      sessionId: optional(ids.session),
      workflowRunId: optional(ids.run),
      taskRunId: optional(ids.task),
      requestModel: optional(text),
      responseModel: optional(text),
      provider: optional(text),
      inputTokens: optional(wholeNumber),
      outputTokens: optional(wholeNumber),
      totalTokens: optional(wholeNumber),
      costUsd: optional(cost),
      ...errorFields,
      input: optional(text),
      output: optional(text),
    })
    .map(({ timing: t, ...event }) => avoidTokenOverflow({ ...event, ...t })),
  toolExecution: fc
    .record({
      requestId: ids.call,
      tool,
      status: executionStatus,
      timing,
      agentExecutionId: optional(ids.request),
      userId: optional(ids.user),
      sessionId: optional(ids.session),
      ...errorFields,
    })
    .map(({ timing: t, ...event }) => ({ ...event, ...t })),
  workflow: fc.record({
    key: ids.workflow,
    name: mostly(fc.constantFrom('Research', 'Nightly ETL'), wildString),
    ownerId: optional(ids.user),
    nodes,
    edges: fc.array(fc.record({ from: nodeKey, to: nodeKey }), { maxLength: 10 }),
    at: time,
  }),
  workflowRun: fc
    .record({
      runId: ids.run,
      workflowKey: ids.workflow,
      workflowName: optional(text),
      status: runStatus,
      timing,
      triggeredBy: optional(ids.user),
      planId: optional(ids.plan),
      ...errorFields,
    })
    .map(({ timing: t, ...event }) => ({ ...event, ...t })),
  taskRun: fc
    .record({
      taskRunId: ids.task,
      runId: ids.run,
      nodeKey,
      attempt: optional(wholeNumber),
      agent: optional(agent),
      tool: optional(tool),
      status: runStatus,
      timing,
      startless: fc.boolean(),
      ...errorFields,
    })
    .map(({ timing: t, startless, ...event }) => ({ ...event, ...t, ...(startless ? { startedAt: null } : {}) })),
  approvalRequested: fc
    .record({
      approvalId: ids.approval,
      // One subject normally; none or two are client mistakes.
      subject: fc.oneof(
        {
          weight: 6,
          arbitrary: fc.oneof(
            fc.record({ runId: ids.run }),
            fc.record({ taskRunId: ids.task }),
            fc.record({ planId: ids.plan })
          ),
        },
        { weight: 1, arbitrary: fc.oneof(fc.constant({}), fc.record({ runId: ids.run, planId: ids.plan })) }
      ),
      requestedAt: time,
    })
    .map(({ subject, ...event }) => ({ ...event, ...subject })),
  approvalDecided: fc.record({
    approvalId: ids.approval,
    decision: enumOf('APPROVED', 'REJECTED', 'EXPIRED', 'PENDING'),
    decidedAt: time,
    decidedBy: optional(ids.user),
    comment: optional(text),
  }),
  plan: fc.record({
    planId: ids.plan,
    userId: ids.user,
    conversationId: optional(ids.conversation),
    title: optional(text),
    status: enumOf('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'EXECUTING', 'COMPLETED', 'FAILED'),
    stepCount: optional(wholeNumber),
    createdAt: time,
    decidedAt: optional(time),
  }),
  conversationMessage: fc.record({
    messageId: ids.message,
    conversationId: ids.conversation,
    userId: ids.user,
    role: optional(enumOf('USER', 'ASSISTANT', 'SYSTEM', 'TOOL')),
    at: time,
  }),
};

/**
 * Known bug (reported): on MariaDB, inputTokens + outputTokens above 2^31-1 with no totalTokens
 * overflows the INT column and answers INTERNAL_SERVER_ERROR (agent-execution.service.ts). Until
 * it is fixed, such events carry their own totalTokens. The bug's own test is in fuzz.test.ts.
 */
function avoidTokenOverflow(event: Event): Event {
  const sum =
    (typeof event.inputTokens === 'number' ? event.inputTokens : 0) +
    (typeof event.outputTokens === 'number' ? event.outputTokens : 0);
  return sum > 2_147_483_647 && (event.totalTokens === undefined || event.totalTokens === null)
    ? { ...event, totalTokens: 1 }
    : event;
}

/** Rarely, the event is malformed for GraphQL: a field left out, of the wrong type, or unknown. */
function malformable(event: fc.Arbitrary<Event>): fc.Arbitrary<Event> {
  const broken = fc
    .tuple(event, fc.nat(), wrongType, fc.constantFrom('drop', 'wrong', 'extra'))
    .map(([e, n, value, how]) => {
      const keys = Object.keys(e);
      const key = keys[n % keys.length];
      if (how === 'drop') return Object.fromEntries(Object.entries(e).filter(([k]) => k !== key));
      return how === 'wrong' ? { ...e, [key]: value } : { ...e, unknownField: value };
    });
  return fc.oneof({ weight: 60, arbitrary: event }, { weight: 1, arbitrary: broken });
}

export const EVENT_KINDS = Object.keys(KINDS) as EventKind[];

export const kindedEvent: fc.Arbitrary<{ kind: EventKind; event: Event }> = fc.oneof(
  ...EVENT_KINDS.map((kind) => malformable(KINDS[kind]).map((event) => ({ kind, event })))
);

/** One entry of an `ingest` batch: one kind set, or (rarely) none, two, null or an unknown kind. */
export const batchEntry: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 40, arbitrary: kindedEvent.map(({ kind, event }) => ({ [kind]: event })) },
  { weight: 1, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.tuple(kindedEvent, kindedEvent).map(([a, b]) => ({ [a.kind]: a.event, [b.kind]: b.event })),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, { meteorStrike: { at: '2026-01-01T00:00:00Z' } }) }
);
