import {
  Arg,
  Args,
  ArgsType,
  ClassType,
  Ctx,
  Field,
  ID,
  InputType,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
} from 'type-graphql';
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
registerEnumType(NamedDimensionSort, {
  name: 'NamedDimensionSort',
  description: 'Orders for lists of agents or tools.',
  valuesConfig: {
    NAME: { description: 'By name (collation order of the database).' },
    CREATED_AT: { description: 'By the time of the first event that named it.' },
    LAST_SEEN_AT: { description: 'By the time of the latest event that named it.' },
  },
});

@InputType({ description: 'Narrows a list of agents or tools; the fields combine with AND.' })
export class NamedDimensionFilter {
  @Field(() => [String], { nullable: true, description: 'Any of these names (exact match).' })
  name?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'Named by an event at or after this time (lastSeenAt).' })
  seenSince?: Date | null;
}

@ArgsType()
export class NamedDimensionListArgs extends ListArgs(
  NamedDimensionFilter,
  NamedDimensionSort,
  NamedDimensionSort.NAME,
  SortDirection.ASC
) {}

/** `agent(id|name)` and `agents(...)`-style queries for a thing events name (agents, tools). */
export function namedDimensionResolver<E extends NamedDimension>(
  entity: ClassType<E>,
  singular: string,
  plural: string
) {
  @ObjectType(`${entity.name}Connection`, { description: `A page of ${plural} (Relay cursor connection).` })
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
      @Arg('id', () => ID, {
        nullable: true,
        description: `This API's id of the ${singular}; give exactly one of id and name.`,
      })
      id?: string,
      @Arg('name', () => String, {
        nullable: true,
        description: `The ${singular}'s name (exact); give exactly one of id and name.`,
      })
      name?: string
    ): Promise<E | null> {
      return lookup(context, entity, id, 'name', 'name', name);
    }

    @Query(() => EntityConnection, {
      name: plural,
      description: `Every ${singular} events have named, a page at a time (by name A to Z unless sortBy says otherwise).`,
    })
    all(@Args(() => NamedDimensionListArgs) args: NamedDimensionListArgs, @Ctx() context: RequestContext) {
      return list(context.services.readSource, spec, args);
    }
  }
  return NamedDimensionResolver;
}
