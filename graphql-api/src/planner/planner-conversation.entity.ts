import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';

@ObjectType({ description: 'A chat between a user and the planner.' })
@Entity('planner_conversations')
export class PlannerConversation {
  @Field(() => ID, { description: "This API's id of the conversation." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this conversation.' })
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId: string;

  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @Field({ description: 'The earliest time of its messages and of the plans that name it (UTC).' })
  @Column({ name: 'started_at', ...TIMESTAMP })
  startedAt: Date;

  @Field({ description: 'The latest time of its messages and of the plans that name it.' })
  @Column({ name: 'last_message_at', ...TIMESTAMP })
  lastMessageAt: Date;

  @Field(() => Int, { description: 'How many distinct messages it has (a replayed message counts once).' })
  @Column({ name: 'message_count', type: 'int', default: 0 })
  messageCount: number;
}
