import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLFormattedError } from 'graphql';
import type { RequestContext } from '../app/context';
import { LabelCap, UNKNOWN } from './label-cap';
import { Metrics } from './prometheus';

/** Codes of errors that are the API's fault; every other error is the client's. */
const SERVER_ERROR_CODES = new Set(['INTERNAL_SERVER_ERROR', 'UNAVAILABLE']);
const OPERATION_NAMES = 100;

function outcome(errors: readonly GraphQLFormattedError[] | undefined): string {
  if (!errors?.length) return 'success';
  return errors.some((error) => SERVER_ERROR_CODES.has(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))
    ? 'server_error'
    : 'client_error';
}

/** Counts GraphQL operations by name, type and outcome, and times them. */
export function graphqlMetricsPlugin(metrics: Metrics): ApolloServerPlugin<RequestContext> {
  const names = new LabelCap(OPERATION_NAMES);
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, response }) {
          const labels = {
            operation: names.value(operationName ?? request.operationName ?? 'anonymous'),
            type: operation?.operation ?? UNKNOWN,
          };
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          metrics.graphqlOperations.inc({ ...labels, outcome: outcome(errors) });
          metrics.graphqlSeconds.observe(labels, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
