import React from 'react';
import { Combobox, type ComboboxOption, InlineField, Input } from '@grafana/ui';
import { API_INTERVALS, type ApiInterval } from '../../types';

const INTERVAL_OPTIONS: Array<ComboboxOption<ApiInterval | 'auto'>> = [
  { value: 'auto', label: 'auto', description: "From the panel's interval and max data points" },
  ...API_INTERVALS.map((value) => ({ value, label: value })),
];

export function IntervalField({
  value,
  onChange,
}: {
  value?: string;
  onChange: (value: ApiInterval | 'auto') => void;
}) {
  return (
    <InlineField label="Interval" tooltip="The API's bucket size; auto picks one from the panel">
      <Combobox
        id="agentmon-interval"
        width={12}
        options={INTERVAL_OPTIONS}
        value={value ?? 'auto'}
        onChange={(option) => onChange(option.value as ApiInterval | 'auto')}
      />
    </InlineField>
  );
}

export function LimitField({
  value,
  onChange,
  tooltip,
}: {
  value?: number;
  onChange: (value?: number) => void;
  tooltip: string;
}) {
  return (
    <InlineField label="Limit" tooltip={tooltip}>
      <Input
        id="agentmon-limit"
        type="number"
        width={10}
        min={1}
        defaultValue={value}
        placeholder="default"
        onBlur={(event) => {
          const limit = parseInt(event.currentTarget.value, 10);
          onChange(Number.isFinite(limit) && limit > 0 ? limit : undefined);
        }}
      />
    </InlineField>
  );
}
