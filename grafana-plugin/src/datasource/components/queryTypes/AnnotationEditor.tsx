import React from 'react';
import { Combobox, InlineField, InlineFieldRow } from '@grafana/ui';
import { ANNOTATIONS } from '../../queries/annotations';
import type { AnnotationKind } from '../../types';
import { FilterEditor } from '../FilterEditor';
import type { QueryTypeEditorProps } from './props';

const KIND_OPTIONS = (Object.keys(ANNOTATIONS) as AnnotationKind[]).map((value) => ({
  value,
  label: ANNOTATIONS[value].label,
  description: ANNOTATIONS[value].description,
}));

export function AnnotationEditor({ query, update }: QueryTypeEditorProps) {
  const def = query.annotation ? ANNOTATIONS[query.annotation] : undefined;
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Events">
          <Combobox
            id="agentmon-annotation"
            width={28}
            options={KIND_OPTIONS}
            value={query.annotation ?? null}
            onChange={(o) => update({ annotation: o.value })}
          />
        </InlineField>
      </InlineFieldRow>
      {def && <FilterEditor keys={def.filters} filter={query.filter} onChange={(filter) => update({ filter })} />}
    </>
  );
}
