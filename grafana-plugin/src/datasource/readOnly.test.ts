import { lastValueFrom } from 'rxjs';
import { parse, type OperationDefinitionNode } from 'graphql';
import * as api from '../test/apiData';
import { createDataSource, queryRequest } from '../test/fixtures';
import { schemaTransport } from '../test/schemaTransport';
import { refuseWrites } from './readOnly';
import type { AgentmonVariableQuery } from './types';

/** A transport that answers queries against the API's schema and records every document it is handed. */
function recording() {
  return schemaTransport({
    users: () => api.connection([{ externalId: 'u-1', name: 'Ada' }]),
    workflowRuns: () => api.connection([api.workflowRun]),
    viewer: () => ({ role: 'READ', name: 'grafana', expiresAt: null }),
  });
}

const operationsOf = (query: string) => parse(query).definitions.map((d) => (d as OperationDefinitionNode).operation);

describe('the data source never sends a mutation', () => {
  it.each([
    ['a mutation', 'mutation { createApiKey(name: "x", role: ADMIN) { token } }', 'mutation'],
    [
      'a named mutation after a comment',
      '# just a query\nmutation Escalate { revokeApiKey(id: "1") { id } }',
      'mutation Escalate',
    ],
    [
      'a mutation beside a query',
      'query A { viewer { role } }\nmutation B { revokeApiKey(id: "1") { id } }',
      'mutation B',
    ],
    ['a subscription', 'subscription { events { id } }', 'subscription'],
  ])('raw mode refuses %s with a clear message, before anything is sent', async (_, rawQuery, what) => {
    const { send, calls } = recording();
    const response = await createDataSource(send).query(queryRequest([{ refId: 'R', queryType: 'raw', rawQuery }]));
    expect(calls).toEqual([]);
    expect(response.errors).toEqual([
      {
        refId: 'R',
        message: expect.stringMatching(
          new RegExp(`^This data source only reads: it refuses the ${what}\\. Every viewer`)
        ),
      },
    ]);
  });

  it('reads the document with the GraphQL parser: "mutation" inside a string or comment of a query is fine', async () => {
    const { send, calls } = recording();
    const rawQuery =
      '# mutation { revokeApiKey }\n{ users(filter: { id: ["mutation { createApiKey }"] }) { nodes { externalId } } }';
    const response = await createDataSource(send).query(
      queryRequest([{ refId: 'R', queryType: 'raw', rawQuery, dataPath: 'users.nodes' }])
    );
    expect(response.errors).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('says when a raw document does not parse', () => {
    expect(() => refuseWrites('{ users { ')).toThrow(/^The GraphQL query does not parse: Syntax Error/);
  });

  it('variables and annotations send queries only, whatever text their filters hold', async () => {
    const { send, calls } = recording();
    const ds = createDataSource(send);
    const injected = ['") } mutation { createApiKey(name: "x", role: ADMIN) { token } } #'];
    const variable = ds.variables as unknown as {
      query: (r: ReturnType<typeof queryRequest<AgentmonVariableQuery>>) => import('rxjs').Observable<unknown>;
    };
    await lastValueFrom(variable.query(queryRequest<AgentmonVariableQuery>([{ refId: 'V', kind: 'users' }])));
    await ds.query(
      queryRequest([{ refId: 'Anno', queryType: 'annotations', annotation: 'failedRuns', filter: { user: injected } }])
    );
    await ds.testDatasource().catch(() => undefined);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const call of calls) {
      expect(operationsOf(call.query)).toEqual(['query']);
    }
  });
});
