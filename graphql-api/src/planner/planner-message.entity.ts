import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { MessageRole } from '../common/status';

/** Kept so that a replayed message is recognised and counted once. */
@ObjectType({ description: 'One message of a planner conversation (metadata only, no text).' })
@Entity('planner_messages')
export class PlannerMessage {
  @Field(() => ID, { description: "This API's id of the message." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: "The platform's id of the message." })
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId: string;

  @Column({ name: 'conversation_id', type: 'int' })
  conversationId: number;

  @Field(() => MessageRole, { description: 'Who wrote it.' })
  @Column({ type: 'varchar', length: 16 })
  role: MessageRole;

  @Field({ description: 'When it was sent (UTC).' })
  @Column({ name: 'sent_at', ...TIMESTAMP })
  sentAt: Date;
}
