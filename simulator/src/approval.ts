import { ApprovalRequestedEvent, Decision } from './events';
import { iso, Story } from './story';
import { User } from './world';

/** How people answer one kind of approval. */
export interface ApprovalPolicy {
  /** Log-normal delay before a person decides. */
  medianMs: number;
  sigma: number;
  approveRate: number;
  /** Nobody answers in time: the platform expires it after `ttlMs`. */
  expireRate: number;
  ttlMs: number;
}

const MINUTE = 60_000;
export const PLAN_APPROVAL: ApprovalPolicy = {
  medianMs: 75_000,
  sigma: 1,
  approveRate: 0.75,
  expireRate: 0.04,
  ttlMs: 60 * MINUTE,
};
export const TASK_APPROVAL: ApprovalPolicy = {
  medianMs: 4 * MINUTE,
  sigma: 1.1,
  approveRate: 0.88,
  expireRate: 0.03,
  ttlMs: 120 * MINUTE,
};
export const RUN_APPROVAL: ApprovalPolicy = {
  medianMs: 6 * MINUTE,
  sigma: 1,
  approveRate: 0.85,
  expireRate: 0.05,
  ttlMs: 240 * MINUTE,
};

const APPROVAL_COMMENTS = ['LGTM', 'Approved', 'Go ahead', 'Approved, but cc me on the result'];
const REJECTION_COMMENTS = [
  'Scope is too broad; limit it to {region}',
  'Wrong customer, please double-check the account',
  'Tone is too informal for {customer}',
  "The numbers don't match the finance dashboard",
  'Not now: we are in a change freeze until Monday',
  'Duplicate of an existing request',
];

export interface Decided {
  decision: Decision;
  at: number;
  decidedBy?: User;
}

type Subject = Pick<ApprovalRequestedEvent, 'runId' | 'taskRunId' | 'planId'>;

/** Asks `decider` and writes the answer: approved or rejected after a human delay, or expired. */
export function requestApproval(
  story: Story,
  subject: Subject,
  at: number,
  decider: User,
  policy: ApprovalPolicy
): Decided {
  const { random } = story;
  const approvalId = story.id('apr', at);
  story.emit(at, { approvalRequested: { approvalId, ...subject, requestedAt: iso(at) } });
  if (random.chance(policy.expireRate)) {
    const expiredAt = at + policy.ttlMs;
    story.emit(expiredAt, { approvalDecided: { approvalId, decision: 'EXPIRED', decidedAt: iso(expiredAt) } });
    return { decision: 'EXPIRED', at: expiredAt };
  }
  const decidedAt = at + Math.min(story.delay(policy.medianMs, policy.sigma), policy.ttlMs - 1);
  const decision = random.chance(policy.approveRate) ? 'APPROVED' : 'REJECTED';
  const comment =
    decision === 'REJECTED'
      ? story.fill(random.pick(REJECTION_COMMENTS))
      : random.chance(0.3)
        ? random.pick(APPROVAL_COMMENTS)
        : undefined;
  story.emit(decidedAt, {
    approvalDecided: { approvalId, decision, decidedAt: iso(decidedAt), decidedBy: decider.id, comment },
  });
  return { decision, at: decidedAt, decidedBy: decider };
}
