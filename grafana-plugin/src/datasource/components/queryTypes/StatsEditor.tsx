import React from 'react';
import { Combobox, InlineField, InlineFieldRow } from '@grafana/ui';
import { DIMENSION_LABELS, MEASURE_LABELS, METRIC_LABELS } from '../../labels';
import { FILTER_KEYS } from '../../types';
import { FilterEditor } from '../FilterEditor';
import { optionsFrom } from '../options';
import { IntervalField, LimitField } from './fields';
import type { QueryTypeEditorProps } from './props';

const METRICS = optionsFrom(METRIC_LABELS);
const MEASURES = optionsFrom(MEASURE_LABELS);
const DIMENSIONS = optionsFrom(DIMENSION_LABELS);

/**
 * timeSeries (metric over time, optionally grouped) and breakdown (metric by one dimension)
 * share metric, measure, limit and filter.
 */
export function StatsEditor({ query, update }: QueryTypeEditorProps) {
  const isTimeSeries = query.queryType !== 'breakdown';
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Metric">
          <Combobox
            id="agentmon-metric"
            width={28}
            options={METRICS}
            value={query.metric ?? null}
            onChange={(o) => update({ metric: o.value })}
          />
        </InlineField>
        <InlineField label="Measure">
          <Combobox
            id="agentmon-measure"
            width={20}
            options={MEASURES}
            value={query.measure ?? 'COUNT'}
            onChange={(o) => update({ measure: o.value })}
          />
        </InlineField>
        {isTimeSeries ? (
          <>
            <IntervalField value={query.interval} onChange={(interval) => update({ interval })} />
            <InlineField label="Group by" tooltip="One series per value of this dimension">
              <Combobox
                id="agentmon-group-by"
                width={16}
                isClearable
                options={DIMENSIONS}
                value={query.groupBy ?? null}
                onChange={(o) => update({ groupBy: o?.value })}
              />
            </InlineField>
          </>
        ) : (
          <InlineField label="By">
            <Combobox
              id="agentmon-by"
              width={16}
              options={DIMENSIONS}
              value={query.by ?? null}
              onChange={(o) => update({ by: o.value })}
            />
          </InlineField>
        )}
        <LimitField
          value={query.limit}
          tooltip={isTimeSeries ? 'Most series (the API keeps the largest)' : 'Most rows'}
          onChange={(limit) => update({ limit })}
        />
      </InlineFieldRow>
      <FilterEditor keys={FILTER_KEYS} filter={query.filter} onChange={(filter) => update({ filter })} />
    </>
  );
}
