import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { declaredVariables } from './queries/raw';
import { ALL_VALUE, type AgentmonQuery, type QueryFilter } from './types';

type Replace = TemplateSrv['replace'];

/** Joins a multi-value selection so it can be split back after `replace` returns one string. */
const SEPARATOR = '\u001f';
const joinValues = (value: string | string[]) => (Array.isArray(value) ? value.join(SEPARATOR) : String(value));

/** Values that mean "All": the app's allValue, Grafana's own marker, and the common regex one. */
const ALL_MARKERS = new Set([ALL_VALUE, '$__all', '.*']);

/** Grafana's variable syntaxes: $name, ${name} / ${name:format}, [[name]]. */
const VARIABLE_REFERENCE = /\$([_A-Za-z]\w*)|\$\{([_A-Za-z]\w*)(?::[^}]+)?\}|\[\[([_A-Za-z]\w*)(?::[^\]]+)?\]\]/g;
const SINGLE_REFERENCE = new RegExp(`^(?:${VARIABLE_REFERENCE.source})$`);

/** Each value interpolated; a multi-value variable yields several values. */
function interpolateList(values: string[], replace: Replace, scopedVars: ScopedVars): string[] {
  return values
    .flatMap((v) => replace(v, scopedVars, joinValues).split(SEPARATOR))
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * Interpolates a filter: each key's values expand to lists, and a key whose variable is set to
 * All is dropped (no filter on it rather than a list of every known value).
 */
export function interpolateFilter(filter: QueryFilter | undefined, replace: Replace, scopedVars: ScopedVars) {
  if (!filter) {
    return undefined;
  }
  const entries = Object.entries(filter).flatMap(([key, values]) => {
    const list = interpolateList(values ?? [], replace, scopedVars);
    return list.length === 0 || list.some((v) => ALL_MARKERS.has(v)) ? [] : [[key, [...new Set(list)]]];
  });
  return Object.fromEntries(entries) as QueryFilter;
}

/**
 * Interpolates a raw GraphQL operation but leaves its own variables ($from in `$from: String`)
 * alone, even where a dashboard variable has the same name.
 */
export function interpolateOperation(operation: string, replace: Replace, scopedVars: ScopedVars): string {
  const own = new Set(declaredVariables(operation));
  return operation.replace(VARIABLE_REFERENCE, (match, plain: string | undefined) =>
    plain && own.has(plain) ? match : replace(match, scopedVars)
  );
}

/**
 * Interpolates the JSON variables of a raw query value by value: a string that is exactly one
 * multi-value variable becomes a JSON list, any other string is interpolated as text.
 */
export function interpolateJsonVariables(json: string, replace: Replace, scopedVars: ScopedVars): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return replace(json, scopedVars); // not JSON: the request builder reports it
  }
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (SINGLE_REFERENCE.test(value)) {
        const values = replace(value, scopedVars, joinValues).split(SEPARATOR);
        return values.length > 1 ? values : values[0];
      }
      return replace(value, scopedVars);
    }
    if (Array.isArray(value)) {
      return value.flatMap((item) => {
        const result = walk(item);
        return Array.isArray(result) && typeof item === 'string' ? result : [result];
      });
    }
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return JSON.stringify(walk(parsed));
}

/** The query with every template variable replaced, in every field that can hold one. */
export function interpolateQuery(query: AgentmonQuery, replace: Replace, scopedVars: ScopedVars = {}): AgentmonQuery {
  const text = (value: string | undefined) => (value === undefined ? undefined : replace(value, scopedVars));
  return {
    ...query,
    filter: interpolateFilter(query.filter, replace, scopedVars),
    runId: text(query.runId),
    dataPath: text(query.dataPath),
    rawQuery: query.rawQuery === undefined ? undefined : interpolateOperation(query.rawQuery, replace, scopedVars),
    variables:
      query.variables === undefined ? undefined : interpolateJsonVariables(query.variables, replace, scopedVars),
  };
}
