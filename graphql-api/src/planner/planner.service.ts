import { InputError } from '../common/errors';
import { canAdvance } from '../common/status';
import { Incoming, mergeFields, UnitOfWork } from '../recording/unit-of-work';
import * as v from '../recording/validate';
import { Plan } from './plan.entity';
import { ConversationMessageEventInput, PlanEventInput } from './planner-events.input';
import { PlannerConversation } from './planner-conversation.entity';
import { PlannerMessage } from './planner-message.entity';

const earliest = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);
const latest = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

/** Finds or starts a conversation; `messages` is how many new messages this event adds. */
async function touchConversation(work: UnitOfWork, externalId: string, userId: number, at: Date, messages: number) {
  return work.upsert(PlannerConversation, { externalId }, (before) => ({
    userId: before?.userId ?? userId,
    startedAt: before ? earliest(before.startedAt, at) : at,
    lastMessageAt: before ? latest(before.lastMessageAt, at) : at,
    messageCount: (before?.messageCount ?? 0) + messages,
  }));
}

export async function recordPlan(work: UnitOfWork, event: PlanEventInput): Promise<Plan> {
  const externalId = v.externalId('planId', event.planId);
  const userExternalId = v.externalId('userId', event.userId);
  const conversationExternalId = v.optionalExternalId('conversationId', event.conversationId);
  const createdAt = v.time('createdAt', event.createdAt);
  const decidedAt = v.optionalTime('decidedAt', event.decidedAt);
  if (decidedAt && decidedAt.getTime() < createdAt.getTime())
    throw new InputError('decidedAt', 'must not be before createdAt');
  const incoming: Incoming<Plan> = {
    title: v.optionalName('title', event.title, 500),
    status: event.status,
    stepCount: v.count('stepCount', event.stepCount),
    createdAt,
    decidedAt,
  };

  incoming.userId = await work.dimensions.user(userExternalId, createdAt);
  if (conversationExternalId) {
    const conversation = await touchConversation(work, conversationExternalId, incoming.userId, createdAt, 0);
    incoming.conversationId = work.idOf(PlannerConversation, conversation);
  }
  return work.upsert(Plan, { externalId }, (before) =>
    mergeFields(before, incoming, !before || canAdvance('plan', before.status, event.status))
  );
}

export async function recordConversationMessage(
  work: UnitOfWork,
  event: ConversationMessageEventInput
): Promise<PlannerConversation> {
  const messageId = v.externalId('messageId', event.messageId);
  const conversationExternalId = v.externalId('conversationId', event.conversationId);
  const userExternalId = v.externalId('userId', event.userId);
  const at = v.time('at', event.at);

  const userId = await work.dimensions.user(userExternalId, at);
  const known = await work.findOne(PlannerMessage, { externalId: messageId });
  const conversation = await touchConversation(work, conversationExternalId, userId, at, known ? 0 : 1);
  if (!known) {
    const conversationId = work.idOf(PlannerConversation, conversation);
    await work.upsert(
      PlannerMessage,
      { externalId: messageId },
      () => ({ conversationId, role: event.role, sentAt: at }),
      null
    );
  }
  return conversation;
}
