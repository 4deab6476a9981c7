import { Field, InputType, Int } from 'type-graphql';
import { TracedFailureFields } from '../common/event-fields.input';
import { ExecutionStatus } from '../common/status';

@InputType({
  description:
    'The state of one tool call; events with the same requestId update one record, a field left out keeps its stored value.',
})
export class ToolExecutionEventInput extends TracedFailureFields {
  @Field({ description: "The platform's id for this call: 1 to 191 printable ASCII characters, no spaces." })
  requestId: string;

  @Field({ description: 'Tool name (trimmed, 1 to 191 characters); the tool is created on first sight.' })
  tool: string;

  @Field(() => ExecutionStatus, {
    description: 'Its state as of this event: RUNNING when it starts, a final state when it ends.',
  })
  status: ExecutionStatus;

  @Field({ description: 'When the call started (years 2000 to 5999); statistics count it in this minute.' })
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

  @Field(() => String, { nullable: true, description: 'requestId of the agent execution that made the call.' })
  agentExecutionId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The platform's id of the user it ran for; the user is created on first sight.",
  })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: "The platform's id of the login session it ran in." })
  sessionId?: string | null;
}
