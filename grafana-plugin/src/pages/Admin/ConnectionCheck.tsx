import React, { useEffect, useState } from 'react';
import type { DataSourceInstanceSettings, TestDataSourceResponse } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { Alert, Card, LinkButton, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import { DATASOURCE_TYPE } from '../../constants';
import type { AgentmonOptions } from '../../datasource/types';

type Outcome = TestDataSourceResponse | { status: 'pending' };

/** The health check answers 'warning' when Grafana holds a key that can write (an ADMIN or INGEST key). */
const SEVERITY: Record<string, 'success' | 'warning' | 'error'> = {
  success: 'success',
  warning: 'warning',
  error: 'error',
};

/** Where Grafana edits a data source, and where it adds one of a type. */
const editUrl = (uid: string) => `/connections/datasources/edit/${uid}`;
const ADD_DATASOURCE_URL = `/connections/datasources/${DATASOURCE_TYPE}`;

async function test(uid: string): Promise<TestDataSourceResponse> {
  try {
    const ds = await getDataSourceSrv().get(uid);
    return (await ds.testDatasource?.()) ?? { status: 'error', message: 'This data source cannot be tested.' };
  } catch (error) {
    return { status: 'error', message: (error as Error).message };
  }
}

/**
 * The app's connection check: tests each Agentmon data source as "Save & test" does and links
 * to its settings (nested data sources are hard to find in Grafana's menus).
 */
export function ConnectionCheck() {
  const [dataSources] = useState(
    () => getDataSourceSrv().getList({ type: DATASOURCE_TYPE }) as Array<DataSourceInstanceSettings<AgentmonOptions>>
  );
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  useEffect(() => {
    for (const ds of dataSources) {
      test(ds.uid).then((outcome) => setOutcomes((o) => ({ ...o, [ds.uid]: outcome })));
    }
  }, [dataSources]);

  if (dataSources.length === 0) {
    return (
      <Alert severity="warning" title="No Agentmon data source yet">
        <Stack direction="column" gap={2}>
          <Text>
            The app reads everything through an Agentmon data source: add one with the API&apos;s URL and an API token,
            or provision it (see the plugin&apos;s README).
          </Text>
          <div>
            <LinkButton href={ADD_DATASOURCE_URL} icon="plus">
              Add the Agentmon data source
            </LinkButton>
          </div>
        </Stack>
      </Alert>
    );
  }
  return (
    <Stack direction="column" gap={1}>
      {dataSources.map((ds) => {
        const outcome = outcomes[ds.uid] ?? { status: 'pending' };
        return (
          <Card key={ds.uid}>
            <Card.Heading>{ds.name}</Card.Heading>
            <Card.Meta>
              {[ds.jsonData?.apiUrl ?? 'no API URL set', ds.isDefault ? 'default' : ''].filter(Boolean)}
            </Card.Meta>
            <Card.Description>
              {!('message' in outcome) ? (
                <LoadingPlaceholder text="Testing the connection…" />
              ) : (
                <Alert severity={SEVERITY[outcome.status] ?? 'error'} title={outcome.message}>
                  {outcome.details?.message}
                </Alert>
              )}
            </Card.Description>
            <Card.Actions>
              <LinkButton href={editUrl(ds.uid)} icon="cog" variant="secondary">
                Data source settings
              </LinkButton>
            </Card.Actions>
          </Card>
        );
      })}
    </Stack>
  );
}
