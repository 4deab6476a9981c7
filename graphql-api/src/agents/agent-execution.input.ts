import { Field, InputType, Int } from 'type-graphql';
import { Decimal } from '../common/decimal';
import { ExecutionStatus } from '../common/status';

@InputType({
  description:
    'The state of one agent execution. Send it when it starts (RUNNING) and again when it ends; ' +
    'events with the same requestId update one record, and replays change nothing.',
})
export class AgentExecutionEventInput {
  @Field({ description: 'The platform\'s id for this execution.' })
  requestId: string;

  @Field({ description: 'Agent name; the agent is created on first sight.' })
  agent: string;

  @Field(() => ExecutionStatus)
  status: ExecutionStatus;

  @Field()
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  finishedAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Computed from the two times when left out.' })
  durationMs?: number | null;

  @Field(() => String, { nullable: true, description: 'The platform\'s user id; created on first sight.' })
  userId?: string | null;

  @Field(() => String, { nullable: true })
  sessionId?: string | null;

  @Field(() => String, { nullable: true })
  workflowRunId?: string | null;

  @Field(() => String, { nullable: true })
  taskRunId?: string | null;

  @Field(() => String, { nullable: true, description: 'gen_ai.request.model, e.g. "gpt-4o".' })
  requestModel?: string | null;

  @Field(() => String, { nullable: true, description: 'gen_ai.response.model.' })
  responseModel?: string | null;

  @Field(() => String, { nullable: true, description: 'gen_ai.provider.name, e.g. "openai".' })
  provider?: string | null;

  @Field(() => Int, { nullable: true })
  inputTokens?: number | null;

  @Field(() => Int, { nullable: true })
  outputTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Input + output when left out.' })
  totalTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Cached input tokens, counted within inputTokens.' })
  cachedInputTokens?: number | null;

  @Field(() => Int, { nullable: true, description: 'Reasoning tokens, counted within outputTokens.' })
  reasoningTokens?: number | null;

  @Field(() => Decimal, { nullable: true, description: 'Cost in US dollars, e.g. "0.0123".' })
  costUsd?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the cost is unknown (no price for the model): counted as unpriced, not as $0. Not with costUsd.' })
  unpriced?: boolean | null;

  @Field(() => String, { nullable: true, description: 'The OpenTelemetry trace id (32 hex digits), for a link to the trace.' })
  traceId?: string | null;

  @Field(() => String, { nullable: true, description: 'The OpenTelemetry span id (16 hex digits).' })
  spanId?: string | null;

  @Field(() => String, { nullable: true, description: 'error.type, e.g. "RateLimitError".' })
  errorType?: string | null;

  @Field(() => String, { nullable: true })
  errorMessage?: string | null;

  @Field(() => String, { nullable: true, description: 'The prompt or input (at most PAYLOAD_MAX_BYTES).' })
  input?: string | null;

  @Field(() => String, { nullable: true, description: 'The output (at most PAYLOAD_MAX_BYTES).' })
  output?: string | null;
}
