import type { ComboboxOption } from '@grafana/ui';

/** Combobox options from a value → label map, in the map's order. */
export function optionsFrom<T extends string>(labels: Record<T, string>): Array<ComboboxOption<T>> {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
}
