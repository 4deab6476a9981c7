import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';

@ObjectType({ description: "A person who uses the monitored platform, known by the platform's own id." })
@Entity('users')
export class User {
  @Field(() => ID, { description: "This API's id of the user (not the platform's: see externalId)." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this user (what userId means in events and filters).' })
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId: string;

  @Field(() => String, { nullable: true, description: 'Display name from the latest login event that sent one.' })
  @Column({ type: 'varchar', length: 255, nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true, description: 'Email from the latest login event that sent one.' })
  @Column({ type: 'varchar', length: 255, nullable: true })
  email: string | null;

  @Field({ description: 'The time of the first event that named this user (UTC).' })
  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Field({ description: 'The latest event time that named this user (login, session activity, execution, run...).' })
  @Column({ name: 'last_seen_at', ...TIMESTAMP })
  lastSeenAt: Date;
}
