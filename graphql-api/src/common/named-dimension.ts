import { Field, ID, ObjectType } from 'type-graphql';
import { Column, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from './columns';

/** Columns shared by the things events name (agents, tools): created on first sight by name. */
@ObjectType()
export abstract class NamedDimension {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 191 })
  name: string;

  @Field({ description: 'When an event first named it.' })
  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Field({ description: 'The latest event time that named it.' })
  @Column({ name: 'last_seen_at', ...TIMESTAMP })
  lastSeenAt: Date;

  @Field(() => Date, { nullable: true, description: 'Start of its latest failed or timed-out execution.' })
  @Column({ name: 'last_error_at', ...TIMESTAMP, nullable: true })
  lastErrorAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'last_error_type', type: 'varchar', length: 128, nullable: true })
  lastErrorType: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'last_error_message', type: 'text', nullable: true })
  lastErrorMessage: string | null;
}
