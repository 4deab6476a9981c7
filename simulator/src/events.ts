// The events as they travel in JSON: enum names as GraphQL spells them, times as ISO strings.

export type ExecutionStatus = 'RUNNING' | 'SUCCESS' | 'FAILURE' | 'TIMEOUT' | 'CANCELLED';
export type RunStatus = 'QUEUED' | 'RUNNING' | 'WAITING_APPROVAL' | 'SUCCESS' | 'FAILED' | 'CANCELLED';
export type PlanStatus = 'PENDING_APPROVAL' | 'APPROVED' | 'REJECTED' | 'EXECUTING' | 'COMPLETED' | 'FAILED';
export type Decision = 'APPROVED' | 'REJECTED' | 'EXPIRED';
export type MessageRole = 'USER' | 'ASSISTANT' | 'TOOL';

export interface LoginEvent {
  sessionId: string;
  userId: string;
  userName: string;
  userEmail: string;
  at: string;
  ip: string;
  userAgent: string;
}

export interface SessionEvent {
  sessionId: string;
  at: string;
}

export interface ErrorFields {
  errorType?: string;
  errorMessage?: string;
}

export interface AgentExecutionEvent extends ErrorFields {
  requestId: string;
  agent: string;
  status: ExecutionStatus;
  startedAt: string;
  finishedAt?: string;
  userId?: string;
  sessionId?: string;
  workflowRunId?: string;
  taskRunId?: string;
  requestModel: string;
  responseModel?: string;
  provider: string;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: string;
  input?: string;
}

export interface ToolExecutionEvent extends ErrorFields {
  requestId: string;
  tool: string;
  status: ExecutionStatus;
  startedAt: string;
  finishedAt?: string;
  agentExecutionId?: string;
  userId?: string;
  sessionId?: string;
}

export interface WorkflowEvent {
  key: string;
  name: string;
  nodes: { key: string; label: string; agent?: string; tool?: string }[];
  edges: { from: string; to: string }[];
  at: string;
}

export interface WorkflowRunEvent extends ErrorFields {
  runId: string;
  workflowKey: string;
  workflowName: string;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  triggeredBy?: string;
  planId?: string;
}

export interface TaskRunEvent extends ErrorFields {
  taskRunId: string;
  runId: string;
  nodeKey: string;
  attempt: number;
  agent?: string;
  tool?: string;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
}

export interface ApprovalRequestedEvent {
  approvalId: string;
  runId?: string;
  taskRunId?: string;
  planId?: string;
  requestedAt: string;
}

export interface ApprovalDecidedEvent {
  approvalId: string;
  decision: Decision;
  decidedAt: string;
  decidedBy?: string;
  comment?: string;
}

export interface PlanEvent {
  planId: string;
  userId: string;
  conversationId: string;
  title: string;
  status: PlanStatus;
  stepCount: number;
  createdAt: string;
  decidedAt?: string;
}

export interface ConversationMessageEvent {
  messageId: string;
  conversationId: string;
  userId: string;
  role: MessageRole;
  at: string;
}

interface Payloads {
  login: LoginEvent;
  sessionActivity: SessionEvent;
  sessionEnd: SessionEvent;
  agentExecution: AgentExecutionEvent;
  toolExecution: ToolExecutionEvent;
  workflow: WorkflowEvent;
  workflowRun: WorkflowRunEvent;
  taskRun: TaskRunEvent;
  approvalRequested: ApprovalRequestedEvent;
  approvalDecided: ApprovalDecidedEvent;
  plan: PlanEvent;
  conversationMessage: ConversationMessageEvent;
}

export type EventKind = keyof Payloads;

/** One event for `ingest`: exactly one kind is set. */
export type SimEvent = { [K in EventKind]: { [P in K]: Payloads[K] } }[EventKind];

// The API's simulator test checks these against the API's own input, so a kind added or renamed on either side fails to compile there.
const KIND_SET: Record<EventKind, true> = {
  login: true,
  sessionActivity: true,
  sessionEnd: true,
  agentExecution: true,
  toolExecution: true,
  workflow: true,
  workflowRun: true,
  taskRun: true,
  approvalRequested: true,
  approvalDecided: true,
  plan: true,
  conversationMessage: true,
};

export const EVENT_KINDS = Object.keys(KIND_SET) as EventKind[];

export function kindOf(event: SimEvent): EventKind {
  return Object.keys(event)[0] as EventKind;
}

export function countByKind(events: readonly SimEvent[]): Record<EventKind, number> {
  const counts = Object.fromEntries(EVENT_KINDS.map((kind) => [kind, 0])) as Record<EventKind, number>;
  for (const event of events) counts[kindOf(event)]++;
  return counts;
}
