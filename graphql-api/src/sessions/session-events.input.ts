import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A user logged in: starts a login session.' })
export class LoginEventInput {
  @Field({
    description:
      "The platform's id for this login session: 1 to 191 printable ASCII characters, no spaces. A replayed login changes nothing.",
  })
  sessionId: string;

  @Field({
    description:
      "The platform's id for the user (1 to 191 printable ASCII characters, no spaces); the user is created on first sight.",
  })
  userId: string;

  @Field(() => String, {
    nullable: true,
    description: "The user's display name (at most 255 characters); kept when left out.",
  })
  userName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The user's email (at most 255 characters); kept when left out.",
  })
  userEmail?: string | null;

  @Field({ description: 'When the user logged in (years 2000 to 5999); statistics count the login in this minute.' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'Client IP address (at most 64 characters).' })
  ip?: string | null;

  @Field(() => String, { nullable: true, description: 'Client User-Agent (at most 512 characters).' })
  userAgent?: string | null;
}

@InputType({ description: 'A user did something in a session (keeps it active), or logged out (ends it).' })
export class SessionEventInput {
  @Field({ description: "The platform's id of the login session (the sessionId of its login event)." })
  sessionId: string;

  @Field({
    description:
      "When the user was active or logged out; an event that moves the session's last activity forward counts once in the SESSION_ACTIVITY statistic, at this minute.",
  })
  at: Date;

  @Field(() => String, {
    nullable: true,
    description: 'The user, needed only when the session is not known yet (its login event was lost).',
  })
  userId?: string | null;
}
