import { createDataFrame, type DataFrame, type FieldConfig, FieldType } from '@grafana/data';

/**
 * One column of a frame built from API rows. Its type comes from the API schema (DateTime →
 * time, Int/Float/Decimal → number), never from sniffing values.
 */
export interface Column {
  /** Field name: the GraphQL path of the value ("agent.name"); panels match on it. */
  name: string;
  type: FieldType;
  config: FieldConfig;
  /** Reads the value from a row; defaults to following `name`. */
  read?: (row: unknown) => unknown;
  /** The GraphQL paths `read` needs, when not `name`. */
  select?: string[];
}

/** Follows a dotted path ("agent.name") through nested objects; undefined when a step is missing. */
export function getPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, key) => {
    return current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  }, value);
}

/** Converts an API value to what a field of this type holds; null stays null. */
export function toFieldValue(type: FieldType, value: unknown): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  switch (type) {
    case FieldType.time:
      return typeof value === 'number' ? value : Date.parse(String(value));
    case FieldType.number: {
      // Decimal arrives as an exact string such as "12.5".
      const number = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(number) ? number : null;
    }
    case FieldType.boolean:
      return Boolean(value);
    case FieldType.string:
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return value;
  }
}

function column(type: FieldType, name: string, displayName: string, unit?: string, config: FieldConfig = {}): Column {
  return { name, type, config: { displayName, ...(unit ? { unit } : {}), ...config } };
}

/** Column constructors: field name (GraphQL path), display name, unit. */
export const col = {
  time: (name: string, displayName: string) => column(FieldType.time, name, displayName),
  number: (name: string, displayName: string, unit?: string, config?: FieldConfig) =>
    column(FieldType.number, name, displayName, unit, config),
  string: (name: string, displayName: string) => column(FieldType.string, name, displayName),
  /** A column computed from the row, reading the given GraphQL paths. */
  computed: (
    type: FieldType,
    name: string,
    displayName: string,
    select: string[],
    read: (row: unknown) => unknown
  ): Column => ({ ...column(type, name, displayName), select, read }),
};

export const UNITS = {
  count: 'short',
  durationMs: 'ms',
  usd: 'currencyUSD',
  ratio: 'percentunit',
} as const;

/** A percent in 0..1 shown as 0-100 %. */
export const ratioConfig: FieldConfig = { min: 0, max: 1 };

/** Builds a frame with one row per API row and one field per column. */
export function rowsToFrame(rows: unknown[], columns: Column[], refId: string, name?: string): DataFrame {
  return createDataFrame({
    refId,
    name,
    fields: columns.map((c) => ({
      name: c.name,
      type: c.type,
      config: c.config,
      values: rows.map((row) => toFieldValue(c.type, c.read ? c.read(row) : getPath(row, c.name))),
    })),
  });
}
