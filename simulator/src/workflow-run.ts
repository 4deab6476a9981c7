import { runAgent } from './agent-run';
import { Decided, requestApproval, RUN_APPROVAL, TASK_APPROVAL } from './approval';
import { ErrorFields, RunStatus } from './events';
import { iso, Story } from './story';
import { callTool } from './tool-call';
import { User, Workflow, WorkflowNode } from './world';

export interface RunTrigger {
  /** The person who started it; none for scheduled runs. */
  user?: User;
  planId?: string;
  /** What the run is about, for the agents' prompts. */
  subject: string;
}

export interface RunOutcome {
  end: number;
  status: 'SUCCESS' | 'FAILED' | 'CANCELLED';
}

interface TaskOutcome extends ErrorFields {
  end: number;
  status: RunOutcome['status'];
}

const TASK_ATTEMPTS = 2;

/** The run's own record, which tasks waiting for approval change too. */
class RunRecord {
  readonly runId: string;

  constructor(
    private readonly story: Story,
    private readonly workflow: Workflow,
    private readonly start: number,
    private readonly trigger: RunTrigger
  ) {
    this.runId = story.id('run', start);
  }

  emit(at: number, status: RunStatus, end?: ErrorFields & { finishedAt: number }): void {
    const { workflow, trigger } = this;
    this.story.emit(at, {
      workflowRun: {
        runId: this.runId,
        workflowKey: workflow.key,
        workflowName: workflow.name,
        status,
        startedAt: iso(this.start),
        triggeredBy: trigger.user?.id,
        planId: trigger.planId,
        ...(end && { finishedAt: iso(end.finishedAt), errorType: end.errorType, errorMessage: end.errorMessage }),
      },
    });
  }
}

function refusal(decided: Decided): ErrorFields {
  return decided.decision === 'EXPIRED'
    ? { errorType: 'ApprovalExpired', errorMessage: 'The approval expired before anyone decided' }
    : { errorType: 'ApprovalRejected', errorMessage: `Rejected by ${decided.decidedBy!.name}` };
}

/** A person's approval step: the task and the run wait for it. */
function runApprovalTask(
  story: Story,
  run: RunRecord,
  node: WorkflowNode,
  ready: number,
  trigger: RunTrigger
): TaskOutcome {
  const taskRunId = story.id('task', ready);
  const task = { taskRunId, runId: run.runId, nodeKey: node.key, attempt: 1, startedAt: iso(ready) };
  story.emit(ready, { taskRun: { ...task, status: 'WAITING_APPROVAL' } });
  run.emit(ready, 'WAITING_APPROVAL');
  const decided = requestApproval(story, { taskRunId }, ready, story.otherUser(trigger.user), TASK_APPROVAL);
  if (decided.decision !== 'APPROVED') {
    const reason = refusal(decided);
    story.emit(decided.at, { taskRun: { ...task, status: 'CANCELLED', finishedAt: iso(decided.at), ...reason } });
    return { end: decided.at, status: 'CANCELLED', ...reason };
  }
  story.emit(decided.at, { taskRun: { ...task, status: 'SUCCESS', finishedAt: iso(decided.at) } });
  run.emit(decided.at, 'RUNNING');
  return { end: decided.at, status: 'SUCCESS' };
}

/** An agent or tool step; the engine tries a transient failure once more. */
function runWorkTask(
  story: Story,
  run: RunRecord,
  node: WorkflowNode,
  ready: number,
  trigger: RunTrigger
): TaskOutcome {
  let at = ready;
  for (let attempt = 1; ; attempt++) {
    const taskRunId = story.id('task', at);
    const task = {
      taskRunId,
      runId: run.runId,
      nodeKey: node.key,
      attempt,
      agent: node.agent?.name,
      tool: node.tool?.name,
      startedAt: iso(at),
    };
    story.emit(at, { taskRun: { ...task, status: 'RUNNING' } });
    const begin = at + story.delay(80, 0.5);
    const result = node.agent
      ? runAgent(story, node.agent, begin, {
          input: `${node.label}: ${trigger.subject}`,
          userId: trigger.user?.id,
          workflowRunId: run.runId,
          taskRunId,
        })
      : callTool(story, node.tool!, begin, { userId: trigger.user?.id });
    const end = result.end + story.delay(40, 0.5);
    if (result.status === 'SUCCESS') {
      story.emit(end, { taskRun: { ...task, status: 'SUCCESS', finishedAt: iso(end) } });
      return { end, status: 'SUCCESS' };
    }
    const error = {
      errorType: result.errorType ?? 'Cancelled',
      errorMessage: result.errorMessage ?? 'Stopped before it finished',
    };
    story.emit(end, { taskRun: { ...task, status: 'FAILED', finishedAt: iso(end), ...error } });
    if (!result.retryable || attempt === TASK_ATTEMPTS) {
      const tries = `${attempt} attempt${attempt > 1 ? 's' : ''}`;
      return {
        end,
        status: 'FAILED',
        errorType: error.errorType,
        errorMessage: `Task "${node.key}" failed after ${tries}: ${error.errorType}: ${error.errorMessage}`,
      };
    }
    at = end + story.delay(5_000, 0.5);
  }
}

/**
 * One workflow run: queued, maybe held for a reviewer, then its DAG's tasks (each starts when the
 * tasks it depends on have succeeded; branches run side by side), and its final state.
 */
export function runWorkflow(story: Story, workflow: Workflow, start: number, trigger: RunTrigger): RunOutcome {
  const run = new RunRecord(story, workflow, start, trigger);
  run.emit(start, 'QUEUED');
  let began = start + story.delay(1_500, 0.8);
  if (workflow.runApproval && !trigger.planId) {
    run.emit(began, 'WAITING_APPROVAL');
    const decided = requestApproval(story, { runId: run.runId }, began, story.otherUser(trigger.user), RUN_APPROVAL);
    if (decided.decision !== 'APPROVED') {
      run.emit(decided.at, 'CANCELLED', { finishedAt: decided.at, ...refusal(decided) });
      return { end: decided.at, status: 'CANCELLED' };
    }
    began = decided.at + story.delay(1_000, 0.5);
  }
  run.emit(began, 'RUNNING');

  const succeeded = new Map<string, number>();
  let failure: TaskOutcome | undefined;
  let end = began;
  for (const node of workflow.nodes) {
    const needs = workflow.edges.filter(([, to]) => to === node.key).map(([from]) => from);
    if (!needs.every((key) => succeeded.has(key))) continue;
    const ready = Math.max(began, ...needs.map((key) => succeeded.get(key)!)) + story.delay(250, 0.5);
    // Once a task has failed, the engine starts nothing new.
    if (failure && ready >= failure.end) continue;
    const outcome =
      node.agent || node.tool
        ? runWorkTask(story, run, node, ready, trigger)
        : runApprovalTask(story, run, node, ready, trigger);
    end = Math.max(end, outcome.end);
    if (outcome.status === 'SUCCESS') succeeded.set(node.key, outcome.end);
    else if (!failure || outcome.end < failure.end) failure = outcome;
  }
  end += story.delay(120, 0.5);
  if (failure)
    run.emit(end, failure.status, {
      finishedAt: end,
      errorType: failure.errorType,
      errorMessage: failure.errorMessage,
    });
  else run.emit(end, 'SUCCESS', { finishedAt: end });
  return { end, status: failure ? failure.status : 'SUCCESS' };
}
