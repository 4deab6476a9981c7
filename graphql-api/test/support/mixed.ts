import { at, BatchEvent, make, uid } from './events';

/** A small deterministic pseudo-random generator (mulberry32), so a failing batch can be rebuilt. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MixedBatch {
  events: BatchEvent[];
  /** How many records of each table the events describe (distinct platform ids). */
  expectedRows: Record<string, number>;
  /** The final status of each agent execution, tool execution, workflow run, task run, plan and approval. */
  finalState: Record<string, Map<string, string>>;
}

/**
 * `size` events of every kind, in an order the API accepts (a run before its tasks, a request before
 * its decision), with lifecycle sequences (RUNNING then an outcome) for the same ids.
 */
export function mixedBatch(size: number, seed = 42, base = '2026-10-01T06:00:00.000Z'): MixedBatch {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const time = (ms: number) => at(ms, base);

  const users = Array.from({ length: 25 }, () => uid('mx-user'));
  const agents = ['mx-planner', 'mx-coder', 'mx-critic', 'mx-writer'];
  const tools = ['mx-search', 'mx-sql', 'mx-browser'];
  const user = () => pick(users);
  const events: BatchEvent[] = [];

  // Workflows first, so runs can name them.
  const workflows = Array.from({ length: 4 }, (_, i) =>
    make.workflow({ key: uid('mx-wf'), at: time(i), ownerId: user() })
  );
  for (const workflow of workflows) {
    events.push({ workflow });
  }

  const sessions: string[] = [];
  const executions: string[] = [];
  const runs: string[] = [];
  const tasks: string[] = [];
  const plans: string[] = [];
  const conversations: { id: string; user: string }[] = [];
  const pendingApprovals: string[] = [];

  let clock = 1_000;
  const builders: (() => void)[] = [
    () => {
      const login = make.login({ userId: user(), at: time(clock) });
      events.push({ login });
      sessions.push(login.sessionId);
    },
    () => {
      if (!sessions.length) return;
      events.push({
        [rnd() < 0.7 ? 'sessionActivity' : 'sessionEnd']: make.session(pick(sessions), { at: time(clock) }),
      });
    },
    () => {
      const agent = pick(agents);
      const base = make.agentExecution({
        agent,
        userId: rnd() < 0.8 ? user() : null,
        sessionId: sessions.length && rnd() < 0.5 ? pick(sessions) : null,
        workflowRunId: runs.length && rnd() < 0.3 ? pick(runs) : null,
        startedAt: time(clock),
        status: 'RUNNING',
        finishedAt: null,
        inputTokens: Math.floor(rnd() * 5000),
        outputTokens: null,
        costUsd: null,
      });
      events.push({ agentExecution: base });
      const outcome = pick(['SUCCESS', 'SUCCESS', 'FAILURE', 'TIMEOUT', 'RUNNING']);
      if (outcome !== 'RUNNING') {
        events.push({
          agentExecution: {
            ...base,
            status: outcome,
            finishedAt: time(clock + 1 + Math.floor(rnd() * 9_999)),
            outputTokens: Math.floor(rnd() * 900),
            costUsd: `0.${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
            errorType: outcome === 'SUCCESS' ? null : 'ProviderError',
          },
        });
      }
      executions.push(base.requestId);
    },
    () => {
      const tool = pick(tools);
      const status = pick(['SUCCESS', 'FAILURE', 'RUNNING']);
      const call = make.toolExecution({
        tool,
        status,
        startedAt: time(clock),
        durationMs: status === 'RUNNING' ? null : Math.floor(rnd() * 3_000),
        agentExecutionId: executions.length ? pick(executions) : null,
        userId: rnd() < 0.3 ? user() : null,
      });
      events.push({ toolExecution: call });
    },
    () => {
      const workflow = rnd() < 0.9 ? pick(workflows).key : uid('mx-wf-new');
      const run = make.workflowRun(workflow, {
        status: 'QUEUED',
        startedAt: time(clock),
        triggeredBy: rnd() < 0.5 ? user() : null,
      });
      events.push({ workflowRun: run });
      events.push({ workflowRun: { ...run, status: 'RUNNING' } });
      const outcome = pick(['SUCCESS', 'FAILED', 'RUNNING', 'WAITING_APPROVAL']);
      if (outcome !== 'RUNNING') {
        events.push({
          workflowRun: {
            ...run,
            status: outcome,
            ...(outcome === 'WAITING_APPROVAL' ? {} : { finishedAt: time(clock + 5_000) }),
          },
        });
      }
      runs.push(run.runId);
    },
    () => {
      if (!runs.length) return;
      const agent = pick(agents);
      const task = make.taskRun(pick(runs), {
        nodeKey: pick(['search', 'summarise']),
        agent,
        status: 'RUNNING',
        startedAt: time(clock),
        finishedAt: null,
      });
      events.push({ taskRun: task });
      const outcome = pick(['SUCCESS', 'FAILED']);
      events.push({ taskRun: { ...task, status: outcome, finishedAt: time(clock + 700) } });
      tasks.push(task.taskRunId);
    },
    () => {
      const conversation =
        rnd() < 0.3 || !conversations.length ? { id: uid('mx-conv'), user: user() } : pick(conversations);
      if (!conversations.includes(conversation)) conversations.push(conversation);
      events.push({
        conversationMessage: make.conversationMessage(conversation.id, conversation.user, {
          at: time(clock),
          role: pick(['USER', 'ASSISTANT']),
        }),
      });
    },
    () => {
      const conversation = conversations.length && rnd() < 0.5 ? pick(conversations) : null;
      const plan = make.plan({
        userId: conversation?.user ?? user(),
        conversationId: conversation?.id ?? null,
        status: 'DRAFT',
        createdAt: time(clock),
      });
      events.push({ plan });
      const path = pick([
        ['PENDING_APPROVAL'],
        ['PENDING_APPROVAL', 'APPROVED', 'EXECUTING'],
        ['PENDING_APPROVAL', 'REJECTED'],
        [],
      ]);
      for (const status of path)
        events.push({
          plan: {
            ...plan,
            status,
            ...(['APPROVED', 'REJECTED'].includes(status) ? { decidedAt: time(clock + 60_000) } : {}),
          },
        });
      plans.push(plan.planId);
    },
    () => {
      const subject = pick([
        runs.length ? { runId: pick(runs) } : null,
        tasks.length ? { taskRunId: pick(tasks) } : null,
        plans.length ? { planId: pick(plans) } : null,
      ]);
      if (!subject) return;
      const approval = make.approvalRequested(subject, { requestedAt: time(clock) });
      events.push({ approvalRequested: approval });
      pendingApprovals.push(approval.approvalId);
    },
    () => {
      const approvalId = pendingApprovals.shift();
      if (!approvalId) return;
      const decision = pick(['APPROVED', 'REJECTED', 'EXPIRED']);
      events.push({
        approvalDecided: make.approvalDecided(approvalId, {
          decision,
          decidedAt: time(clock + 120_000),
          decidedBy: user(),
        }),
      });
    },
  ];

  while (events.length < size) {
    clock += 1 + Math.floor(rnd() * 2_000);
    pick(builders)();
  }
  // A builder may add several events: cut back to the exact size at a record boundary.
  while (events.length > size) {
    events.pop();
  }
  return { events, ...recount(events) };
}

/** Counts the distinct records a list of events describes, and their final states, from the events alone. */
function recount(events: BatchEvent[]): Pick<MixedBatch, 'expectedRows' | 'finalState'> {
  const sets: Record<string, Set<string>> = {};
  const add = (table: string, key: string | null | undefined) => {
    if (key === null || key === undefined) return;
    (sets[table] ??= new Set()).add(key);
  };
  const finalState: MixedBatch['finalState'] = {
    agentExecutions: new Map(),
    toolExecutions: new Map(),
    workflowRuns: new Map(),
    taskRuns: new Map(),
    plans: new Map(),
    approvals: new Map(),
  };
  const RANK: Record<string, number> = {
    RUNNING: 0,
    SUCCESS: 1,
    FAILURE: 1,
    TIMEOUT: 1,
    CANCELLED: 1,
    QUEUED: 0,
    WAITING_APPROVAL: 1,
    FAILED: 2,
    DRAFT: 0,
    PENDING_APPROVAL: 1,
    APPROVED: 2,
    REJECTED: 2,
    EXECUTING: 3,
    COMPLETED: 4,
    PENDING: 0,
    EXPIRED: 1,
  };
  const runRank = (s: string) => (s === 'SUCCESS' ? 2 : s === 'RUNNING' ? 1 : RANK[s]);
  const advance = (map: Map<string, string>, key: string, status: string, rank = (s: string) => RANK[s]) => {
    const current = map.get(key);
    if (current === undefined || rank(status) >= rank(current)) map.set(key, status);
  };
  for (const event of events) {
    const [kind, e] = Object.entries(event)[0] as [string, Record<string, any>];
    switch (kind) {
      case 'login':
        add('login_sessions', e.sessionId);
        add('users', e.userId);
        break;
      case 'agentExecution':
        add('agent_executions', e.requestId);
        add('agents', e.agent);
        add('users', e.userId);
        advance(finalState.agentExecutions, e.requestId, e.status);
        break;
      case 'toolExecution':
        add('tool_executions', e.requestId);
        add('tools', e.tool);
        add('users', e.userId);
        advance(finalState.toolExecutions, e.requestId, e.status);
        break;
      case 'workflow':
        add('workflows', e.key);
        add('users', e.ownerId);
        break;
      case 'workflowRun':
        add('workflow_runs', e.runId);
        add('workflows', e.workflowKey);
        add('users', e.triggeredBy);
        advance(finalState.workflowRuns, e.runId, e.status, runRank);
        break;
      case 'taskRun':
        add('task_runs', e.taskRunId);
        add('agents', e.agent);
        add('tools', e.tool);
        advance(finalState.taskRuns, e.taskRunId, e.status, runRank);
        break;
      case 'conversationMessage':
        add('planner_conversations', e.conversationId);
        add('planner_messages', e.messageId);
        add('users', e.userId);
        break;
      case 'plan':
        add('plans', e.planId);
        add('users', e.userId);
        add('planner_conversations', e.conversationId);
        advance(finalState.plans, e.planId, e.status);
        break;
      case 'approvalRequested':
        add('approvals', e.approvalId);
        advance(finalState.approvals, e.approvalId, 'PENDING');
        break;
      case 'approvalDecided':
        add('users', e.decidedBy);
        advance(finalState.approvals, e.approvalId, e.decision);
        break;
      default:
        break;
    }
  }
  const expectedRows = Object.fromEntries(Object.entries(sets).map(([table, set]) => [table, set.size]));
  return { expectedRows, finalState };
}
