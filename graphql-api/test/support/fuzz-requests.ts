import fc from 'fast-check';
import { ADMIN_TOKEN } from './api';
import { INGEST, singleDocument } from './events';
import { wildString } from './fuzz-values';

/** Whole HTTP requests to /graphql that a confused, broken or hostile client might send. */
export interface RawRequest {
  method: string;
  /** Appended to /graphql (for GET). */
  search: string;
  headers: Record<string, string>;
  body?: string;
}

const SEED_DOCUMENTS = [
  INGEST,
  singleDocument('agentExecution', 'id status durationMs costUsd'),
  singleDocument('taskRun', 'id'),
  '{ agentExecutions(first: 5, filter: { status: [SUCCESS] }) { totalCount nodes { requestId agent { name } } pageInfo { endCursor } } }',
  'query($r: TimeRangeInput) { overview(range: $r) { activeSessions pendingApprovals } }',
  '{ __schema { types { name } } }',
];

/** A seed document with a random cut, insertion or repetition: mostly syntax and validation errors. */
const mutatedDocument = fc
  .tuple(
    fc.constantFrom(...SEED_DOCUMENTS),
    fc.nat(),
    fc.nat(),
    fc.oneof(wildString, fc.constantFrom('{', '}', '(', ')', '$', '!', '...', '@skip', '"', '#', ':'))
  )
  .map(([doc, a, b, insert]) => {
    const [from, to] = [a % doc.length, (a % doc.length) + (b % 20)];
    return doc.slice(0, from) + insert + doc.slice(to);
  });

/** Nesting deep enough to exhaust a recursive parser. */
const deep = fc.tuple(fc.integer({ min: 500, max: 100_000 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) => {
  const close = open === '[' ? ']' : '}';
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
});

const document = fc.oneof(
  { weight: 3, arbitrary: mutatedDocument },
  { weight: 1, arbitrary: wildString },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: 20_000 }).map((depth) => `{${'a{'.repeat(depth)}b${'}'.repeat(depth)}}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 100, max: 5_000 })
      .map((n) => `{${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')}}`),
  }
);

const body = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ query: document, variables: fc.option(fc.jsonValue({ maxDepth: 4 }), { nil: undefined }) })
      .map((b) => JSON.stringify(b)),
  },
  // Valid documents with variables of any shape.
  {
    weight: 3,
    arbitrary: fc
      .record({ query: fc.constantFrom(...SEED_DOCUMENTS), variables: fc.jsonValue({ maxDepth: 5 }) })
      .map((b) => JSON.stringify(b)),
  },
  {
    weight: 1,
    arbitrary: deep.map((variables) => `{"query":${JSON.stringify(INGEST)},"variables":{"events":${variables}}}`),
  },
  // Not an operation at all: any JSON, any text, a persisted-query hash that matches nothing.
  { weight: 2, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('', '{', '{"query":', 'null', '[]', '[{}]', '\u0000')
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        withQuery: fc.boolean(),
        version: fc.constantFrom(1, 2, '1'),
        hash: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 64 }),
      })
      .map(({ withQuery, version, hash }) =>
        JSON.stringify({
          ...(withQuery ? { query: '{ __typename }' } : {}),
          extensions: { persistedQuery: { version, sha256Hash: hash } },
        })
      ),
  }
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/graphql',
      'application/xml',
      '',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json; charset=bogus',
      'application/graphql-response+json'
    ),
  }
);

const authorization = fc.oneof(
  { weight: 8, arbitrary: fc.constant(`Bearer ${ADMIN_TOKEN}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'Bearer',
      'Bearer ',
      'Basic YTpi',
      'bearer token-that-is-wrong',
      `Bearer ${'x'.repeat(4000)}`,
      "Bearer ' OR '1'='1"
    ),
  }
);

export const rawRequest: fc.Arbitrary<RawRequest> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        body,
        contentType,
        authorization,
        encoding: fc.constantFrom(undefined, undefined, undefined, 'gzip', 'br', 'compress', 'bogus'),
      })
      .map(({ body, contentType, authorization, encoding }) => ({
        method: 'POST',
        search: '',
        headers: { 'content-type': contentType, authorization, ...(encoding ? { 'content-encoding': encoding } : {}) },
        body,
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        method: fc.constantFrom('GET', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
        query: document,
        variables: fc.string({ maxLength: 50 }),
        authorization,
      })
      .map(({ method, query, variables, authorization }) => ({
        method,
        search: `?${new URLSearchParams({ query, variables }).toString()}`,
        headers: { authorization },
      })),
  }
);

/** A document that abuses one limit, and the code it must be answered with when over it (none when within). */
export interface Abuse {
  query: string;
  variables?: Record<string, unknown>;
  expected: string | undefined;
  /** Lexical tokens of the document, when that is the limit abused. */
  count?: number;
}

const ALIASED_FIELDS = [
  '__typename',
  'agents { totalCount }',
  'summary(metric: TOOL_EXECUTIONS) { count }',
  'periodCounts(metric: LOGINS) { today }',
];

/** Up to 60 aliases of cheap fields, __typename included: over QUERY_MAX_ALIASES (30) they are refused. */
const aliases = fc
  .tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom(...ALIASED_FIELDS))
  .map(([n, field]): Abuse => ({
    query: `{ ${Array.from({ length: n }, (_, i) => `x${i}: ${field}`).join(' ')} }`,
    expected: n > 30 ? 'QUERY_TOO_COMPLEX' : undefined,
  }));

/**
 * A literal list of names up to 8,000 tokens long in the document: over QUERY_MAX_TOKENS (5,000)
 * a parse error, else over LIST_MAX_ITEMS (1,000) refused naming the argument.
 */
const tokens = fc
  .integer({ min: 0, max: 8000 })
  .map((n): Abuse => {
    const query = `{ summary(metric: AGENT_EXECUTIONS, filter: { agent: [${Array(n).fill('"a"').join(' ')}] }) { count } }`;
    const count = (query.match(/[{}()[\]:]|"a"|\w+/g) ?? []).length;
    return { query, expected: count > 5000 ? 'GRAPHQL_PARSE_FAILED' : n > 1000 ? 'BAD_USER_INPUT' : undefined, count };
  })
  .filter(({ count }) => Math.abs(count! - 5000) > 5); // not the boundary, where token counting conventions differ

/** Filter lists up to 3,000 names: over LIST_MAX_ITEMS (1,000) refused naming the argument. */
const lists = fc
  .tuple(fc.integer({ min: 0, max: 3000 }), fc.constantFrom('agent', 'tool', 'user', 'status'))
  .map(([n, dimension]): Abuse => ({
    query: `query($v: [String!]) { summary(metric: ${dimension === 'tool' ? 'TOOL_EXECUTIONS' : 'AGENT_EXECUTIONS'}, filter: { ${dimension}: $v }) { count } }`,
    variables: { v: Array.from({ length: n }, (_, i) => (dimension === 'status' ? 'SUCCESS' : `name-${i}`)) },
    expected: n > 1000 ? 'BAD_USER_INPUT' : undefined,
  }));

export const abuse: fc.Arbitrary<Abuse> = fc.oneof(aliases, tokens, lists);
