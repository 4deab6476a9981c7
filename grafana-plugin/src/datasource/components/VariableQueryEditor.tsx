import React from 'react';
import { Combobox, InlineField } from '@grafana/ui';
import { VARIABLE_KINDS } from '../queries/variableValues';
import type { AgentmonVariableQuery, VariableKind } from '../types';

interface Props {
  query: AgentmonVariableQuery;
  onChange: (query: AgentmonVariableQuery, definition?: string) => void;
}

const KIND_OPTIONS = (Object.keys(VARIABLE_KINDS) as VariableKind[]).map((value) => ({
  value,
  label: VARIABLE_KINDS[value].label,
}));

export function VariableQueryEditor({ query, onChange }: Props) {
  return (
    <InlineField label="Values" labelWidth={14} tooltip="What the variable lists">
      <Combobox
        id="agentmon-variable-kind"
        width={36}
        options={KIND_OPTIONS}
        value={query.kind ?? null}
        onChange={(option) => onChange({ ...query, kind: option.value }, `Agentmon ${option.value}`)}
      />
    </InlineField>
  );
}
