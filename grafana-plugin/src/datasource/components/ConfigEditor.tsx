import React, { type ChangeEvent } from 'react';
import {
  type DataSourcePluginOptionsEditorProps,
  onUpdateDatasourceSecureJsonDataOption,
  updateDatasourcePluginResetOption,
} from '@grafana/data';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';
import type { AgentmonOptions, AgentmonSecureOptions } from '../types';

type Props = DataSourcePluginOptionsEditorProps<AgentmonOptions, AgentmonSecureOptions>;

/** The URL is plain jsonData; the token is secureJsonData, read only by the proxy route. */
export function ConfigEditor(props: Props) {
  const { options } = props;
  const apiUrl = options.jsonData.apiUrl ?? '';
  const pointsAtGraphQL = /\/graphql\/?$/.test(apiUrl);
  return (
    <FieldSet label="Agentmon API">
      <Field
        label="API URL"
        description="The API's base URL as Grafana's server reaches it, e.g. http://agentmon:4000 (without /graphql)."
        invalid={pointsAtGraphQL}
        error={pointsAtGraphQL ? 'Leave out /graphql: the data source adds it.' : undefined}
        required
      >
        <Input
          id="agentmon-api-url"
          width={60}
          value={apiUrl}
          placeholder="http://localhost:4000"
          onChange={(event: ChangeEvent<HTMLInputElement>) =>
            props.onOptionsChange({
              ...options,
              jsonData: { ...options.jsonData, apiUrl: event.currentTarget.value.trim() },
            })
          }
        />
      </Field>
      <Field
        label="API token"
        description="A READ key of the Agentmon API (AGENTMON_GRAFANA_TOKEN, or createApiKey(role: READ)), never the admin token: every viewer of this organisation can query through this data source. Grafana keeps it encrypted and sends it as a Bearer header; browsers never see it. Save & test shows the key's role."
        required
      >
        <SecretInput
          id="agentmon-api-token"
          width={60}
          isConfigured={Boolean(options.secureJsonFields?.apiToken)}
          value={options.secureJsonData?.apiToken ?? ''}
          placeholder="The API token"
          onChange={onUpdateDatasourceSecureJsonDataOption(props, 'apiToken')}
          onReset={() => updateDatasourcePluginResetOption(props, 'apiToken')}
        />
      </Field>
      <Field
        label="Trace link"
        description="Where executions and runs sent as OpenTelemetry spans link to: the uid of a Tempo or Jaeger data source (opens Explore), or a URL with ${traceId}, e.g. https://jaeger.example/trace/${traceId}."
      >
        <Input
          id="agentmon-trace-link"
          width={60}
          value={options.jsonData.traceLink ?? ''}
          placeholder="tempo data source uid, or https://…/trace/${traceId}"
          onChange={(event: ChangeEvent<HTMLInputElement>) =>
            props.onOptionsChange({
              ...options,
              jsonData: { ...options.jsonData, traceLink: event.currentTarget.value.trim() || undefined },
            })
          }
        />
      </Field>
    </FieldSet>
  );
}
