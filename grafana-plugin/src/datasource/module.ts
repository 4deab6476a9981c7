import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { AgentmonDataSource } from './DataSource';
import type { AgentmonOptions, AgentmonQuery, AgentmonSecureOptions } from './types';

export const plugin = new DataSourcePlugin<AgentmonDataSource, AgentmonQuery, AgentmonOptions, AgentmonSecureOptions>(
  AgentmonDataSource
)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
