import React from 'react';
import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import { RadioButtonGroup, Stack } from '@grafana/ui';
import type { AgentmonDataSource } from '../DataSource';
import type { AgentmonOptions, AgentmonQuery, AgentmonQueryType } from '../types';
import { AnnotationEditor } from './queryTypes/AnnotationEditor';
import { FleetEditor } from './queryTypes/FleetEditor';
import { HeatmapEditor } from './queryTypes/HeatmapEditor';
import { ListEditor } from './queryTypes/ListEditor';
import { PageStatEditor } from './queryTypes/PageStatEditor';
import type { QueryTypeEditorProps } from './queryTypes/props';
import { RawEditor } from './queryTypes/RawEditor';
import { StatsEditor } from './queryTypes/StatsEditor';

type Props = QueryEditorProps<AgentmonDataSource, AgentmonQuery, AgentmonOptions>;

const QUERY_TYPES: Array<SelectableValue<AgentmonQueryType>> = [
  { value: 'pageStat', label: 'Page statistic' },
  { value: 'timeSeries', label: 'Time series' },
  { value: 'breakdown', label: 'Breakdown' },
  { value: 'list', label: 'List' },
  { value: 'raw', label: 'Raw GraphQL' },
  { value: 'annotations', label: 'Events' },
  { value: 'durationHeatmap', label: 'Duration heatmap' },
  { value: 'hourOfDayHeatmap', label: 'Hour-of-day heatmap' },
  { value: 'fleet', label: 'Fleet' },
];

const EDITORS: Record<AgentmonQueryType, React.ComponentType<QueryTypeEditorProps>> = {
  pageStat: PageStatEditor,
  timeSeries: StatsEditor,
  breakdown: StatsEditor,
  list: ListEditor,
  raw: RawEditor,
  annotations: AnnotationEditor,
  durationHeatmap: HeatmapEditor,
  hourOfDayHeatmap: HeatmapEditor,
  fleet: FleetEditor,
};

export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const queryType = query.queryType ?? 'timeSeries';
  const Editor = EDITORS[queryType];
  const update = (patch: Partial<AgentmonQuery>) => {
    onChange({ ...query, ...patch });
    onRunQuery();
  };
  return (
    <Stack direction="column" gap={1}>
      <RadioButtonGroup<AgentmonQueryType>
        options={QUERY_TYPES}
        value={queryType}
        onChange={(value) => update({ queryType: value })}
      />
      <Editor key={queryType} query={{ ...query, queryType }} update={update} />
    </Stack>
  );
}
