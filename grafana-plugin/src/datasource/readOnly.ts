import { GraphQLError, Kind, parse } from 'graphql';
import { AgentmonApiError, type GraphQLTransport } from './api';

/**
 * Every member of a Grafana organisation may query its data sources, with the token the data
 * source stores: so this data source only ever reads. The GraphQL parser (not a pattern) finds
 * each operation's kind, so comments, strings and fragments cannot hide a mutation.
 */
export function refuseWrites(document: string): void {
  let parsed;
  try {
    parsed = parse(document, { noLocation: true });
  } catch (error) {
    throw new AgentmonApiError(
      `The GraphQL query does not parse: ${error instanceof GraphQLError ? error.message : String(error)}`,
      'GRAPHQL_PARSE_FAILED'
    );
  }
  for (const definition of parsed.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.operation !== 'query') {
      const name = definition.name ? ` ${definition.name.value}` : '';
      throw new AgentmonApiError(
        `This data source only reads: it refuses the ${definition.operation}${name}. Every viewer of the organisation can use it, so it never changes the API; send events and manage keys with the API's own clients.`,
        'READ_ONLY'
      );
    }
  }
}

/** A transport that checks each document before it leaves the browser (raw mode, variables, annotations alike). */
export function readOnlyTransport(send: GraphQLTransport): GraphQLTransport {
  return (request, requestId) => {
    refuseWrites(request.query);
    return send(request, requestId);
  };
}
