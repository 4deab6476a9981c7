import React from 'react';
import { Combobox, InlineField, InlineFieldRow, MultiCombobox } from '@grafana/ui';
import { SUMMARY_FIELDS } from '../../frames/shapes';
import { STATS_PAGES } from '../../queries/pageStat';
import { FILTER_KEYS, type StatsPage } from '../../types';
import { FilterEditor } from '../FilterEditor';
import { IntervalField, LimitField } from './fields';
import type { QueryTypeEditorProps } from './props';

const PAGE_OPTIONS = (Object.keys(STATS_PAGES) as StatsPage[]).map((value) => ({
  value,
  label: STATS_PAGES[value].label,
}));
const SUMMARY_OPTIONS = Object.entries(SUMMARY_FIELDS).map(([value, { displayName }]) => ({
  value,
  label: displayName,
}));

/** A figure of one of the stats schema's pages (overview, agentStats, ...). */
export function PageStatEditor({ query, update }: QueryTypeEditorProps) {
  const page = query.page ? STATS_PAGES[query.page] : undefined;
  const stat = page && query.stat ? page.stats[query.stat] : undefined;
  const statOptions = page ? Object.entries(page.stats).map(([value, s]) => ({ value, label: s.label })) : [];
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Page" tooltip="A page of the statistics schema">
          <Combobox
            id="agentmon-page"
            width={20}
            options={PAGE_OPTIONS}
            value={query.page ?? null}
            onChange={(option) => update({ page: option.value, stat: undefined, fields: undefined })}
          />
        </InlineField>
        <InlineField label="Figure" disabled={!page}>
          <Combobox
            id="agentmon-stat"
            width={36}
            options={statOptions}
            value={query.stat ?? null}
            onChange={(option) => update({ stat: option.value, fields: undefined })}
          />
        </InlineField>
        {stat?.shape === 'summary' && (
          <InlineField label="Fields" tooltip="Only these summary figures (all when empty)">
            <MultiCombobox
              id="agentmon-fields"
              width="auto"
              minWidth={20}
              options={SUMMARY_OPTIONS}
              value={query.fields ?? []}
              onChange={(options) => update({ fields: options.map((o) => o.value) })}
            />
          </InlineField>
        )}
        <IntervalField value={query.interval} onChange={(interval) => update({ interval })} />
        {stat?.takesFirst && (
          <LimitField value={query.limit} tooltip="Most rows" onChange={(limit) => update({ limit })} />
        )}
      </InlineFieldRow>
      <FilterEditor keys={FILTER_KEYS} filter={query.filter} onChange={(filter) => update({ filter })} />
    </>
  );
}
