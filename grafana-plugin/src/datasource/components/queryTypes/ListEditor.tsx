import React from 'react';
import { Combobox, InlineField, InlineFieldRow, Input, MultiCombobox } from '@grafana/ui';
import { LISTS } from '../../queries/list';
import { ACTIVITY_KINDS, type ListName } from '../../types';
import { FilterEditor } from '../FilterEditor';
import { LimitField } from './fields';
import type { QueryTypeEditorProps } from './props';

const LIST_OPTIONS = (Object.keys(LISTS) as ListName[]).map((value) => ({
  value,
  label: LISTS[value].label,
  description: LISTS[value].description,
}));
const KIND_OPTIONS = ACTIVITY_KINDS.map((value) => ({ value, label: value }));

export function ListEditor({ query, update }: QueryTypeEditorProps) {
  const list = query.list ? LISTS[query.list] : undefined;
  return (
    <>
      <InlineFieldRow>
        <InlineField label="List" tooltip={list?.description}>
          <Combobox
            id="agentmon-list"
            width={28}
            options={LIST_OPTIONS}
            value={query.list ?? null}
            onChange={(o) => update({ list: o.value })}
          />
        </InlineField>
        {query.list === 'activity' && (
          <InlineField label="Kinds" tooltip="Only these kinds of activity (all when empty)">
            <MultiCombobox
              id="agentmon-kinds"
              width="auto"
              minWidth={20}
              options={KIND_OPTIONS}
              value={query.kinds ?? []}
              onChange={(options) => update({ kinds: options.map((o) => o.value) })}
            />
          </InlineField>
        )}
        {(query.list === 'runGraph' || query.list === 'taskRuns') && (
          <InlineField label="Run id" tooltip="The platform's run id, or a variable">
            <Input
              id="agentmon-run-id"
              width={30}
              defaultValue={query.runId}
              onBlur={(e) => update({ runId: e.currentTarget.value.trim() })}
            />
          </InlineField>
        )}
        {query.list !== 'runGraph' && (
          <LimitField
            value={query.limit}
            tooltip="Most rows (follows the API's pages)"
            onChange={(limit) => update({ limit })}
          />
        )}
      </InlineFieldRow>
      {list && <FilterEditor keys={list.filters} filter={query.filter} onChange={(filter) => update({ filter })} />}
    </>
  );
}
