import { ApolloServerPlugin } from '@apollo/server';
import {
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import { RequestContext } from './context';
import { ErrorCode } from '../common/errors';
import { Limits } from '../config/config';
import { INTERVALS } from '../rollups/buckets';
import { HeavyLane } from './heavy-lane';

/** Items a list is counted as when nothing says how long it is (series of a chart, rows of a table). */
const DEFAULT_LIST_ITEMS = 10;
/** What a connection returns when `first` is left out. */
const DEFAULT_PAGE = 50;
const DEFAULT_RANGE_MINUTES = 60;

/** What the fields above a selection say about the size of what is below it. */
interface Scale {
  /** Time buckets of the nearest field with `interval` (its range over its interval). */
  buckets?: number;
  /** The page size of the nearest connection (`first`), for its own lists only. */
  page?: number;
  /** The nearest `limit` (most series or rows). */
  limit?: number;
}

interface Tally {
  cost: number;
  aliases: number;
  ingestFields: number;
}

function bucketsOf(args: Record<string, any>): number | undefined {
  const step = INTERVALS[args.interval as string];
  if (!step) return undefined;
  const to = args.range?.to instanceof Date ? args.range.to.getTime() : Date.now();
  const from = args.range?.from instanceof Date ? args.range.from.getTime() : to - DEFAULT_RANGE_MINUTES * 60_000;
  return Math.max(1, Math.ceil((to - from) / 60_000 / step.minutes));
}

/**
 * Walks an operation as it will run and counts the work it asks for: every field and alias
 * (`__typename` too) costs 1, times the items of the lists around it; a list is as long as its
 * page (`first`, 50 when left out) or `limit`, and a chart's values as its buckets (range over
 * interval). So a time series costs about series × buckets, and a page of records its page size
 * times what is selected of each.
 */
class CostWalker {
  readonly tally: Tally = { cost: 0, aliases: 0, ingestFields: 0 };

  constructor(
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>
  ) {}

  /** The cost of one instance of `type` with this selection. */
  walk(selectionSet: SelectionSetNode, type: GraphQLObjectType, scale: Scale, root: boolean): number {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = this.fragments[selection.name.value];
        if (fragment) cost += this.walk(fragment.selectionSet, type, scale, root);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += this.walk(selection.selectionSet, type, scale, root);
        continue;
      }
      if (selection.alias) this.tally.aliases += 1;
      const name = selection.name.value;
      if (root && name === 'ingest') this.tally.ingestFields += 1;
      const field = type.getFields()[name] as GraphQLField<unknown, unknown> | undefined;
      if (!field) {
        cost += 1; // __typename and the introspection fields
        continue;
      }
      const args = getArgumentValues(field, selection, this.variables);
      const inner: Scale = { ...scale };
      if (typeof args.interval === 'string') inner.buckets = bucketsOf(args);
      if (typeof args.limit === 'number') inner.limit = args.limit;
      const pageArgument = field.args.some((arg) => arg.name === 'first');
      const ownPage = pageArgument ? ((args.first as number | null | undefined) ?? DEFAULT_PAGE) : undefined;
      const list = isListType(getNullableType(field.type));
      const named = getNamedType(field.type);
      let items = 1;
      if (list) {
        items = isLeafType(named)
          ? (scale.buckets ?? DEFAULT_LIST_ITEMS)
          : (ownPage ?? scale.page ?? scale.limit ?? DEFAULT_LIST_ITEMS);
        inner.page = undefined;
      } else if (ownPage !== undefined) {
        inner.page = ownPage; // a connection: its nodes and edges are this long
      }
      const below =
        selection.selectionSet && isObjectType(named) ? this.walk(selection.selectionSet, named, inner, false) : 0;
      cost += items * (1 + below);
    }
    return cost;
  }
}

/** Counts an operation's cost, aliases and batch fields (see CostWalker); throws on coercion errors. */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  rawVariables: Record<string, unknown>
): Tally {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  const variables = coerced.coerced ?? {};
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const walker = new CostWalker(fragments, variables);
  if (root) walker.tally.cost = walker.walk(operation.selectionSet, root, {}, true);
  return walker.tally;
}

function refused(message: string, code: string, field?: string, status = 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(field ? { field } : {}), http: { status } } });
}

/**
 * Refuses, before anything runs, an operation over QUERY_MAX_COST, with more than
 * QUERY_MAX_ALIASES aliases, or with more than one `ingest` field (each would have its own
 * BATCH_MAX_EVENTS); and runs operations of QUERY_HEAVY_COST or more in the heavy lane, a few at
 * a time, so that they cannot starve cheap ones.
 */
export function requestCostPlugin(limits: Limits): ApolloServerPlugin<RequestContext> {
  const lane = new HeavyLane(limits.heavyConcurrency);
  return {
    async requestDidStart() {
      let enteredLane: number | undefined;
      return {
        async willSendResponse() {
          if (enteredLane !== undefined) lane.leave(enteredLane);
          enteredLane = undefined;
        },
        async didResolveOperation({ schema, operation, document, request, contextValue }) {
          if (!operation) return;
          const fragments = Object.fromEntries(
            document.definitions
              .filter(
                (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION
              )
              .map((fragment) => [fragment.name.value, fragment])
          );
          let tally: Tally;
          try {
            tally = measureOperation(schema, operation, fragments, request.variables ?? {});
          } catch {
            return; // bad arguments or variables: execution answers them with the field at fault
          }
          if (tally.aliases > limits.maxAliases) {
            throw refused(
              `The operation has ${tally.aliases} aliases; at most ${limits.maxAliases} (QUERY_MAX_ALIASES) are allowed`,
              ErrorCode.QUERY_TOO_COMPLEX
            );
          }
          if (tally.cost > limits.maxCost) {
            throw refused(
              `The operation's cost is ${tally.cost}, over the limit of ${limits.maxCost} (QUERY_MAX_COST): ask for fewer series, buckets, rows or aliases`,
              ErrorCode.QUERY_TOO_COMPLEX
            );
          }
          if (tally.ingestFields > 1) {
            throw refused(
              `An operation may have one ingest field, not ${tally.ingestFields}: send one batch per request`,
              ErrorCode.BAD_USER_INPUT,
              'ingest'
            );
          }
          if (tally.cost >= limits.heavyCost) {
            if (await lane.enter(contextValue.deadline)) enteredLane = performance.now();
            else {
              throw refused(
                'The server is busy with other heavy requests and this one could not start within REQUEST_TIMEOUT_MS; retry later or ask for less',
                ErrorCode.TIMEOUT,
                undefined,
                503
              );
            }
          }
        },
      };
    },
  };
}
