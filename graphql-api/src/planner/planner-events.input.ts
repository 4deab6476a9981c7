import { Field, InputType, Int } from 'type-graphql';
import { MessageRole, PlanStatus } from '../common/status';

@InputType({ description: 'The planner proposed a plan, or its state changed; events with the same planId update one record.' })
export class PlanEventInput {
  @Field({ description: 'The platform\'s id for this plan.' })
  planId: string;

  @Field({ description: 'The user the plan was made for; created on first sight.' })
  userId: string;

  @Field(() => String, { nullable: true, description: 'The planner conversation it came from; created on first sight.' })
  conversationId?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => PlanStatus)
  status: PlanStatus;

  @Field(() => Int, { nullable: true })
  stepCount?: number | null;

  @Field({ description: 'When the plan was created.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a person approved or rejected it.' })
  decidedAt?: Date | null;
}

@InputType({ description: 'A message was added to a planner conversation (its text is not stored).' })
export class ConversationMessageEventInput {
  @Field({ description: 'The platform\'s id for this message; a replay is counted once.' })
  messageId: string;

  @Field()
  conversationId: string;

  @Field()
  userId: string;

  @Field(() => MessageRole, { defaultValue: MessageRole.USER })
  role: MessageRole;

  @Field()
  at: Date;
}
