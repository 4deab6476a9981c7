import type { Page } from 'playwright-core';

export interface GraphQLRequest {
  query: string;
  variables: Record<string, any>;
}

/** Records the GraphQL requests the page sends through the data source proxy, in order. */
export function recordGraphQL(page: Page): GraphQLRequest[] {
  const sent: GraphQLRequest[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/datasources/proxy/uid/') && request.url().endsWith('/graphql')) {
      sent.push(JSON.parse(request.postData() ?? '{}'));
    }
  });
  return sent;
}

/** The latest recorded request whose text contains `fragment`, waiting for it to be sent. */
export async function latestRequest(
  page: Page,
  sent: GraphQLRequest[],
  fragment: string,
  after = 0
): Promise<GraphQLRequest> {
  for (let waited = 0; waited < 15000; waited += 100) {
    const found = sent
      .slice(after)
      .filter((r) => r.query.includes(fragment))
      .pop();
    if (found) {
      return found;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`the page sent no request containing ${fragment}`);
}
