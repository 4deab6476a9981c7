import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSchema, printSchemaSdl } from './app/schema';

/** Writes the running schema to graphql-api/schema.graphql (test/schema.test.ts holds the two equal). */
async function printSchemaFile(): Promise<void> {
  const target = path.resolve(__dirname, '..', 'schema.graphql');
  writeFileSync(target, printSchemaSdl(await createSchema()));
  process.stdout.write(`Wrote ${target}\n`);
}

printSchemaFile().catch((error: Error) => {
  process.stderr.write(`Printing the schema failed: ${error.message}\n`);
  process.exit(1);
});
