import { Field, InputType, Int } from 'type-graphql';
import { ExecutionStatus } from '../common/status';

@InputType({ description: 'The state of one tool call; events with the same requestId update one record.' })
export class ToolExecutionEventInput {
  @Field({ description: 'The platform\'s id for this call.' })
  requestId: string;

  @Field({ description: 'Tool name; the tool is created on first sight.' })
  tool: string;

  @Field(() => ExecutionStatus)
  status: ExecutionStatus;

  @Field()
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  finishedAt?: Date | null;

  @Field(() => Int, { nullable: true })
  durationMs?: number | null;

  @Field(() => String, { nullable: true, description: 'requestId of the agent execution that made the call.' })
  agentExecutionId?: string | null;

  @Field(() => String, { nullable: true })
  userId?: string | null;

  @Field(() => String, { nullable: true })
  sessionId?: string | null;

  @Field(() => String, { nullable: true, description: 'The OpenTelemetry trace id (32 hex digits), for a link to the trace.' })
  traceId?: string | null;

  @Field(() => String, { nullable: true, description: 'The OpenTelemetry span id (16 hex digits).' })
  spanId?: string | null;

  @Field(() => String, { nullable: true })
  errorType?: string | null;

  @Field(() => String, { nullable: true })
  errorMessage?: string | null;
}
