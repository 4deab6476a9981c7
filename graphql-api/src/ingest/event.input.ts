import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { AgentExecutionEventInput } from '../agents/agent-execution.input';
import { ApprovalDecidedEventInput, ApprovalRequestedEventInput } from '../approvals/approval-events.input';
import { ConversationMessageEventInput, PlanEventInput } from '../planner/planner-events.input';
import { LoginEventInput, SessionEventInput } from '../sessions/session-events.input';
import { ToolExecutionEventInput } from '../tools/tool-execution.input';
import { TaskRunEventInput, WorkflowEventInput, WorkflowRunEventInput } from '../workflows/workflow-events.input';

@InputType({ description: 'One event of any kind, for `ingest`: set exactly one field.' })
export class EventInput {
  @Field(() => LoginEventInput, { nullable: true })
  login?: LoginEventInput;

  @Field(() => SessionEventInput, { nullable: true })
  sessionActivity?: SessionEventInput;

  @Field(() => SessionEventInput, { nullable: true })
  sessionEnd?: SessionEventInput;

  @Field(() => AgentExecutionEventInput, { nullable: true })
  agentExecution?: AgentExecutionEventInput;

  @Field(() => ToolExecutionEventInput, { nullable: true })
  toolExecution?: ToolExecutionEventInput;

  @Field(() => WorkflowEventInput, { nullable: true })
  workflow?: WorkflowEventInput;

  @Field(() => WorkflowRunEventInput, { nullable: true })
  workflowRun?: WorkflowRunEventInput;

  @Field(() => TaskRunEventInput, { nullable: true })
  taskRun?: TaskRunEventInput;

  @Field(() => ApprovalRequestedEventInput, { nullable: true })
  approvalRequested?: ApprovalRequestedEventInput;

  @Field(() => ApprovalDecidedEventInput, { nullable: true })
  approvalDecided?: ApprovalDecidedEventInput;

  @Field(() => PlanEventInput, { nullable: true })
  plan?: PlanEventInput;

  @Field(() => ConversationMessageEventInput, { nullable: true })
  conversationMessage?: ConversationMessageEventInput;
}

export type EventKind = keyof EventInput;

@ObjectType({ description: 'Why one event was rejected.' })
export class EventError {
  @Field({ description: 'BAD_USER_INPUT or NOT_FOUND.' })
  code: string;

  @Field({ description: 'The input path at fault, e.g. "events[3].agentExecution.finishedAt".' })
  field: string;

  @Field()
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

  @Field(() => EventError, { nullable: true })
  error: EventError | null;
}

@ObjectType()
export class IngestResult {
  @Field(() => Int)
  accepted: number;

  @Field(() => Int)
  rejected: number;

  @Field(() => [EventResult])
  results: EventResult[];
}
