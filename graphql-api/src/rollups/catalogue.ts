import { registerEnumType } from 'type-graphql';
import { AgentExecution } from '../agents/agent-execution.entity';
import { Approval } from '../approvals/approval.entity';
import { HeartbeatStatus } from '../fleet/fleet-states';
import { HealthProbe } from '../fleet/health-probe.entity';
import { ServiceHeartbeat } from '../fleet/service-heartbeat.entity';
import { Plan } from '../planner/plan.entity';
import { PlannerConversation } from '../planner/planner-conversation.entity';
import { PlannerMessage } from '../planner/planner-message.entity';
import { LoginSession } from '../sessions/login-session.entity';
import { ToolExecution } from '../tools/tool-execution.entity';
import { TaskRun } from '../workflows/task-run.entity';
import { WorkflowRun } from '../workflows/workflow-run.entity';
import {
  ApprovalDecision,
  ExecutionStatus,
  FAILED_EXECUTION,
  MessageRole,
  PlanStatus,
  RunStatus,
} from '../common/status';
import { SESSION_ACTIVITY_ENTITY, SessionActivity } from '../sessions/login-session.service';

export enum StatsMetric {
  AGENT_EXECUTIONS = 'agent_executions',
  TOOL_EXECUTIONS = 'tool_executions',
  WORKFLOW_RUNS = 'workflow_runs',
  WORKFLOW_RUNS_COMPLETED = 'workflow_runs_completed',
  TASK_RUNS = 'task_runs',
  TASK_RUNS_COMPLETED = 'task_runs_completed',
  LOGINS = 'logins',
  SESSION_ACTIVITY = 'session_activity',
  PLANS = 'plans',
  PLANNER_CONVERSATIONS = 'planner_conversations',
  PLANNER_MESSAGES = 'planner_messages',
  APPROVALS = 'approvals',
  HEALTH_PROBES = 'health_probes',
  SERVICE_HEARTBEATS = 'service_heartbeats',
}
registerEnumType(StatsMetric, {
  name: 'StatsMetric',
  description:
    'What is counted. Each counts records in the bucket of their start time, except WORKFLOW_RUNS_COMPLETED and TASK_RUNS_COMPLETED (finish time). ' +
    'A record counts once, in its latest state; durations count once it has finished.',
  valuesConfig: {
    AGENT_EXECUTIONS: {
      description:
        'Agent executions by start time, with tokens and cost. Dimensions: agent, model (request model), provider, user. Failures: FAILURE and TIMEOUT.',
    },
    TOOL_EXECUTIONS: {
      description: 'Tool calls by start time. Dimensions: tool, user. Failures: FAILURE and TIMEOUT.',
    },
    WORKFLOW_RUNS: {
      description:
        'Workflow runs by the time they were queued or started. Dimensions: workflow, user (who triggered it).',
    },
    WORKFLOW_RUNS_COMPLETED: {
      description:
        'Workflow runs that reached SUCCESS, FAILED or CANCELLED, by finish time. Dimensions: workflow, user.',
    },
    TASK_RUNS: {
      description: 'Task runs by start time (not counted until they start). Dimensions: workflow, agent, tool.',
    },
    TASK_RUNS_COMPLETED: {
      description:
        'Task runs that reached SUCCESS, FAILED or CANCELLED, by finish time. Dimensions: workflow, agent, tool.',
    },
    LOGINS: { description: 'Logins (login sessions started), by login time. Dimension: user. No statuses.' },
    SESSION_ACTIVITY: {
      description:
        "Session activity events that moved a session's last activity forward, by event time. Dimension: user. No statuses.",
    },
    PLANS: {
      description:
        'Plans by creation time; success: approved (whatever came after), failure: rejected; duration: creation to decision. Dimension: user.',
    },
    PLANNER_CONVERSATIONS: { description: 'Planner conversations by start time. Dimension: user. No statuses.' },
    PLANNER_MESSAGES: {
      description:
        'Planner messages by time sent; their status is the message role (USER, ASSISTANT...). No dimensions.',
    },
    APPROVALS: {
      description:
        'Approvals by request time; success: APPROVED, failure: REJECTED and EXPIRED; duration: request to decision. No dimensions.',
    },
    HEALTH_PROBES: {
      description:
        "The API's probes of registered health endpoints, by probe time; status UP or DOWN, so SUCCESS_RATE is the uptime; durations are response times. Dimension: service.",
    },
    SERVICE_HEARTBEATS: {
      description:
        'Heartbeats of registered services, by heartbeat time; success: HEALTHY, failure: DEGRADED. Dimension: service.',
    },
  },
});

