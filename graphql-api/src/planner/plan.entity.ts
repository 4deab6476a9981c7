import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';
import { PlanStatus } from '../common/status';

@ObjectType({ description: 'A plan the planner proposed to a user, to be approved by a person.' })
@Entity('plans')
export class Plan {
  @Field(() => ID, { description: "This API's id of the plan." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this plan; events upsert by it.' })
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId: string;

  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @Column({ name: 'conversation_id', type: 'int', nullable: true })
  conversationId: number | null;

  @Field(() => String, { nullable: true, description: 'Its title, if the planner gave one.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  title: string | null;

  @Field(() => PlanStatus, { description: 'Its latest state.' })
  @Column({ type: 'varchar', length: 24 })
  status: PlanStatus;

  @Field(() => Int, { description: 'How many steps it has; 0 when not sent.' })
  @Column({ name: 'step_count', type: 'int', default: 0 })
  stepCount: number;

  @Field({ description: 'When the planner created it (UTC); statistics count it in this minute.' })
  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When a person approved or rejected it; null while undecided.' })
  @Column({ name: 'decided_at', ...TIMESTAMP, nullable: true })
  decidedAt: Date | null;
}
