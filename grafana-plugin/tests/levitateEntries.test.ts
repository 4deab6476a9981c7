import path from 'path';
import ts from 'typescript';
// @ts-expect-error: a plain ES module of the scripts, without types
import { levitateEntries } from '../scripts/levitateEntries.mjs';

/**
 * Levitate compares only what its entry file imports (a TypeScript program rooted there), so the
 * compatibility check must start from every module the plugin ships for it to cover the plugin.
 */
const plugin = path.resolve(__dirname, '..');
const GRAFANA = /^@grafana\/(data|ui|runtime)$/;

const { config } = ts.readConfigFile(path.join(plugin, 'tsconfig.json'), ts.sys.readFile);
const { options, fileNames } = ts.parseJsonConfigFileContent(config, ts.sys, plugin);

/** Plugin sources (not tests) that import @grafana/data, ui or runtime. */
const usingGrafana = fileNames
  .filter((file) => file.includes('/src/') && !/\.test\.tsx?$|\/src\/test\//.test(file))
  .filter((file) =>
    ts
      .preProcessFile(ts.sys.readFile(file) ?? '', true, true)
      .importedFiles.some((imported) => GRAFANA.test(imported.fileName))
  );

describe('the levitate check', () => {
  it("starts from the app's module and the nested data source's", () => {
    expect(levitateEntries(plugin)).toEqual(['src/datasource/module.ts', 'src/module.tsx']);
  });

  it('reaches every source file that uses @grafana/data, ui or runtime from those entries', () => {
    const entries: string[] = levitateEntries(plugin).map((entry: string) => path.join(plugin, entry));
    const reached = new Set(
      ts
        .createProgram(entries, options)
        .getSourceFiles()
        .map((file) => path.resolve(file.fileName))
    );
    expect(usingGrafana.length).toBeGreaterThan(20);
    expect(usingGrafana.filter((file) => !reached.has(path.resolve(file)))).toEqual([]);
  });
});