export enum StatsDimension {
  AGENT = 'agent',
  TOOL = 'tool',
  MODEL = 'model',
  PROVIDER = 'provider',
  USER = 'user',
  WORKFLOW = 'workflow',
  STATUS = 'status',
  SERVICE = 'service',
}
registerEnumType(StatsDimension, {
  name: 'StatsDimension',
  description:
    'What statistics are grouped by. Each metric has only some dimensions (see StatsMetric); asking for another is refused with BAD_USER_INPUT.',
  valuesConfig: {
    AGENT: { description: 'By agent; key and filter: the agent name.' },
    TOOL: { description: 'By tool; key and filter: the tool name.' },
    MODEL: { description: 'By request model (gen_ai.request.model); executions without one are not in any group.' },
    PROVIDER: { description: 'By provider (gen_ai.provider.name); executions without one are not in any group.' },
    USER: { description: "By user; key and filter: the platform's user id." },
    WORKFLOW: { description: 'By workflow; key and filter: the workflow key.' },
    STATUS: { description: 'By status (enum name, e.g. "SUCCESS"); every metric with statuses has it.' },
    SERVICE: { description: 'By registered service; key and filter: the serviceId it registered with.' },
  },
});

/** Dimensions kept as rollup keys (status is a column of every rollup row instead). */
export type KeyDimension = Exclude<StatsDimension, StatsDimension.STATUS>;

export interface Contribution {
  minute: Date;
  status: string;
  keys: Partial<Record<KeyDimension, string>>;
  durationMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costNanos: bigint;
  /** 1 for an agent execution that has no cost because its model has no known price. */
  unpriced: number;
}

export interface MetricSpec {
  metric: StatsMetric;
  /** The TypeORM entity name of the records it counts. */
  entity: string;
  dimensions: KeyDimension[];
  /** Every state a record can be in (what a status filter may name). */
  statuses: readonly string[];
  /** Statuses that count as success and as failure; finished = both plus `otherFinished`. */
  success: string[];
  failure: string[];
  otherFinished: string[];
  /** What one record adds to the rollups, or null when it is not counted (yet). */
  contribution(record: never): Contribution | null;
  /** Its records carry tokens and cost; the other metrics' rollups hold zeros there, which reads skip. */
  usage?: true;
}

