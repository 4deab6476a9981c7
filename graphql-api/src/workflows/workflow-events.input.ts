import { Field, InputType, Int } from 'type-graphql';
import { RunStatus } from '../common/status';

@InputType()
export class DagNodeInput {
  @Field({ description: 'Unique within the workflow.' })
  key: string;

  @Field(() => String, { nullable: true })
  label?: string | null;

  @Field(() => String, { nullable: true, description: 'The agent this step runs.' })
  agent?: string | null;

  @Field(() => String, { nullable: true, description: 'The tool this step runs.' })
  tool?: string | null;
}

@InputType()
export class DagEdgeInput {
  @Field()
  from: string;

  @Field()
  to: string;
}

@InputType({ description: 'A workflow definition was created or changed.' })
export class WorkflowEventInput {
  @Field({ description: 'The platform\'s key for this workflow.' })
  key: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true, description: 'The user who owns it; created on first sight.' })
  ownerId?: string | null;

  @Field(() => [DagNodeInput])
  nodes: DagNodeInput[];

  @Field(() => [DagEdgeInput])
  edges: DagEdgeInput[];

  @Field({ description: 'When it was created or changed.' })
  at: Date;
}

@InputType({ description: 'The state of one workflow run; events with the same runId update one record.' })
export class WorkflowRunEventInput {
  @Field()
  runId: string;

  @Field({ description: 'The workflow\'s key; created on first sight.' })
  workflowKey: string;

  @Field(() => String, { nullable: true, description: 'Used as the name when the workflow is created here.' })
  workflowName?: string | null;

  @Field(() => RunStatus)
  status: RunStatus;

  @Field({ description: 'When the run was queued or started.' })
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  finishedAt?: Date | null;

  @Field(() => Int, { nullable: true })
  durationMs?: number | null;

  @Field(() => String, { nullable: true, description: 'The user who started it.' })
  triggeredBy?: string | null;

  @Field(() => String, { nullable: true, description: 'The plan this run carries out.' })
  planId?: string | null;

  @Field(() => String, { nullable: true, description: 'The OpenTelemetry trace id (32 hex digits), for a link to the trace.' })
  traceId?: string | null;

  @Field(() => String, { nullable: true, description: 'The OpenTelemetry span id (16 hex digits).' })
  spanId?: string | null;

  @Field(() => String, { nullable: true })
  errorType?: string | null;

  @Field(() => String, { nullable: true })
  errorMessage?: string | null;
}

@InputType({ description: 'The state of one task (one attempt of one DAG node) in a known workflow run.' })
export class TaskRunEventInput {
  @Field({ description: 'The platform\'s id for this task run.' })
  taskRunId: string;

  @Field({ description: 'The run it belongs to; its workflowRun event must come first.' })
  runId: string;

  @Field()
  nodeKey: string;

  @Field(() => Int, { nullable: true, defaultValue: 1 })
  attempt?: number | null;

  @Field(() => String, { nullable: true })
  agent?: string | null;

  @Field(() => String, { nullable: true })
  tool?: string | null;

  @Field(() => RunStatus)
  status: RunStatus;

  @Field(() => Date, { nullable: true })
  startedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt?: Date | null;

  @Field(() => Int, { nullable: true })
  durationMs?: number | null;

  @Field(() => String, { nullable: true })
  errorType?: string | null;

  @Field(() => String, { nullable: true })
  errorMessage?: string | null;
}
