#!/usr/bin/env node
// Builds the API of this monorepo and writes its GraphQL schema to src/test/api-schema.graphql,
// the schema the unit tests validate every query of the data source against.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const plugin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const api = path.resolve(plugin, '../graphql-api');
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: api, stdio: 'inherit' });

const require = createRequire(path.join(api, 'package.json'));
require('reflect-metadata');
const { printSchema } = require('graphql');
const schema = await require(path.join(api, 'dist/app/schema')).createSchema();
const target = path.join(plugin, 'src/test/api-schema.graphql');
writeFileSync(target, `${printSchema(schema)}\n`);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
