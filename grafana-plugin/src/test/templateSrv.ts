import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

const REFERENCE = /\$([_A-Za-z]\w*)|\$\{([_A-Za-z]\w*)(?::[^}]+)?\}|\[\[([_A-Za-z]\w*)(?::[^\]]+)?\]\]/g;

/**
 * A TemplateSrv that replaces variables as Grafana does for these tests: scoped variables win,
 * a format function receives the raw value (a list for multi-value), and without one a
 * multi-value selection is written as {a,b}.
 */
export function fakeTemplateSrv(variables: Record<string, string | string[]> = {}): TemplateSrv {
  const replace = (target?: string, scopedVars?: ScopedVars, format?: string | Function) =>
    (target ?? '').replace(REFERENCE, (match, plain, braced, bracketed) => {
      const name = plain ?? braced ?? bracketed;
      const value = scopedVars?.[name]?.value ?? variables[name];
      if (value === undefined) {
        return match;
      }
      if (typeof format === 'function') {
        return format(value, { name });
      }
      return Array.isArray(value) ? (value.length === 1 ? value[0] : `{${value.join(',')}}`) : String(value);
    });
  return {
    replace,
    getVariables: () => [],
    containsTemplate: (target?: string) => Boolean(target?.match(REFERENCE)),
    updateTimeRange: () => {},
  } as unknown as TemplateSrv;
}
