import { Arg, Args, ArgsType, Ctx, Field, ID, InputType, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
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
registerEnumType(UserSort, { name: 'UserSort' });

@InputType()
export class UserFilter {
  @Field(() => [String], { nullable: true, description: 'The platform\'s user ids.' })
  id?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'Seen at or after this time.' })
  seenSince?: Date | null;
}

@ArgsType()
export class UserListArgs extends ListArgs(UserFilter, UserSort, UserSort.LAST_SEEN_AT) {}

@ObjectType()
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
  @Query(() => User, { nullable: true, description: 'One user by id or by the platform\'s user id.' })
  user(
    @Ctx() context: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('externalId', () => String, { nullable: true }) externalId?: string,
  ): Promise<User | null> {
    return lookup(context, User, id, 'externalId', 'externalId', externalId);
  }

  @Query(() => UserConnection)
  users(@Args(() => UserListArgs) args: UserListArgs, @Ctx() context: RequestContext) {
    return list(context.services.readSource, USERS, args);
  }
}