const id = (value: number | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : String(value);
const text = (value: string | null | undefined): string | undefined => value ?? undefined;
const none = { inputTokens: 0, outputTokens: 0, costNanos: 0n, unpriced: 0 };
const span = (from: Date, to: Date | null) => (to ? Math.max(0, to.getTime() - from.getTime()) : null);

const NO_STATUS = { statuses: [], success: [], failure: [], otherFinished: [] };
const EXECUTION_STATUSES = {
  statuses: Object.values(ExecutionStatus),
  success: ['success'],
  failure: [...FAILED_EXECUTION],
  otherFinished: ['cancelled'],
};
const FINISHED_RUN: string[] = ['success', 'failed', 'cancelled'];
const RUN_STATUSES = {
  statuses: Object.values(RunStatus),
  success: ['success'],
  failure: ['failed'],
  otherFinished: ['cancelled'],
};

export const METRICS: Record<StatsMetric, MetricSpec> = {
  [StatsMetric.AGENT_EXECUTIONS]: {
    metric: StatsMetric.AGENT_EXECUTIONS,
    entity: AgentExecution.name,
    dimensions: [StatsDimension.AGENT, StatsDimension.MODEL, StatsDimension.PROVIDER, StatsDimension.USER],
    ...EXECUTION_STATUSES,
    usage: true,
    contribution: (r: AgentExecution) => ({
      minute: r.startedAt,
      status: r.status,
      keys: { agent: id(r.agentId), model: text(r.requestModel), provider: text(r.provider), user: id(r.userId) },
      durationMs: r.status === 'running' ? null : r.durationMs,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      costNanos: r.costNanos,
      unpriced: r.unpriced ? 1 : 0,
    }),
  },
  [StatsMetric.TOOL_EXECUTIONS]: {
    metric: StatsMetric.TOOL_EXECUTIONS,
    entity: ToolExecution.name,
    dimensions: [StatsDimension.TOOL, StatsDimension.USER],
    ...EXECUTION_STATUSES,
    contribution: (r: ToolExecution) => ({
      minute: r.startedAt,
      status: r.status,
      keys: { tool: id(r.toolId), user: id(r.userId) },
      durationMs: r.status === 'running' ? null : r.durationMs,
      ...none,
    }),
  },
  [StatsMetric.WORKFLOW_RUNS]: {
    metric: StatsMetric.WORKFLOW_RUNS,
    entity: WorkflowRun.name,
    dimensions: [StatsDimension.WORKFLOW, StatsDimension.USER],
    ...RUN_STATUSES,
    contribution: (r: WorkflowRun) => ({
      minute: r.startedAt,
      status: r.status,
      keys: { workflow: id(r.workflowId), user: id(r.triggeredById) },
      durationMs: r.finishedAt ? r.durationMs : null,
      ...none,
    }),
  },
  [StatsMetric.WORKFLOW_RUNS_COMPLETED]: {
    metric: StatsMetric.WORKFLOW_RUNS_COMPLETED,
    entity: WorkflowRun.name,
    dimensions: [StatsDimension.WORKFLOW, StatsDimension.USER],
    ...RUN_STATUSES,
    contribution: (r: WorkflowRun) =>
      r.finishedAt && FINISHED_RUN.includes(r.status)
        ? {
            minute: r.finishedAt,
            status: r.status,
            keys: { workflow: id(r.workflowId), user: id(r.triggeredById) },
            durationMs: r.durationMs,
            ...none,
          }
        : null,
  },
  [StatsMetric.TASK_RUNS]: {
    metric: StatsMetric.TASK_RUNS,
    entity: TaskRun.name,
    dimensions: [StatsDimension.WORKFLOW, StatsDimension.AGENT, StatsDimension.TOOL],
    ...RUN_STATUSES,
    contribution: (r: TaskRun) =>
      r.startedAt
        ? {
            minute: r.startedAt,
            status: r.status,
            keys: { workflow: id(r.workflowId), agent: id(r.agentId), tool: id(r.toolId) },
            durationMs: r.finishedAt ? r.durationMs : null,
            ...none,
          }
        : null,
  },
  [StatsMetric.TASK_RUNS_COMPLETED]: {
    metric: StatsMetric.TASK_RUNS_COMPLETED,
    entity: TaskRun.name,
    dimensions: [StatsDimension.WORKFLOW, StatsDimension.AGENT, StatsDimension.TOOL],
    ...RUN_STATUSES,
    contribution: (r: TaskRun) =>
      r.finishedAt && FINISHED_RUN.includes(r.status)
        ? {
            minute: r.finishedAt,
            status: r.status,
            keys: { workflow: id(r.workflowId), agent: id(r.agentId), tool: id(r.toolId) },
            durationMs: r.durationMs,
            ...none,
          }
        : null,
  },
  [StatsMetric.LOGINS]: {
    metric: StatsMetric.LOGINS,
    entity: LoginSession.name,
    dimensions: [StatsDimension.USER],
    ...NO_STATUS,
    contribution: (r: LoginSession) => ({
      minute: r.startedAt,
      status: '',
      keys: { user: id(r.userId) },
      durationMs: null,
      ...none,
    }),
  },
  [StatsMetric.SESSION_ACTIVITY]: {
    metric: StatsMetric.SESSION_ACTIVITY,
    entity: SESSION_ACTIVITY_ENTITY,
    dimensions: [StatsDimension.USER],
    ...NO_STATUS,
    contribution: (r: SessionActivity) => ({
      minute: r.at,
      status: '',
      keys: { user: id(r.userId) },
      durationMs: null,
      ...none,
    }),
  },
  [StatsMetric.PLANS]: {
    metric: StatsMetric.PLANS,
    entity: Plan.name,
    dimensions: [StatsDimension.USER],
    statuses: Object.values(PlanStatus),
    // Approval rate: a plan that was approved stays approved whatever its execution did.
    success: ['approved', 'executing', 'completed', 'failed'],
    failure: ['rejected'],
    otherFinished: [],
    contribution: (r: Plan) => ({
      minute: r.createdAt,
      status: r.status,
      keys: { user: id(r.userId) },
      durationMs: span(r.createdAt, r.decidedAt),
      ...none,
    }),
  },
  [StatsMetric.PLANNER_CONVERSATIONS]: {
    metric: StatsMetric.PLANNER_CONVERSATIONS,
    entity: PlannerConversation.name,
    dimensions: [StatsDimension.USER],
    ...NO_STATUS,
    contribution: (r: PlannerConversation) => ({
      minute: r.startedAt,
      status: '',
      keys: { user: id(r.userId) },
      durationMs: null,
      ...none,
    }),
  },
  [StatsMetric.PLANNER_MESSAGES]: {
    metric: StatsMetric.PLANNER_MESSAGES,
    entity: PlannerMessage.name,
    dimensions: [],
    statuses: Object.values(MessageRole),
    success: [],
    failure: [],
    otherFinished: [],
    contribution: (r: PlannerMessage) => ({ minute: r.sentAt, status: r.role, keys: {}, durationMs: null, ...none }),
  },
  [StatsMetric.APPROVALS]: {
    metric: StatsMetric.APPROVALS,
    entity: Approval.name,
    dimensions: [],
    statuses: Object.values(ApprovalDecision),
    success: ['approved'],
    failure: ['rejected', 'expired'],
    otherFinished: [],
    contribution: (r: Approval) => ({
      minute: r.requestedAt,
      status: r.decision,
      keys: {},
      durationMs: span(r.requestedAt, r.decidedAt),
      ...none,
    }),
  },
  [StatsMetric.HEALTH_PROBES]: {
    metric: StatsMetric.HEALTH_PROBES,
    entity: HealthProbe.name,
    dimensions: [StatsDimension.SERVICE],
    statuses: ['up', 'down'],
    success: ['up'],
    failure: ['down'],
    otherFinished: [],
    contribution: (r: HealthProbe) => ({
      minute: r.at,
      status: r.up ? 'up' : 'down',
      keys: { service: id(r.serviceRecordId) },
      durationMs: r.responseMs,
      ...none,
    }),
  },
  [StatsMetric.SERVICE_HEARTBEATS]: {
    metric: StatsMetric.SERVICE_HEARTBEATS,
    entity: ServiceHeartbeat.name,
    dimensions: [StatsDimension.SERVICE],
    statuses: Object.values(HeartbeatStatus),
    success: ['healthy'],
    failure: ['degraded'],
    otherFinished: [],
    contribution: (r: ServiceHeartbeat) => ({
      minute: r.at,
      status: r.status,
      keys: { service: id(r.serviceRecordId) },
      durationMs: null,
      ...none,
    }),
  },
};

/** The metrics fed by each kind of record. */
export const METRICS_BY_ENTITY: Map<string, MetricSpec[]> = new Map();
for (const spec of Object.values(METRICS)) {
  METRICS_BY_ENTITY.set(spec.entity, [...(METRICS_BY_ENTITY.get(spec.entity) ?? []), spec]);
}

/**
 * Metrics also kept per user without the status split, user first (table user_rollups): what the
 * Users page shows and ranks users by, read for the users it shows rather than for every user, and
 * plans, by which the Planner ranks users. Ranked from each bucket's highest entries (see rankUsers).
 */
export const USER_TOTAL_METRICS: readonly StatsMetric[] = [
  StatsMetric.LOGINS,
  StatsMetric.WORKFLOW_RUNS,
  StatsMetric.AGENT_EXECUTIONS,
  StatsMetric.PLANS,
];
