import { registerEnumType } from 'type-graphql';

export enum ExecutionStatus {
  RUNNING = 'running',
  SUCCESS = 'success',
  FAILURE = 'failure',
  TIMEOUT = 'timeout',
  CANCELLED = 'cancelled',
}

export enum RunStatus {
  QUEUED = 'queued',
  RUNNING = 'running',
  WAITING_APPROVAL = 'waiting_approval',
  SUCCESS = 'success',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
}

export enum ApprovalDecision {
  PENDING = 'pending',
  APPROVED = 'approved',
  REJECTED = 'rejected',
  EXPIRED = 'expired',
}

export enum ApprovalSubject {
  WORKFLOW_RUN = 'workflow_run',
  TASK_RUN = 'task_run',
  PLAN = 'plan',
}

export enum PlanStatus {
  DRAFT = 'draft',
  PENDING_APPROVAL = 'pending_approval',
  APPROVED = 'approved',
  REJECTED = 'rejected',
  EXECUTING = 'executing',
  COMPLETED = 'completed',
  FAILED = 'failed',
}

export enum MessageRole {
  USER = 'user',
  ASSISTANT = 'assistant',
  SYSTEM = 'system',
  TOOL = 'tool',
}

registerEnumType(ExecutionStatus, { name: 'ExecutionStatus', description: 'State of an agent or tool execution.' });
registerEnumType(RunStatus, { name: 'RunStatus', description: 'State of a workflow run or task run.' });
registerEnumType(ApprovalDecision, { name: 'ApprovalDecision', description: 'Outcome of a human-in-the-loop approval.' });
registerEnumType(ApprovalSubject, { name: 'ApprovalSubject', description: 'What an approval holds back.' });
registerEnumType(PlanStatus, { name: 'PlanStatus', description: 'State of a plan proposed by the planner.' });
registerEnumType(MessageRole, { name: 'MessageRole', description: 'Who wrote a planner conversation message.' });

/**
 * Lifecycle rank of each state. Events may arrive out of order or be replayed; an event never
 * moves a record back to a lower rank (a late "running" does not undo "success"), while an event
 * of equal or higher rank replaces the state.
 */
const RANKS: Record<string, number> = {
  // executions
  'exec:running': 0,
  'exec:success': 1,
  'exec:failure': 1,
  'exec:timeout': 1,
  'exec:cancelled': 1,
  // runs
  'run:queued': 0,
  'run:running': 1,
  'run:waiting_approval': 1,
  'run:success': 2,
  'run:failed': 2,
  'run:cancelled': 2,
  // approvals
  'approval:pending': 0,
  'approval:approved': 1,
  'approval:rejected': 1,
  'approval:expired': 1,
  // plans
  'plan:draft': 0,
  'plan:pending_approval': 1,
  'plan:approved': 2,
  'plan:rejected': 2,
  'plan:executing': 3,
  'plan:completed': 4,
  'plan:failed': 4,
};

export type Lifecycle = 'exec' | 'run' | 'approval' | 'plan';

export function rank(lifecycle: Lifecycle, state: string): number {
  return RANKS[`${lifecycle}:${state}`] ?? 0;
}

/** True when an event in `incoming` state may replace a record in `current` state. */
export function canAdvance(lifecycle: Lifecycle, current: string, incoming: string): boolean {
  return rank(lifecycle, incoming) >= rank(lifecycle, current);
}

/** Executions that failed: the latest of these is kept with the agent or tool, and rollups count them as failures. */
export const FAILED_EXECUTION: readonly ExecutionStatus[] = [ExecutionStatus.FAILURE, ExecutionStatus.TIMEOUT];
export const TERMINAL_EXECUTION: readonly string[] = ['success', 'failure', 'timeout', 'cancelled'];
export const TERMINAL_RUN: readonly string[] = ['success', 'failed', 'cancelled'];
