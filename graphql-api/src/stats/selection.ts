import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

const PERCENTILE_FIELDS = new Set(['p50DurationMs', 'p95DurationMs', 'p99DurationMs']);

function selects(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, names: Set<string>): boolean {
  if (!set) return false;
  return set.selections.some((selection) => {
    if (selection.kind === Kind.FIELD)
      return names.has(selection.name.value) || selects(selection.selectionSet, info, names);
    if (selection.kind === Kind.INLINE_FRAGMENT) return selects(selection.selectionSet, info, names);
    return selects(info.fragments[selection.name.value]?.selectionSet, info, names);
  });
}

/**
 * Whether the client asked for percentiles below this field: only then are the histogram
 * columns summed, which is most of a stats query's work.
 */
export function wantsPercentiles(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.some((node: FieldNode) => selects(node.selectionSet, info, PERCENTILE_FIELDS));
}

const SUMMARY_FIELDS = new Set(['summary']);

/**
 * Whether the client asked for the summary of each row below this field (a breakdown's): without,
 * a ranking by a count, tokens or cost reads only those columns.
 */
export function wantsSummaries(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.some((node: FieldNode) => selects(node.selectionSet, info, SUMMARY_FIELDS));
}
