import { Arg, Args, ArgsType, ClassType, Ctx, Field, ID, InputType, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { Connection, SortDirection } from './connection';
import type { RequestContext } from '../app/context';
import { atOrAfter, inColumn, list, ListArgs, ListSpec } from './list';
import { lookup } from './lookup';
import { NamedDimension } from './named-dimension';

export enum NamedDimensionSort {
  NAME = 'name',
  CREATED_AT = 'createdAt',
  LAST_SEEN_AT = 'lastSeenAt',
}
registerEnumType(NamedDimensionSort, { name: 'NamedDimensionSort' });

@InputType()
export class NamedDimensionFilter {
  @Field(() => [String], { nullable: true, description: 'Any of these names.' })
  name?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'Seen at or after this time.' })
  seenSince?: Date | null;
}

@ArgsType()
export class NamedDimensionListArgs extends ListArgs(NamedDimensionFilter, NamedDimensionSort, NamedDimensionSort.NAME, SortDirection.ASC) {}

/** `agent(id|name)` and `agents(...)`-style queries for a thing events name (agents, tools). */
export function namedDimensionResolver<E extends NamedDimension>(entity: ClassType<E>, singular: string, plural: string) {
  @ObjectType(`${entity.name}Connection`)
  class EntityConnection extends Connection(entity) {}

  const spec: ListSpec<E> = {
    entity,
    time: 'createdAt',
    filters: {
      name: inColumn('name'),
      seenSince: atOrAfter('lastSeenAt'),
    },
  };

  @Resolver(() => entity)
  class NamedDimensionResolver {
    @Query(() => entity, { name: singular, nullable: true, description: `One ${singular} by id or name.` })
    one(
      @Ctx() context: RequestContext,
      @Arg('id', () => ID, { nullable: true }) id?: string,
      @Arg('name', () => String, { nullable: true }) name?: string,
    ): Promise<E | null> {
      return lookup(context, entity, id, 'name', 'name', name);
    }

    @Query(() => EntityConnection, { name: plural })
    all(@Args(() => NamedDimensionListArgs) args: NamedDimensionListArgs, @Ctx() context: RequestContext) {
      return list(context.services.readSource, spec, args);
    }
  }
  return NamedDimensionResolver;
}
