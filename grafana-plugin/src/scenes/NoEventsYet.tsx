import React from 'react';
import { type DataFrame, FieldType, LoadingState } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import {
  sceneGraph,
  type SceneComponentProps,
  SceneObjectBase,
  type SceneObjectState,
  SceneQueryRunner,
} from '@grafana/scenes';
import { FirstEventGuide } from '../components/FirstEventGuide';
import type { AgentmonOptions } from '../datasource/types';
import { DATASOURCE_REF } from './spec';

/** Every event creates a user, agent, tool or workflow the first time it names one. */
const RECORD_COUNTS = {
  refId: 'records',
  queryType: 'raw',
  rawQuery:
    '{ users(first: 1) { totalCount } agents(first: 1) { totalCount } tools(first: 1) { totalCount } workflows(first: 1) { totalCount } }',
};

/** True when the counts came back and all are zero. */
export function hasNoRecords(series: DataFrame[]): boolean {
  const numbers = series.flatMap((frame) => frame.fields.filter((f) => f.type === FieldType.number));
  return numbers.length > 0 && numbers.every((field) => field.values.every((v) => v === 0));
}

/** A banner telling a new user how to send the first event; nothing once any event arrived. */
export class NoEventsYet extends SceneObjectBase<SceneObjectState> {
  static Component = NoEventsYetRenderer;

  constructor() {
    super({ $data: new SceneQueryRunner({ datasource: DATASOURCE_REF, queries: [RECORD_COUNTS] }) });
  }

  /** The API URL of the page's data source, to put in the example. */
  apiUrl(): string | undefined {
    const uid = sceneGraph.interpolate(this, DATASOURCE_REF.uid);
    return (getDataSourceSrv().getInstanceSettings(uid)?.jsonData as AgentmonOptions | undefined)?.apiUrl;
  }
}

function NoEventsYetRenderer({ model }: SceneComponentProps<NoEventsYet>) {
  const { data } = sceneGraph.getData(model).useState();
  if (data?.state !== LoadingState.Done || !hasNoRecords(data.series)) {
    return null;
  }
  return <FirstEventGuide apiUrl={model.apiUrl()} />;
}
