import { InputError, notFound } from '../common/errors';
import { ApprovalDecision, ApprovalSubject, canAdvance } from '../common/status';
import { Incoming, mergeFields, UnitOfWork } from '../recording/unit-of-work';
import * as v from '../recording/validate';
import { Plan } from '../planner/plan.entity';
import { TaskRun } from '../workflows/task-run.entity';
import { WorkflowRun } from '../workflows/workflow-run.entity';
import { Approval } from './approval.entity';
import { ApprovalDecidedEventInput, ApprovalRequestedEventInput } from './approval-events.input';

const COMMENT_MAX_BYTES = 4096;

async function subjectOf(work: UnitOfWork, event: ApprovalRequestedEventInput): Promise<Partial<Approval>> {
  const named = (['runId', 'taskRunId', 'planId'] as const).filter(
    (field) => event[field] !== null && event[field] !== undefined
  );
  if (named.length !== 1) {
    throw new InputError(named[1] ?? 'runId', `name exactly one of runId, taskRunId or planId (got ${named.length})`);
  }
  const field = named[0];
  const id = v.externalId(field, event[field]!);
  if (field === 'runId') {
    const run = await work.findOne(WorkflowRun, { runId: id });
    if (!run) throw notFound(field, `no workflow run "${id}"`);
    return { subjectType: ApprovalSubject.WORKFLOW_RUN, workflowRunId: work.idOf(WorkflowRun, run) };
  }
  if (field === 'taskRunId') {
    const task = await work.findOne(TaskRun, { externalId: id });
    if (!task) throw notFound(field, `no task run "${id}"`);
    return {
      subjectType: ApprovalSubject.TASK_RUN,
      taskRunId: work.idOf(TaskRun, task),
      workflowRunId: task.workflowRunId,
    };
  }
  const plan = await work.findOne(Plan, { externalId: id });
  if (!plan) throw notFound(field, `no plan "${id}"`);
  return { subjectType: ApprovalSubject.PLAN, planId: work.idOf(Plan, plan) };
}

export async function recordApprovalRequested(work: UnitOfWork, event: ApprovalRequestedEventInput): Promise<Approval> {
  const externalId = v.externalId('approvalId', event.approvalId);
  const requestedAt = v.time('requestedAt', event.requestedAt);
  const subject = await subjectOf(work, event);
  return work.upsert(Approval, { externalId }, (before) => ({
    requestedAt,
    decision: before?.decision ?? ApprovalDecision.PENDING,
    ...subject,
  }));
}

export async function recordApprovalDecided(work: UnitOfWork, event: ApprovalDecidedEventInput): Promise<Approval> {
  const externalId = v.externalId('approvalId', event.approvalId);
  if (event.decision === ApprovalDecision.PENDING)
    throw new InputError('decision', 'must be APPROVED, REJECTED or EXPIRED');
  const decidedAt = v.time('decidedAt', event.decidedAt);
  const comment = v.optionalText('comment', event.comment, COMMENT_MAX_BYTES);
  const decidedBy = v.optionalExternalId('decidedBy', event.decidedBy);
  const before = await work.findOne(Approval, { externalId });
  if (!before) throw notFound('approvalId', `no approval "${externalId}"; send its approvalRequested event first`);
  if (decidedAt.getTime() < before.requestedAt.getTime())
    throw new InputError('decidedAt', 'must not be before the approval was requested');

  const incoming: Incoming<Approval> = { decision: event.decision, decidedAt, comment };
  if (decidedBy) incoming.decidedById = await work.dimensions.user(decidedBy, decidedAt);
  return work.upsert(
    Approval,
    { externalId },
    (stored) => mergeFields(stored, incoming, canAdvance('approval', stored!.decision, event.decision)),
    before
  );
}
