import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { AgentExecutionEventInput } from '../agents/agent-execution.input';
import { ApprovalDecidedEventInput, ApprovalRequestedEventInput } from '../approvals/approval-events.input';
import { ConversationMessageEventInput, PlanEventInput } from '../planner/planner-events.input';
import { LoginEventInput, SessionEventInput } from '../sessions/session-events.input';
import { ToolExecutionEventInput } from '../tools/tool-execution.input';
import { TaskRunEventInput, WorkflowEventInput, WorkflowRunEventInput } from '../workflows/workflow-events.input';

@InputType({ description: 'One event of any kind, for `ingest`: set exactly one field.' })
export class EventInput {
  @Field(() => LoginEventInput, { nullable: true, description: 'A user logged in (as recordLogin).' })
  login?: LoginEventInput;

  @Field(() => SessionEventInput, {
    nullable: true,
    description: 'A user was active in a session (as recordSessionActivity).',
  })
  sessionActivity?: SessionEventInput;

  @Field(() => SessionEventInput, { nullable: true, description: 'A user logged out (as endSession).' })
  sessionEnd?: SessionEventInput;

  @Field(() => AgentExecutionEventInput, {
    nullable: true,
    description: 'An agent execution started or ended (as recordAgentExecution).',
  })
  agentExecution?: AgentExecutionEventInput;

  @Field(() => ToolExecutionEventInput, {
    nullable: true,
    description: 'A tool call started or ended (as recordToolExecution).',
  })
  toolExecution?: ToolExecutionEventInput;

  @Field(() => WorkflowEventInput, {
    nullable: true,
    description: 'A workflow was defined or changed (as recordWorkflow).',
  })
  workflow?: WorkflowEventInput;

  @Field(() => WorkflowRunEventInput, {
    nullable: true,
    description: 'A workflow run changed state (as recordWorkflowRun).',
  })
  workflowRun?: WorkflowRunEventInput;

  @Field(() => TaskRunEventInput, {
    nullable: true,
    description: 'A task run changed state (as recordTaskRun); its run may come earlier in the same batch.',
  })
  taskRun?: TaskRunEventInput;

  @Field(() => ApprovalRequestedEventInput, {
    nullable: true,
    description: 'An approval was requested (as requestApproval).',
  })
  approvalRequested?: ApprovalRequestedEventInput;

  @Field(() => ApprovalDecidedEventInput, {
    nullable: true,
    description: 'An approval was decided or expired (as decideApproval).',
  })
  approvalDecided?: ApprovalDecidedEventInput;

  @Field(() => PlanEventInput, { nullable: true, description: 'A plan was proposed or changed state (as recordPlan).' })
  plan?: PlanEventInput;

  @Field(() => ConversationMessageEventInput, {
    nullable: true,
    description: 'A planner conversation message (as recordConversationMessage).',
  })
  conversationMessage?: ConversationMessageEventInput;
}

export type EventKind = keyof EventInput;

@ObjectType({ description: 'Why one event was rejected.' })
export class EventError {
  @Field({ description: 'BAD_USER_INPUT or NOT_FOUND.' })
  code: string;

  @Field({ description: 'The input path at fault, e.g. "events[3].agentExecution.finishedAt".' })
  field: string;

  @Field({ description: 'What is wrong, for a person to read.' })
  message: string;
}

@ObjectType({ description: 'What became of one event of a batch.' })
export class EventResult {
  @Field(() => Int, { description: 'Its position in the batch, from 0.' })
  index: number;

  @Field(() => String, { nullable: true, description: 'The event kind (the EventInput field that was set).' })
  kind: string | null;

  @Field({ description: 'True when it is stored (committed before this answer).' })
  accepted: boolean;

  @Field(() => ID, { nullable: true, description: 'The id of the record it created or updated.' })
  id: number | null;

  @Field(() => EventError, { nullable: true, description: 'Why it was rejected; null when accepted.' })
  error: EventError | null;
}

@ObjectType({ description: 'The answer to a batch: accepted events are committed, rejected ones wrote nothing.' })
export class IngestResult {
  @Field(() => Int, { description: 'How many events were stored.' })
  accepted: number;

  @Field(() => Int, { description: 'How many events were rejected (each wrote nothing).' })
  rejected: number;

  @Field(() => [EventResult], { description: 'One result per event, in the order sent.' })
  results: EventResult[];
}
