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

registerEnumType(ExecutionStatus, {
  name: 'ExecutionStatus',
  description:
    'State of an agent or tool execution. RUNNING is the only open state; a late RUNNING event never undoes a final one.',
  valuesConfig: {
    RUNNING: { description: 'Started and not finished yet.' },
    SUCCESS: { description: 'Finished without error.' },
    FAILURE: { description: 'Finished with an error; counted as a failure in statistics.' },
    TIMEOUT: { description: 'Gave up after a time limit; counted as a failure in statistics.' },
    CANCELLED: { description: 'Stopped before it finished; neither success nor failure.' },
  },
});
registerEnumType(RunStatus, {
  name: 'RunStatus',
  description:
    'State of a workflow run or task run. QUEUED < RUNNING and WAITING_APPROVAL < final states; an event never moves a run back to a lower state.',
  valuesConfig: {
    QUEUED: { description: 'Accepted, not started yet.' },
    RUNNING: { description: 'Started and not finished.' },
    WAITING_APPROVAL: { description: 'Paused until a person decides an approval.' },
    SUCCESS: { description: 'Finished without error (final).' },
    FAILED: { description: 'Finished with an error (final); counted as a failure in statistics.' },
    CANCELLED: { description: 'Stopped before it finished (final); neither success nor failure.' },
  },
});
registerEnumType(ApprovalDecision, {
  name: 'ApprovalDecision',
  description: 'Outcome of a human-in-the-loop approval; once decided, a late PENDING event does not reopen it.',
  valuesConfig: {
    PENDING: { description: 'Requested, no decision yet.' },
    APPROVED: { description: 'A person allowed it.' },
    REJECTED: { description: 'A person refused it.' },
    EXPIRED: { description: 'Nobody decided in time.' },
  },
});
registerEnumType(ApprovalSubject, {
  name: 'ApprovalSubject',
  description: 'What an approval holds back.',
  valuesConfig: {
    WORKFLOW_RUN: { description: 'A whole workflow run (Approval.workflowRun).' },
    TASK_RUN: { description: 'One task of a run (Approval.taskRun).' },
    PLAN: { description: 'A plan of the planner (Approval.plan).' },
  },
});
registerEnumType(PlanStatus, {
  name: 'PlanStatus',
  description:
    'State of a plan proposed by the planner, in lifecycle order; an event never moves a plan back to an earlier state.',
  valuesConfig: {
    DRAFT: { description: 'Being written by the planner.' },
    PENDING_APPROVAL: { description: 'Proposed, waiting for a person to approve it.' },
    APPROVED: { description: 'A person approved it; not started yet.' },
    REJECTED: { description: 'A person rejected it (final).' },
    EXECUTING: { description: 'Its workflow runs are under way.' },
    COMPLETED: { description: 'Carried out (final).' },
    FAILED: { description: 'Carrying it out failed (final).' },
  },
});
registerEnumType(MessageRole, {
  name: 'MessageRole',
  description: 'Who wrote a planner conversation message.',
  valuesConfig: {
    USER: { description: 'The person talking to the planner.' },
    ASSISTANT: { description: 'The planner itself.' },
    SYSTEM: { description: 'Instructions the platform added.' },
    TOOL: { description: 'A tool result fed back into the conversation.' },
  },
});

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
