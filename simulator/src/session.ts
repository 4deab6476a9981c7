import { PLANNER } from './catalog/agents';
import { runAgent } from './agent-run';
import { plannerConversation } from './planner';
import { iso, Story } from './story';
import { User } from './world';
import { runWorkflow } from './workflow-run';

type Activity = 'conversation' | 'chat' | 'run';
const ACTIVITIES: readonly (readonly [Activity, number])[] = [
  ['conversation', 45],
  ['chat', 35],
  ['run', 20],
];
const ACTIVITY_COUNTS: readonly (readonly [number, number])[] = [
  [1, 25],
  [2, 30],
  [3, 25],
  [4, 12],
  [5, 8],
];
// The rest close the tab and let the session time out.
const LOGOUT_RATE = 0.65;

/** Asking an agent directly; returns when the user has read the answer. */
function chat(story: Story, user: User, sessionId: string, start: number): number {
  const { random, world } = story;
  const agents = world.agents.length > 1 ? world.agents.filter((agent) => agent.name !== PLANNER) : world.agents;
  const agent = random.pick(agents);
  const reply = runAgent(story, agent, start, {
    input: story.fill(random.pick(agent.prompts)),
    userId: user.id,
    sessionId,
    interactive: true,
  });
  return reply.end + story.delay(15_000, 0.7);
}

/** Starting a workflow by hand; the user does not wait for it to finish. */
function startRun(story: Story, user: User, start: number): number {
  const workflow = story.random.pick(story.world.workflows);
  runWorkflow(story, workflow, start + story.delay(500, 0.4), { user, subject: workflow.name });
  return start + story.delay(10_000, 0.6);
}

/** A user logs in, does a few things, and logs out or walks away. */
export function loginSession(story: Story, user: User, start: number): void {
  const { random } = story;
  const sessionId = story.id('sess', start);
  story.emit(start, {
    login: {
      sessionId,
      userId: user.id,
      userName: user.name,
      userEmail: user.email,
      at: iso(start),
      ip: random.pick(user.ips),
      userAgent: user.userAgent,
    },
  });
  let t = start + story.delay(8_000, 0.6);
  for (let left = random.weighted(ACTIVITY_COUNTS); left > 0; left--) {
    story.emit(t, { sessionActivity: { sessionId, at: iso(t) } });
    const activity = random.weighted(ACTIVITIES);
    if (activity === 'conversation') t = plannerConversation(story, user, sessionId, t);
    else if (activity === 'chat') t = chat(story, user, sessionId, t);
    else t = startRun(story, user, t);
    t += story.delay(60_000, 0.9);
  }
  if (random.chance(LOGOUT_RATE)) story.emit(t, { sessionEnd: { sessionId, at: iso(t) } });
}
