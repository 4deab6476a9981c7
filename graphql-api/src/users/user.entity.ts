import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';

@ObjectType({ description: 'A person who uses the monitored platform, known by the platform\'s own id.' })
@Entity('users')
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this user.' })
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  name: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 255, nullable: true })
  email: string | null;

  @Field()
  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Field()
  @Column({ name: 'last_seen_at', ...TIMESTAMP })
  lastSeenAt: Date;
}
