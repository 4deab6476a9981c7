import React from 'react';
import { Combobox, InlineField, InlineFieldRow, Input } from '@grafana/ui';
import { METRIC_LABELS } from '../../labels';
import { FILTER_KEYS } from '../../types';
import { FilterEditor } from '../FilterEditor';
import { optionsFrom } from '../options';
import { IntervalField } from './fields';
import type { QueryTypeEditorProps } from './props';

const METRICS = optionsFrom(METRIC_LABELS);
const FILTERS = FILTER_KEYS.filter((key) => key !== 'status');

/**
 * durationHeatmap (durations per time bucket) and hourOfDayHeatmap (counts by hour of day and
 * day): a metric and a filter; durations also take the interval and the row width.
 */
export function HeatmapEditor({ query, update }: QueryTypeEditorProps) {
  const durations = query.queryType === 'durationHeatmap';
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Metric">
          <Combobox
            id="agentmon-heatmap-metric"
            width={28}
            options={METRICS}
            value={query.metric ?? null}
            onChange={(o) => update({ metric: o.value })}
          />
        </InlineField>
        {durations && (
          <>
            <IntervalField value={query.interval} onChange={(interval) => update({ interval })} />
            <InlineField
              label="Bins per row"
              tooltip="Duration bins per heatmap row (1-50); each bin is about 10 % wider than the one before"
            >
              <Input
                id="agentmon-bins-per-row"
                type="number"
                width={10}
                defaultValue={query.binsPerRow ?? 4}
                onBlur={(e) => update({ binsPerRow: Number(e.currentTarget.value) || undefined })}
              />
            </InlineField>
          </>
        )}
      </InlineFieldRow>
      <FilterEditor keys={FILTERS} filter={query.filter} onChange={(filter) => update({ filter })} />
    </>
  );
}
