import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A user logged in: starts a login session.' })
export class LoginEventInput {
  @Field({ description: 'The platform\'s id for this login session.' })
  sessionId: string;

  @Field({ description: 'The platform\'s id for the user; the user is created on first sight.' })
  userId: string;

  @Field(() => String, { nullable: true })
  userName?: string | null;

  @Field(() => String, { nullable: true })
  userEmail?: string | null;

  @Field({ description: 'When the user logged in.' })
  at: Date;

  @Field(() => String, { nullable: true })
  ip?: string | null;

  @Field(() => String, { nullable: true })
  userAgent?: string | null;
}

@InputType({ description: 'A user did something in a session (keeps it active), or logged out (ends it).' })
export class SessionEventInput {
  @Field()
  sessionId: string;

  @Field()
  at: Date;

  @Field(() => String, {
    nullable: true,
    description: 'The user, needed only when the session is not known yet (its login event was lost).',
  })
  userId?: string | null;
}
