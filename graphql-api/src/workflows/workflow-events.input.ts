import { Field, InputType, Int } from 'type-graphql';
import { FailureFields, TracedFailureFields } from '../common/event-fields.input';
import { RunStatus } from '../common/status';

@InputType({ description: 'One step of a workflow DAG; set agent or tool to the name of what it runs.' })
export class DagNodeInput {
  @Field({ description: 'The node key: unique within the workflow, 1 to 191 printable ASCII characters, no spaces.' })
  key: string;

  @Field(() => String, { nullable: true, description: 'A display name for the step (at most 255 characters).' })
  label?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The name of the agent this step runs (at most 191 characters).',
  })
  agent?: string | null;

  @Field(() => String, { nullable: true, description: 'The name of the tool this step runs (at most 191 characters).' })
  tool?: string | null;
}

@InputType({ description: 'A dependency between two steps: `to` starts after `from` finished.' })
export class DagEdgeInput {
  @Field({ description: 'The key of the node that must finish first; must name a node of this workflow.' })
  from: string;

  @Field({ description: 'The key of the node that starts after it; must name a node of this workflow.' })
  to: string;
}

@InputType({ description: 'A workflow definition was created or changed.' })
export class WorkflowEventInput {
  @Field({ description: "The platform's key for this workflow: 1 to 191 printable ASCII characters, no spaces." })
  key: string;

  @Field({ description: 'Its display name (trimmed, 1 to 255 characters).' })
  name: string;

  @Field(() => String, { nullable: true, description: 'The user who owns it; created on first sight.' })
  ownerId?: string | null;

  @Field(() => [DagNodeInput], { description: 'The steps of the DAG: at most 500, and at most 64 KiB as JSON.' })
  nodes: DagNodeInput[];

  @Field(() => [DagEdgeInput], { description: 'The dependencies between steps (at most 64 KiB as JSON).' })
  edges: DagEdgeInput[];

  @Field({ description: 'When it was created or changed; a definition older than the stored one is ignored.' })
  at: Date;
}

@InputType({ description: 'The state of one workflow run; events with the same runId update one record.' })
export class WorkflowRunEventInput extends TracedFailureFields {
  @Field({ description: "The platform's id for this run: 1 to 191 printable ASCII characters, no spaces." })
  runId: string;

  @Field({
    description:
      "The workflow's key; the workflow is created on first sight (with no DAG until a workflow event defines it).",
  })
  workflowKey: string;

  @Field(() => String, { nullable: true, description: 'Used as the name when the workflow is created here.' })
  workflowName?: string | null;

  @Field(() => RunStatus, {
    description:
      'Its state as of this event; a state lower in the lifecycle than the stored one only fills empty fields.',
  })
  status: RunStatus;

  @Field({
    description: 'When the run was queued or started (years 2000 to 5999); statistics count it in this minute.',
  })
  startedAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When it ended; not before startedAt. Computed from startedAt + durationMs when left out.',
  })
  finishedAt?: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Milliseconds it took (0 to 2147483647); computed from the two times when left out.',
  })
  durationMs?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "The platform's id of the user who started it; the user is created on first sight.",
  })
  triggeredBy?: string | null;

  @Field(() => String, { nullable: true, description: "The platform's id of the plan this run carries out." })
  planId?: string | null;
}

@InputType({ description: 'The state of one task (one attempt of one DAG node) in a known workflow run.' })
export class TaskRunEventInput extends FailureFields {
  @Field({ description: "The platform's id for this task run: 1 to 191 printable ASCII characters, no spaces." })
  taskRunId: string;

  @Field({ description: 'The run it belongs to; its workflowRun event must come first.' })
  runId: string;

  @Field({ description: 'The key of the DAG node it runs.' })
  nodeKey: string;

  @Field(() => Int, { nullable: true, defaultValue: 1, description: 'Which attempt of the node, from 1.' })
  attempt?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The name of the agent it runs; the agent is created on first sight.',
  })
  agent?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The name of the tool it runs; the tool is created on first sight.',
  })
  tool?: string | null;

  @Field(() => RunStatus, {
    description:
      'Its state as of this event; a state lower in the lifecycle than the stored one only fills empty fields.',
  })
  status: RunStatus;

  @Field(() => Date, { nullable: true, description: 'When it started; leave it out while QUEUED.' })
  startedAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it ended; not before startedAt. Computed from startedAt + durationMs when left out.',
  })
  finishedAt?: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Milliseconds it took (0 to 2147483647); computed from the two times when left out.',
  })
  durationMs?: number | null;
}
