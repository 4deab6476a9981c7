import { ArgsType, ClassType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { InputError } from './errors';

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description:
    'Order of a list by its sortBy field; records with equal values are ordered by id in the same direction.',
  valuesConfig: {
    ASC: { description: 'Smallest (oldest, A to Z) first; records without a value come first.' },
    DESC: { description: 'Largest (newest, Z to A) first; records without a value come last.' },
  },
});

@ObjectType({
  description:
    'Where a page stands in its list (Relay cursor connection spec). Pages go forward only: pass endCursor as `after`.',
})
export class PageInfo {
  @Field({ description: 'True when more records follow this page.' })
  hasNextPage: boolean;

  @Field({ description: 'True when this page was asked for with `after` (records precede it).' })
  hasPreviousPage: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the first record of this page; null when the page is empty.',
  })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The cursor of the last record of this page, to pass as `after` for the next page; null when the page is empty.',
  })
  endCursor: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

/** A Relay edge of `node`: the record and the cursor that pages on after it. */
export function Edge<T extends object>(node: ClassType<T>) {
  @ObjectType(`${node.name}Edge`, { description: `One ${node.name} of a page, with its cursor.` })
  class EdgeType {
    @Field({ description: 'Opaque; pass it as `after` to get the records that follow this one.' })
    cursor: string;

    @Field(() => node, { description: 'The record.' })
    node: T;
  }
  return EdgeType;
}

/** A Relay connection type for `node` (edges with cursors, nodes, pageInfo, totalCount). */
export function Connection<T extends object>(node: ClassType<T>) {
  const NodeEdge = Edge(node);

  // Each concrete connection names and describes itself (type-graphql does not inherit descriptions).
  @ObjectType()
  abstract class ConnectionType implements Page<T> {
    @Field(() => [NodeEdge], { description: 'The records of this page with their cursors.' })
    edges: InstanceType<typeof NodeEdge>[];

    @Field(() => [node], { description: 'The same records as edges, without cursors.' })
    nodes: T[];

    @Field(() => PageInfo, { description: 'Whether more pages follow, and the cursors of this one.' })
    pageInfo: PageInfo;

    // Counting is a second query; a method field runs it only when a client asks for it.
    totalCount: () => Promise<number>;

    @Field(() => Int, {
      name: 'totalCount',
      description: 'How many records match the filter, on all pages (a second query: ask only when needed).',
    })
    countAll(): Promise<number> {
      return this.totalCount();
    }
  }
  return ConnectionType;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** Relay's forward pagination: `first` records after the cursor `after`. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size: 0 to ${MAX_PAGE_SIZE} records; ${DEFAULT_PAGE_SIZE} when left out. More is refused with BAD_USER_INPUT.`,
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The endCursor of the previous page; the first page when left out. Cursors stay valid while records are added.',
  })
  after?: string | null;
}

function encodeCursor(sortValue: unknown, id: number): string {
  // JSON has no bigint (costs are bigint billionths): those travel as digit strings.
  const value =
    sortValue instanceof Date
      ? { d: sortValue.toISOString() }
      : typeof sortValue === 'bigint'
        ? { b: sortValue.toString() }
        : { v: sortValue ?? null };
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): { sortValue: unknown; id: number } {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      { d?: string; b?: string; v?: unknown },
      number,
    ];
    if (!Number.isInteger(id) || typeof value !== 'object' || value === null) throw new Error('bad cursor');
    if (value.d !== undefined) {
      const date = new Date(value.d);
      if (Number.isNaN(date.getTime())) throw new Error('bad date');
      return { sortValue: date, id };
    }
    if (value.b !== undefined) {
      if (typeof value.b !== 'string' || !/^-?\d{1,20}$/.test(value.b)) throw new Error('bad bigint');
      return { sortValue: BigInt(value.b), id };
    }
    if (!('v' in value) || (!['string', 'number'].includes(typeof value.v) && value.v !== null))
      throw new Error('bad value');
    return { sortValue: value.v, id };
  } catch {
    throw new InputError('after', 'is not a cursor this API gave out');
  }
}

/**
 * Keyset pagination over `query` (alias `r`) sorted by `sortProperty`, then id. Stable under
 * inserts, and the cost of a page does not grow with its depth.
 */
export async function paginate<E extends ObjectLiteral & { id: number }>(
  query: SelectQueryBuilder<E>,
  sortProperty: string,
  direction: SortDirection,
  page: PageArgs
): Promise<Page<E>> {
  const first = page.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new InputError('first', `must be from 0 to ${MAX_PAGE_SIZE}, got ${first}`);
  }
  const countQuery = query.clone();
  const column = `r.${sortProperty}`;
  const op = direction === SortDirection.DESC ? '<' : '>';
  if (page.after) {
    const { sortValue, id } = decodeCursor(page.after);
    query.andWhere(
      new Brackets((where) => {
        if (sortValue === null) {
          // NULLs sort first ascending and last descending on both databases.
          if (direction === SortDirection.DESC) where.where(`${column} IS NULL AND r.id < :cursorId`, { cursorId: id });
          else where.where(`${column} IS NOT NULL`).orWhere(`${column} IS NULL AND r.id > :cursorId`, { cursorId: id });
        } else {
          where
            .where(`${column} ${op} :cursorValue`, { cursorValue: sortValue })
            .orWhere(`${column} = :cursorValue AND r.id ${op} :cursorId`, { cursorValue: sortValue, cursorId: id });
          if (direction === SortDirection.DESC) where.orWhere(`${column} IS NULL`);
        }
      })
    );
  }
  const rows = await query
    .orderBy(column, direction)
    .addOrderBy('r.id', direction)
    .limit(first + 1)
    .getMany();
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node[sortProperty as keyof E], node.id), node }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(page.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => countQuery.getCount(),
  };
}
