import { Field, InputType, Int } from 'type-graphql';
import { TracedFailureFields } from '../common/event-fields.input';
import { Decimal } from '../common/decimal';
import { ExecutionStatus } from '../common/status';

@InputType({
  description:
    'The state of one agent execution. Send it when it starts (RUNNING) and again when it ends; ' +
    'events with the same requestId update one record, and replays change nothing. A field left out keeps its stored value; ' +
    'an event older in the lifecycle (RUNNING after SUCCESS) only fills fields still empty.',
})
export class AgentExecutionEventInput extends TracedFailureFields {
  @Field({ description: "The platform's id for this execution: 1 to 191 printable ASCII characters, no spaces." })
  requestId: string;

  @Field({ description: 'Agent name (trimmed, 1 to 191 characters); the agent is created on first sight.' })
  agent: string;

  @Field(() => ExecutionStatus, {
    description: 'Its state as of this event: RUNNING when it starts, a final state when it ends.',
  })
  status: ExecutionStatus;

  @Field({ description: 'When it started (years 2000 to 5999); statistics count it in this minute.' })
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
    description: "The platform's id of the user it ran for; the user is created on first sight.",
  })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: "The platform's id of the login session it ran in." })
  sessionId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The runId of the workflow run it belongs to; it may be reported before or after this event.',
  })
  workflowRunId?: string | null;

  @Field(() => String, { nullable: true, description: 'The taskRunId of the task run it belongs to.' })
  taskRunId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The model asked for (gen_ai.request.model, at most 128 characters), e.g. "gpt-4o".',
  })
  requestModel?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The model that answered (gen_ai.response.model, at most 128 characters).',
  })
  responseModel?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The provider (gen_ai.provider.name, at most 64 characters), e.g. "openai".',
  })
  provider?: string | null;

  @Field(() => Int, { nullable: true, description: 'Prompt tokens (gen_ai.usage.input_tokens), 0 or more.' })
  inputTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Completion tokens (gen_ai.usage.output_tokens), 0 or more.' })
  outputTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'All tokens; input + output when left out; at most 2147483647.' })
  totalTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Cached input tokens, counted within inputTokens.' })
  cachedInputTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Reasoning tokens, counted within outputTokens.' })
  reasoningTokens?: number | null;

  @Field(() => Decimal, {
    nullable: true,
    description: 'Cost in US dollars, e.g. "0.0123": 0 to 10000, at most 9 decimals (send a string to keep it exact).',
  })
  costUsd?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'True when the cost is unknown (no price for the model): counted as unpriced, not as $0. Not with costUsd.',
  })
  unpriced?: boolean | null;

  @Field(() => String, { nullable: true, description: 'The prompt or input (at most PAYLOAD_MAX_BYTES).' })
  input?: string | null;

  @Field(() => String, { nullable: true, description: 'The output (at most PAYLOAD_MAX_BYTES).' })
  output?: string | null;
}
