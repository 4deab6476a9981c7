import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The repository root: docker-compose.yml, provisioning/, prometheus/ and grafana-plugin/ live there. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

export const read = (relative: string) => fs.readFileSync(path.join(ROOT, relative), 'utf8');

/** Parses YAML strictly: a syntax error or a duplicate key throws, naming the file. */
export function readYaml<T = any>(relative: string): T {
  try {
    return parse(read(relative), { strict: true, uniqueKeys: true, prettyErrors: true }) as T;
  } catch (error) {
    throw new Error(`${relative}: ${(error as Error).message}`);
  }
}

export const readJson = <T = any>(relative: string): T => JSON.parse(read(relative)) as T;

/** Files under a folder of the repository (relative paths), recursively. */
export function filesUnder(relative: string, extensions: string[]): string[] {
  return (fs.readdirSync(path.join(ROOT, relative), { recursive: true }) as string[])
    .filter((file) => extensions.some((extension) => file.endsWith(extension)))
    .map((file) => path.join(relative, file))
    .sort();
}

/** Names of the environment variables a Grafana provisioning or Compose text expands (${VAR}, ${VAR:-x}, $__env{VAR}). */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(/\$(?:\{|__env\{)([A-Z_][A-Z0-9_]*)/g)].map((match) => match[1]);
}
