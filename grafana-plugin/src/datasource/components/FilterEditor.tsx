import React from 'react';
import { InlineField, InlineFieldRow, TagsInput } from '@grafana/ui';
import type { FilterKey, QueryFilter } from '../types';

interface Props {
  keys: readonly FilterKey[];
  filter?: QueryFilter;
  onChange: (filter: QueryFilter) => void;
}

const TIPS: Record<FilterKey, string> = {
  agent: 'Agent names',
  tool: 'Tool names',
  model: 'Request models, e.g. gpt-4o',
  provider: 'Providers, e.g. openai',
  user: "The platform's user ids",
  workflow: 'Workflow keys',
  service: 'Service ids, as registered',
  status: 'Status names, e.g. SUCCESS, FAILED',
};

/**
 * One tag list per filter key. Tags are literals or template variables ($agent); a multi-value
 * variable expands to several values and its "All" drops the key.
 */
export function FilterEditor({ keys, filter = {}, onChange }: Props) {
  if (keys.length === 0) {
    return null;
  }
  return (
    <InlineFieldRow>
      {keys.map((key) => (
        <InlineField key={key} label={`Filter ${key}`} tooltip={`${TIPS[key]} or a variable such as $${key}`}>
          <TagsInput
            id={`agentmon-filter-${key}`}
            width={30}
            placeholder={`${key} or $${key}`}
            tags={filter[key] ?? []}
            onChange={(tags) => onChange({ ...filter, [key]: tags.length ? tags : undefined })}
          />
        </InlineField>
      ))}
    </InlineFieldRow>
  );
}
