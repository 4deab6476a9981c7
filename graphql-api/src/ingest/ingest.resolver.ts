import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { AgentExecution } from '../agents/agent-execution.entity';
import { AgentExecutionEventInput } from '../agents/agent-execution.input';
import { Approval } from '../approvals/approval.entity';
import { ApprovalDecidedEventInput, ApprovalRequestedEventInput } from '../approvals/approval-events.input';
import type { RequestContext } from '../app/context';
import { InputError } from '../common/errors';
import { Plan } from '../planner/plan.entity';
import { ConversationMessageEventInput, PlanEventInput } from '../planner/planner-events.input';
import { PlannerConversation } from '../planner/planner-conversation.entity';
import { LoginSession } from '../sessions/login-session.entity';
import { LoginEventInput, SessionEventInput } from '../sessions/session-events.input';
import { ToolExecution } from '../tools/tool-execution.entity';
import { ToolExecutionEventInput } from '../tools/tool-execution.input';
import { TaskRun } from '../workflows/task-run.entity';
import { Workflow } from '../workflows/workflow.entity';
import { TaskRunEventInput, WorkflowEventInput, WorkflowRunEventInput } from '../workflows/workflow-events.input';
import { WorkflowRun } from '../workflows/workflow-run.entity';
import { EventInput, EventKind, IngestResult } from './event.input';

/** Records one event in its own transaction; client mistakes become coded errors naming the field. */
async function recordSingle<T>(context: RequestContext, kind: EventKind, event: unknown): Promise<T> {
  try {
    return await context.services.ingest.record<T>(kind, event);
  } catch (error) {
    throw error instanceof InputError ? error.under('event').toGraphQLError() : error;
  }
}

/** Every single-event mutation takes its event the same way. */
const EVENT_ARG = {
  description:
    'The event. A rejected one is answered with a BAD_USER_INPUT or NOT_FOUND error naming the field at fault, and writes nothing.',
};

@Resolver()
export class IngestResolver {
  @Mutation(() => LoginSession, { description: 'A user logged in.' })
  recordLogin(@Arg('event', () => LoginEventInput, EVENT_ARG) event: LoginEventInput, @Ctx() context: RequestContext) {
    return recordSingle<LoginSession>(context, 'login', event);
  }

  @Mutation(() => LoginSession, { description: 'A user was active in a session.' })
  recordSessionActivity(
    @Arg('event', () => SessionEventInput, EVENT_ARG) event: SessionEventInput,
    @Ctx() context: RequestContext
  ) {
    return recordSingle<LoginSession>(context, 'sessionActivity', event);
  }

  @Mutation(() => LoginSession, { description: 'A user logged out.' })
  endSession(
    @Arg('event', () => SessionEventInput, EVENT_ARG) event: SessionEventInput,
    @Ctx() context: RequestContext
  ) {
    return recordSingle<LoginSession>(context, 'sessionEnd', event);
  }

  @Mutation(() => AgentExecution, { description: 'An agent execution started, progressed or ended.' })
  recordAgentExecution(
    @Arg('event', () => AgentExecutionEventInput, EVENT_ARG) event: AgentExecutionEventInput,
    @Ctx() context: RequestContext
  ) {
    return recordSingle<AgentExecution>(context, 'agentExecution', event);
  }

  @Mutation(() => ToolExecution, { description: 'A tool call started or ended.' })
  recordToolExecution(
    @Arg('event', () => ToolExecutionEventInput, EVENT_ARG) event: ToolExecutionEventInput,
    @Ctx() context: RequestContext
  ) {
    return recordSingle<ToolExecution>(context, 'toolExecution', event);
  }

  @Mutation(() => Workflow, { description: 'A workflow (DAG) was defined or changed.' })
  recordWorkflow(
    @Arg('event', () => WorkflowEventInput, EVENT_ARG) event: WorkflowEventInput,
    @Ctx() context: RequestContext
  ) {
    return recordSingle<Workflow>(context, 'workflow', event);
  }

  @Mutation(() => WorkflowRun, { description: 'A workflow run was queued, started, waits or ended.' })
  recordWorkflowRun(
    @Arg('event', () => WorkflowRunEventInput, EVENT_ARG) event: WorkflowRunEventInput,
    @Ctx() context: RequestContext
  ) {
    return recordSingle<WorkflowRun>(context, 'workflowRun', event);
  }

  @Mutation(() => TaskRun, { description: 'A task of a workflow run changed state.' })
  recordTaskRun(
    @Arg('event', () => TaskRunEventInput, EVENT_ARG) event: TaskRunEventInput,
    @Ctx() context: RequestContext
  ) {
    return recordSingle<TaskRun>(context, 'taskRun', event);
  }

  @Mutation(() => Approval, { description: 'A run, task run or plan waits for a person.' })
  requestApproval(
    @Arg('event', () => ApprovalRequestedEventInput, EVENT_ARG) event: ApprovalRequestedEventInput,
    @Ctx() context: RequestContext
  ) {
    return recordSingle<Approval>(context, 'approvalRequested', event);
  }

  @Mutation(() => Approval, { description: 'A person decided an approval, or it expired.' })
  decideApproval(
    @Arg('event', () => ApprovalDecidedEventInput, EVENT_ARG) event: ApprovalDecidedEventInput,
    @Ctx() context: RequestContext
  ) {
    return recordSingle<Approval>(context, 'approvalDecided', event);
  }

  @Mutation(() => Plan, { description: 'The planner proposed a plan, or its state changed.' })
  recordPlan(@Arg('event', () => PlanEventInput, EVENT_ARG) event: PlanEventInput, @Ctx() context: RequestContext) {
    return recordSingle<Plan>(context, 'plan', event);
  }

  @Mutation(() => PlannerConversation, { description: 'A message was added to a planner conversation.' })
  recordConversationMessage(
    @Arg('event', () => ConversationMessageEventInput, EVENT_ARG) event: ConversationMessageEventInput,
    @Ctx() context: RequestContext
  ) {
    return recordSingle<PlannerConversation>(context, 'conversationMessage', event);
  }

  @Mutation(() => IngestResult, {
    description:
      'Many events of any kind, in order, in one transaction. Each is answered on its own: invalid ones are ' +
      'rejected with their error and write nothing; the accepted ones are committed before the answer.',
  })
  ingest(
    @Arg('events', () => [EventInput], {
      description: 'The events, applied in this order: 1 to BATCH_MAX_EVENTS (5000 by default).',
    })
    events: EventInput[],
    @Ctx() context: RequestContext
  ): Promise<IngestResult> {
    return context.services.ingest.recordBatch(events);
  }
}
