import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
} from 'type-graphql';
import { Connection } from '../common/connection';
import type { RequestContext } from '../app/context';
import { inDimension, list, ListArgs, ListSpec, TimeRangeFilter } from '../common/list';
import { DIMENSIONS } from '../recording/dimensions';
import { lookup } from '../common/lookup';
import { User } from '../users/user.entity';
import { activeCutoff, LoginSession } from './login-session.entity';

export enum LoginSessionSort {
  STARTED_AT = 'startedAt',
  LAST_ACTIVITY_AT = 'lastActivityAt',
  ENDED_AT = 'endedAt',
}
registerEnumType(LoginSessionSort, {
  name: 'LoginSessionSort',
  description: 'Orders for the list of login sessions.',
  valuesConfig: {
    STARTED_AT: { description: 'By login time.' },
    LAST_ACTIVITY_AT: { description: 'By the latest activity.' },
    ENDED_AT: { description: 'By logout time; open sessions have none (first ascending, last descending).' },
  },
});

@InputType({ description: 'Narrows login sessions; `from`/`to` apply to the login time.' })
export class LoginSessionFilter extends TimeRangeFilter {
  @Field(() => [String], { nullable: true, description: "The platform's user ids." })
  user?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Only sessions that are (true) or are not (false) active now.' })
  active?: boolean | null;
}

@ArgsType()
export class LoginSessionListArgs extends ListArgs(LoginSessionFilter, LoginSessionSort, LoginSessionSort.STARTED_AT) {}

@ObjectType({ description: 'A page of login sessions (Relay cursor connection).' })
export class LoginSessionConnection extends Connection(LoginSession) {}

/** The cutoff of active sessions (see activeCutoff) under this API's idle timeout. */
export function activeSince(context: RequestContext, now = Date.now()): Date {
  return activeCutoff(context.services.config.sessionIdleTimeoutMinutes, now);
}

@Resolver(() => LoginSession)
export class LoginSessionResolver {
  @Query(() => LoginSession, {
    nullable: true,
    description: "One login session by id or by the platform's session id.",
  })
  loginSession(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "This API's id; give exactly one of id and externalId." })
    id?: string,
    @Arg('externalId', () => String, {
      nullable: true,
      description: "The platform's session id; give exactly one of id and externalId.",
    })
    externalId?: string
  ): Promise<LoginSession | null> {
    return lookup(context, LoginSession, id, 'externalId', 'externalId', externalId);
  }

  @Query(() => LoginSessionConnection, {
    description: 'Login sessions, a page at a time (newest login first unless sortBy says otherwise).',
  })
  loginSessions(@Args(() => LoginSessionListArgs) args: LoginSessionListArgs, @Ctx() context: RequestContext) {
    const since = activeSince(context);
    const spec: ListSpec<LoginSession> = {
      entity: LoginSession,
      time: 'startedAt',
      filters: {
        user: inDimension('userId', DIMENSIONS.user),
        active: (query, active: boolean) =>
          void query.andWhere(
            active
              ? 'r.endedAt IS NULL AND r.lastActivityAt >= :since'
              : '(r.endedAt IS NOT NULL OR r.lastActivityAt < :since)',
            { since }
          ),
      },
    };
    return list(context.services.readSource, spec, args);
  }

  @FieldResolver(() => Boolean, {
    description: 'Not ended and seen within the idle timeout (SESSION_IDLE_TIMEOUT_MINUTES).',
  })
  active(@Root() session: LoginSession, @Ctx() context: RequestContext): boolean {
    return session.endedAt === null && session.lastActivityAt >= activeSince(context);
  }

  @FieldResolver(() => User, { description: 'Who logged in.' })
  user(@Root() session: LoginSession, @Ctx() context: RequestContext) {
    return context.loaders.one(User).load(session.userId);
  }
}
