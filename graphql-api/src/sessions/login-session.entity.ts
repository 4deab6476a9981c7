import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../common/columns';

@ObjectType({
  description: 'One login of a user: it starts at the login and ends at logout or after the idle timeout.',
})
@Entity('login_sessions')
export class LoginSession {
  @Field(() => ID, { description: "This API's id of the session." })
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The id the monitored platform gives this session.' })
  @Column({ name: 'external_id', type: 'varchar', length: 191 })
  externalId: string;

  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @Field({ description: 'The login time.' })
  @Column({ name: 'started_at', ...TIMESTAMP })
  startedAt: Date;

  @Field({ description: 'The latest login or activity event of the session (UTC); the idle timeout counts from it.' })
  @Column({ name: 'last_activity_at', ...TIMESTAMP })
  lastActivityAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'The logout time; null while open, and for sessions that only timed out.',
  })
  @Column({ name: 'ended_at', ...TIMESTAMP, nullable: true })
  endedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Client IP address the login event sent (at most 64 characters).',
  })
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Browser or client User-Agent the login event sent (at most 512 characters).',
  })
  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Milliseconds from login to logout; null without a logout (open, or only timed out).',
  })
  get durationMs(): number | null {
    return this.endedAt ? this.endedAt.getTime() - this.startedAt.getTime() : null;
  }
}

/**
 * A session is active while it has not ended and was seen within the idle timeout. This is the
 * cutoff; ACTIVE_SESSION_SQL is the rule in SQL (its one parameter is the cutoff).
 */
export function activeCutoff(idleTimeoutMinutes: number, now = Date.now()): Date {
  return new Date(now - idleTimeoutMinutes * 60_000);
}
export const ACTIVE_SESSION_SQL = 'ended_at IS NULL AND last_activity_at >= ?';
