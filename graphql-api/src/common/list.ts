import { ArgsType, ClassType, Field, InputType } from 'type-graphql';
import { DataSource, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page, PageArgs, paginate, SortDirection } from './connection';
import { InputError } from './errors';
import { KeyedEntity, keyedTable } from './keyed-entity';
import { canonicalFilterValue } from './names';

@InputType({
  description: 'A half-open time window [from, to) on the time the list names; either end may be left out.',
})
export abstract class TimeRangeFilter {
  @Field(() => Date, { nullable: true, description: 'From this time on (inclusive).' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Before this time (exclusive).' })
  to?: Date | null;
}

/** How one filter field narrows the query (alias `r`); its value is never null here. */
export type FilterRule = (query: SelectQueryBuilder<ObjectLiteral>, value: never, parameter: string) => void;

/** The property equals one of the values. */
export const inColumn =
  (property: string): FilterRule =>
  (query, values: unknown[], parameter) =>
    void query.andWhere(`r.${property} IN (:...${parameter})`, { [parameter]: values });

/** The property is at or after the given time. */
export const atOrAfter =
  (property: string): FilterRule =>
  (query, since: Date, parameter) =>
    void query.andWhere(`r.${property} >= :${parameter}`, { [parameter]: since });

/** The referenced row (a user, agent, tool, workflow, run) has one of the given keys (external ids, names). */
export const inDimension =
  (property: string, referenced: KeyedEntity): FilterRule =>
  (query, values: unknown[], parameter) => {
    const { table, keyColumn } = keyedTable(query.connection, referenced);
    query.andWhere(`r.${property} IN (SELECT d.id FROM ${table} d WHERE d.${keyColumn} IN (:...${parameter}))`, {
      [parameter]: values,
    });
  };

export interface ListSpec<E> {
  entity: EntityTarget<E>;
  /** The property that `from`/`to` apply to. */
  time: string;
  filters: Record<string, FilterRule>;
}

/** The arguments every list query takes: a filter, a sort, a direction and a page. */
export function ListArgs<F extends object, S extends object>(
  filter: ClassType<F>,
  sort: S,
  defaultSort: S[keyof S],
  defaultDirection = SortDirection.DESC
) {
  @ArgsType()
  abstract class Args extends PageArgs {
    @Field(() => filter, {
      nullable: true,
      description:
        'Narrows the list: its fields combine with AND, a list field matches any of its values, an empty or left-out field matches all.',
    })
    filter?: F | null;

    @Field(() => sort, {
      defaultValue: defaultSort,
      description: 'The field the list is ordered by; records with equal values are ordered by id.',
    })
    sortBy: S[keyof S];

    @Field(() => SortDirection, {
      defaultValue: defaultDirection,
      description: 'Ascending or descending order of sortBy.',
    })
    direction: SortDirection;
  }
  return Args;
}

export async function list<E extends ObjectLiteral & { id: number }>(
  dataSource: DataSource,
  spec: ListSpec<E>,
  args: PageArgs & { filter?: object | null; sortBy: unknown; direction: SortDirection }
): Promise<Page<E>> {
  try {
    return await listPage(dataSource, spec, args);
  } catch (error) {
    // A bad filter, cursor or page size is the client's mistake: answer it as one, naming the argument.
    throw error instanceof InputError ? error.toGraphQLError() : error;
  }
}

async function listPage<E extends ObjectLiteral & { id: number }>(
  dataSource: DataSource,
  spec: ListSpec<E>,
  args: PageArgs & { filter?: object | null; sortBy: unknown; direction: SortDirection }
): Promise<Page<E>> {
  const query = dataSource.getRepository(spec.entity).createQueryBuilder('r');
  const filter = (args.filter ?? {}) as Record<string, unknown>;
  if (filter.from && filter.to && (filter.from as Date) >= (filter.to as Date))
    throw new InputError('filter.to', 'must be after filter.from');
  if (filter.from) query.andWhere(`r.${spec.time} >= :from`, { from: filter.from });
  if (filter.to) query.andWhere(`r.${spec.time} < :to`, { to: filter.to });
  for (const [name, rule] of Object.entries(spec.filters)) {
    const value = filter[name];
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    rule(query as SelectQueryBuilder<ObjectLiteral>, canonicalFilterValue(value) as never, `f_${name}`);
  }
  return paginate(query, args.sortBy as string, args.direction, args);
}
