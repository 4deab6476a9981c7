import { Field, ID, ObjectType } from 'type-graphql';
import { Column, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from './columns';

/** Columns shared by the things events name (agents, tools): created on first sight by name. */
@ObjectType({ description: 'Something events name (an agent or a tool), created on first sight by name.' })
export abstract class NamedDimension {
  @Field(() => ID, { description: "This API's id of the record." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The name events give it (unique, at most 191 characters).' })
  @Column({ type: 'varchar', length: 191 })
  name: string;

  @Field({ description: 'The event time that first named it (UTC).' })
  @Column({ name: 'created_at', ...TIMESTAMP })
  createdAt: Date;

  @Field({ description: 'The latest event time that named it (UTC).' })
  @Column({ name: 'last_seen_at', ...TIMESTAMP })
  lastSeenAt: Date;

  @Field(() => Date, { nullable: true, description: 'Start of its latest failed or timed-out execution.' })
  @Column({ name: 'last_error_at', ...TIMESTAMP, nullable: true })
  lastErrorAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The errorType of its latest failed or timed-out execution (e.g. "RateLimitError").',
  })
  @Column({ name: 'last_error_type', type: 'varchar', length: 128, nullable: true })
  lastErrorType: string | null;

  @Field(() => String, { nullable: true, description: 'The errorMessage of its latest failed or timed-out execution.' })
  @Column({ name: 'last_error_message', type: 'text', nullable: true })
  lastErrorMessage: string | null;
}
