import fs from 'node:fs';
import path from 'node:path';
import { buildASTSchema, GraphQLSchema, parse, visit } from 'graphql';
import { createSchema, printSchemaSdl } from '../src/app/schema';
import { AllowedChange, breakingChanges, lintSchema } from './support/schema-checks';

const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

let schema: GraphQLSchema;
let sdl: string;
beforeAll(async () => {
  schema = await createSchema();
  sdl = printSchemaSdl(schema);
});

describe('the schema', () => {
  it('is the committed schema.graphql (regenerate with `npm run schema -w @agentmon/graphql-api`)', () => {
    expect(sdl).toBe(read('schema.graphql'));
  });

  it('passes every graphql-schema-linter rule: a description everywhere, Relay connections', () => {
    expect(lintSchema(sdl)).toEqual([]);
  });
});

describe('breaking changes against the released schema', () => {
  const allowed = JSON.parse(read('schema.breaking-changes.json')) as AllowedChange[];

  it('are none, except those marked in schema.breaking-changes.json with a reason', async () => {
    for (const entry of allowed) expect(entry.reason.trim()).not.toBe('');
    expect(await breakingChanges(read('schema.released.graphql'), schema, allowed)).toEqual({
      unmarked: [],
      unused: [],
    });
  });

  it('catch a removed field, unless it is marked', async () => {
    const released = read('schema.released.graphql');
    const withoutTitle = buildASTSchema(
      visit(parse(sdl), {
        ObjectTypeDefinition: (type) =>
          type.name.value === 'ActivityItem'
            ? { ...type, fields: type.fields?.filter((field) => field.name.value !== 'title') }
            : undefined,
      })
    );
    const removed = "Field 'title' was removed from object type 'ActivityItem'";
    expect((await breakingChanges(released, withoutTitle, allowed)).unmarked).toEqual([removed]);
    const marked = [...allowed, { change: removed, reason: 'The feed shows kind and status instead.' }];
    expect(await breakingChanges(released, withoutTitle, marked)).toEqual({ unmarked: [], unused: [] });
  });
});
