import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  ID,
  InputType,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
} from 'type-graphql';
import { Connection } from '../common/connection';
import type { RequestContext } from '../app/context';
import { atOrAfter, inColumn, list, ListArgs, ListSpec } from '../common/list';
import { lookup } from '../common/lookup';
import { User } from './user.entity';

export enum UserSort {
  CREATED_AT = 'createdAt',
  LAST_SEEN_AT = 'lastSeenAt',
  EXTERNAL_ID = 'externalId',
  NAME = 'name',
}
registerEnumType(UserSort, {
  name: 'UserSort',
  description: 'Orders for the list of users.',
  valuesConfig: {
    CREATED_AT: { description: 'By the time of the first event that named the user.' },
    LAST_SEEN_AT: { description: 'By the latest event time that named the user.' },
    EXTERNAL_ID: { description: "By the platform's user id." },
    NAME: { description: 'By display name; users without one sort as empty.' },
  },
});

@InputType({ description: 'Narrows the list of users; the fields combine with AND.' })
export class UserFilter {
  @Field(() => [String], { nullable: true, description: "The platform's user ids (exact match)." })
  id?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'Seen by an event at or after this time (lastSeenAt).' })
  seenSince?: Date | null;
}

@ArgsType()
export class UserListArgs extends ListArgs(UserFilter, UserSort, UserSort.LAST_SEEN_AT) {}

@ObjectType({ description: 'A page of users (Relay cursor connection).' })
export class UserConnection extends Connection(User) {}

const USERS: ListSpec<User> = {
  entity: User,
  time: 'createdAt',
  filters: {
    id: inColumn('externalId'),
    seenSince: atOrAfter('lastSeenAt'),
  },
};

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: "One user by id or by the platform's user id." })
  user(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true, description: "This API's id; give exactly one of id and externalId." })
    id?: string,
    @Arg('externalId', () => String, {
      nullable: true,
      description: "The platform's user id; give exactly one of id and externalId.",
    })
    externalId?: string
  ): Promise<User | null> {
    return lookup(context, User, id, 'externalId', 'externalId', externalId);
  }

  @Query(() => UserConnection, {
    description:
      'Every user events have named, a page at a time (most recently seen first unless sortBy says otherwise).',
  })
  users(@Args(() => UserListArgs) args: UserListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, USERS, args);
  }
}
