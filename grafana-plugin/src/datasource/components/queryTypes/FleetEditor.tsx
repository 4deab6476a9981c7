import React from 'react';
import { Combobox, InlineField, InlineFieldRow } from '@grafana/ui';
import type { FleetView } from '../../types';
import { FilterEditor } from '../FilterEditor';
import { optionsFrom } from '../options';
import type { QueryTypeEditorProps } from './props';

const VIEWS = optionsFrom<FleetView>({
  services: 'Services now (status grid)',
  stateChanges: 'State changes (events)',
  stateTimeline: 'States over time',
});

/** The fleet: which view, optionally of one service. */
export function FleetEditor({ query, update }: QueryTypeEditorProps) {
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Show">
          <Combobox
            id="agentmon-fleet-view"
            width={30}
            options={VIEWS}
            value={query.fleet ?? 'services'}
            onChange={(o) => update({ fleet: o.value })}
          />
        </InlineField>
      </InlineFieldRow>
      <FilterEditor keys={['service']} filter={query.filter} onChange={(filter) => update({ filter })} />
    </>
  );
}
