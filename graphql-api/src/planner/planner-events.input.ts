import { Field, InputType, Int } from 'type-graphql';
import { MessageRole, PlanStatus } from '../common/status';

@InputType({
  description: 'The planner proposed a plan, or its state changed; events with the same planId update one record.',
})
export class PlanEventInput {
  @Field({ description: "The platform's id for this plan: 1 to 191 printable ASCII characters, no spaces." })
  planId: string;

  @Field({ description: 'The user the plan was made for; created on first sight.' })
  userId: string;

  @Field(() => String, {
    nullable: true,
    description: 'The planner conversation it came from; created on first sight.',
  })
  conversationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Its title (at most 500 characters).' })
  title?: string | null;

  @Field(() => PlanStatus, {
    description:
      'Its state as of this event; a state earlier in the lifecycle than the stored one only fills empty fields.',
  })
  status: PlanStatus;

  @Field(() => Int, { nullable: true, description: 'How many steps it has, 0 or more.' })
  stepCount?: number | null;

  @Field({ description: 'When the plan was created (years 2000 to 5999); statistics count it in this minute.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a person approved or rejected it; not before createdAt.' })
  decidedAt?: Date | null;
}

@InputType({ description: 'A message was added to a planner conversation (its text is not stored).' })
export class ConversationMessageEventInput {
  @Field({ description: "The platform's id for this message; a replay is counted once." })
  messageId: string;

  @Field({ description: "The platform's id of the conversation; it is created on first sight." })
  conversationId: string;

  @Field({ description: "The platform's id of the user the conversation is with; created on first sight." })
  userId: string;

  @Field(() => MessageRole, { defaultValue: MessageRole.USER, description: 'Who wrote the message.' })
  role: MessageRole;

  @Field({ description: 'When it was sent (years 2000 to 5999).' })
  at: Date;
}
