import {
  getNamedType,
  getNullableType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  isInterfaceType,
} from 'graphql';
import { createSchema } from '../src/app/schema';
import { requiredRole } from '../src/auth/authorization';
import { ADMIN_TOKEN, DIALECTS, startApi, TestApi } from './support/api';

// Every root field of the schema, with every kind of caller: generated from the schema itself,
// so a field added later is checked without anyone listing it here.

// IDs name no record, so that probing revokeApiKey revokes nothing.
const SCALARS: Record<string, unknown> = {
  String: 'x',
  ID: '999999',
  Int: 1,
  Float: 1,
  Boolean: true,
  DateTimeISO: '2026-01-01T00:00:00Z',
  Decimal: '1',
};

function sample(type: GraphQLInputType): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) return [sample(inner.ofType)];
  if (isEnumType(inner)) return inner.getValues()[0].name;
  if (isScalarType(inner)) return SCALARS[inner.name] ?? 'x';
  if (isInputObjectType(inner)) {
    // Only the required fields: the smallest input the schema accepts.
    return Object.fromEntries(
      Object.values(inner.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type)])
    );
  }
  throw new Error(`no sample for ${String(type)}`);
}

function document(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter(
    (arg: GraphQLArgument) => isNonNullType(arg.type) && arg.defaultValue === undefined
  );
  const declarations = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const returned = getNamedType(field.type);
  const selection =
    isObjectType(returned) || isUnionType(returned) || isInterfaceType(returned) ? ' { __typename }' : '';
  return {
    query: `${operation} Probe${declarations ? `(${declarations})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((arg) => [arg.name, sample(arg.type)])),
  };
}

function rootFields(schema: GraphQLSchema) {
  return [
    ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({
      operation: 'query' as const,
      type: 'Query' as const,
      field,
    })),
    ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({
      operation: 'mutation' as const,
      type: 'Mutation' as const,
      field,
    })),
  ];
}

describe.each(DIALECTS)('authorization of every root field on %s', (dialect) => {
  let api: TestApi;
  let schema: GraphQLSchema;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi(dialect, {}, 'authz');
    schema = await createSchema();
    const create = async (name: string, role: string, expiresAt: string | null = null) =>
      (
        await api.data(
          `mutation($n: String!, $r: Role!, $e: DateTimeISO) { createApiKey(name: $n, role: $r, expiresAt: $e) { token key { id } } }`,
          { n: name, r: role, e: expiresAt }
        )
      ).createApiKey;
    tokens.admin = (await create('admin key', 'ADMIN')).token;
    tokens.ingest = (await create('ingest key', 'INGEST')).token;
    tokens.read = (await create('read key', 'READ')).token;
    const revoked = await create('revoked key', 'ADMIN');
    await api.data(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: revoked.key.id });
    tokens.revoked = revoked.token;
    const expiring = await create('short-lived key', 'ADMIN', new Date(Date.now() + 1500).toISOString());
    tokens.expired = expiring.token;
    await new Promise((resolve) => setTimeout(resolve, 1600));
  });
  afterAll(() => api.close());

  it('answers 401 without a valid key and 403 for the wrong role, and lets each role do its part', async () => {
    const fields = rootFields(schema);
    expect(fields.length).toBeGreaterThan(40);
    for (const { operation, type, field } of fields) {
      const { query, variables } = document(operation, field);
      const needed = requiredRole(type, field.name);
      const callers: [string, string | null][] = [
        ['none', null],
        ['garbage', 'not-a-token'],
        ['revoked', tokens.revoked],
        ['expired', tokens.expired],
        ['admin', tokens.admin],
        ['ingest', tokens.ingest],
        ['read', tokens.read],
        ['env admin', ADMIN_TOKEN],
      ];
      for (const [caller, token] of callers) {
        const response = await api.gql(query, variables, token);
        const codes = (response.errors ?? []).map((error) => error.extensions?.code);
        const context = `${operation} ${field.name} as ${caller}: ${JSON.stringify(response.errors?.[0])}`;
        if (['none', 'garbage', 'revoked', 'expired'].includes(caller)) {
          expect([context, response.status, codes]).toEqual([context, 401, ['UNAUTHENTICATED']]);
        } else if (caller === 'admin' || caller === 'env admin' || needed === null || caller === needed) {
          expect([
            context,
            codes.filter(
              (code) => code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' || code === 'INTERNAL_SERVER_ERROR'
            ),
          ]).toEqual([context, []]);
        } else {
          expect([context, response.status, codes]).toEqual([context, 403, ['FORBIDDEN']]);
        }
      }
    }
  });

  it('records when a key was last used', async () => {
    const keys = (await api.data(`{ apiKeys { name role lastUsedAt revokedAt } }`)).apiKeys;
    expect(keys.find((key: { name: string }) => key.name === 'read key').lastUsedAt).not.toBeNull();
    expect(keys.find((key: { name: string }) => key.name === 'revoked key').revokedAt).not.toBeNull();
  });
});
