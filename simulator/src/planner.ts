import { runAgent } from './agent-run';
import { PLAN_APPROVAL, requestApproval } from './approval';
import { MessageRole, PlanEvent } from './events';
import { iso, Story } from './story';
import { User } from './world';
import { runWorkflow } from './workflow-run';

const PROPOSE_RATE = 0.8;
const REVISE_RATE = 0.4;
const MAX_PLANS = 2;
const SELF_APPROVAL_RATE = 0.75;

/**
 * A planner conversation: the user and the planner agent exchange messages, the planner proposes
 * a plan, a person approves or rejects it, and an approved plan runs its workflow.
 * Returns when the user moves on.
 */
export function plannerConversation(story: Story, user: User, sessionId: string, start: number): number {
  const { random, world } = story;
  const conversationId = story.id('conv', start);
  const message = (at: number, role: MessageRole) =>
    story.emit(at, {
      conversationMessage: { messageId: story.id('msg', at), conversationId, userId: user.id, role, at: iso(at) },
    });

  let t = start;
  for (let plans = 0; plans < MAX_PLANS; plans++) {
    const workflow = random.pick(world.workflows);
    const title = story.fill(random.pick(workflow.planTitles));
    // The plan comes with the planner's last answer, when that answer came.
    let proposedAt: number | undefined;
    for (let round = random.int(1, 3); round > 0; round--) {
      message(t, 'USER');
      const reply = runAgent(story, world.planner, t + story.delay(120, 0.4), {
        input: title,
        userId: user.id,
        sessionId,
        interactive: true,
      });
      for (const end of reply.toolCallEnds) message(end, 'TOOL');
      proposedAt = reply.status === 'SUCCESS' ? reply.end : undefined;
      if (proposedAt !== undefined) message(proposedAt, 'ASSISTANT');
      // Reading the answer and typing the next message.
      t = reply.end + story.delay(25_000, 0.6);
    }
    if (proposedAt === undefined || !random.chance(PROPOSE_RATE)) return t;

    const at = proposedAt;
    const plan: PlanEvent = {
      planId: story.id('plan', at),
      userId: user.id,
      conversationId,
      title,
      status: 'PENDING_APPROVAL',
      stepCount: workflow.nodes.length,
      createdAt: iso(at),
    };
    story.emit(at, { plan });
    const decider = random.chance(SELF_APPROVAL_RATE) ? user : story.otherUser(user);
    const decided = requestApproval(story, { planId: plan.planId }, at, decider, PLAN_APPROVAL);
    if (decided.decision === 'EXPIRED') return t;
    const status = decided.decision === 'APPROVED' ? 'APPROVED' : 'REJECTED';
    story.emit(decided.at, { plan: { ...plan, status, decidedAt: iso(decided.at) } });
    // The user waits for their own decision, not for a colleague's.
    if (decider === user) t = Math.max(t, decided.at + story.delay(5_000, 0.5));
    if (status === 'APPROVED') {
      const runStart = decided.at + story.delay(2_000, 0.5);
      story.emit(runStart, { plan: { ...plan, status: 'EXECUTING', decidedAt: iso(decided.at) } });
      const run = runWorkflow(story, workflow, runStart, { user, planId: plan.planId, subject: title });
      story.emit(run.end, {
        plan: { ...plan, status: run.status === 'SUCCESS' ? 'COMPLETED' : 'FAILED', decidedAt: iso(decided.at) },
      });
      return t;
    }
    if (!random.chance(REVISE_RATE)) return t;
    // Told of the rejection, the user asks for a different plan.
    t = Math.max(t, decided.at + story.delay(30_000, 0.6));
  }
  return t;
}
