import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

export const ROOT = path.resolve(__dirname, '../..');
export const PLUGIN_DIR = path.join(ROOT, 'grafana-plugin');
export const PLUGIN_DIST = path.join(PLUGIN_DIR, 'dist');
export const HOST_DIST = path.join(ROOT, 'test/dist/host');

/** Newest modification time under `dir` (files only). */
function newest(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((latest, entry) => Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs), 0);
}

/** Builds grafana-plugin/dist when it is missing or older than the plugin's sources. */
export function ensurePluginBuilt(): void {
  const built = path.join(PLUGIN_DIST, 'module.js');
  const sources = Math.max(
    newest(path.join(PLUGIN_DIR, 'src')),
    fs.statSync(path.join(PLUGIN_DIR, 'package.json')).mtimeMs
  );
  if (
    fs.existsSync(built) &&
    fs.statSync(built).mtimeMs >= sources &&
    fs.existsSync(path.join(PLUGIN_DIST, 'datasource/module.js'))
  ) {
    return;
  }
  execFileSync('npm', ['run', 'build', '-w', 'grafana-plugin'], { cwd: ROOT, stdio: 'inherit' });
  // webpack leaves an unchanged module.js as it was: mark it built now so the next run skips the build.
  const now = new Date();
  fs.utimesSync(built, now, now);
}

/** The host must share the very packages the plugin was built against, or the test proves nothing. */
function checkSharedVersions(): void {
  const shared = [
    '@emotion/css',
    '@emotion/react',
    '@grafana/data',
    '@grafana/runtime',
    '@grafana/scenes',
    '@grafana/ui',
    'i18next',
    'lodash',
    'react',
    'react-dom',
    'react-router',
    'rxjs',
  ];
  for (const name of shared) {
    const resolve = (from: string) => require.resolve(`${name}/package.json`, { paths: [from] });
    if (resolve(__dirname) !== resolve(PLUGIN_DIR)) {
      throw new Error(`${name}: the harness resolves ${resolve(__dirname)} but the plugin ${resolve(PLUGIN_DIR)}`);
    }
  }
}

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/**
 * Module resolution fixes for bundling @grafana/ui outside Grafana's webpack: ui's .mjs imports
 * react-custom-scrollbars-2 (CommonJS) by default export, which ES module rules would give as
 * the whole exports object; and runtime's PluginPage setter sits behind the package's exports map.
 */
const grafanaResolution: Plugin = {
  name: 'grafana-resolution',
  setup(host) {
    host.onResolve({ filter: /^react-custom-scrollbars-2$/ }, () => ({ path: 'scrollbars', namespace: 'shim' }));
    host.onLoad({ filter: /.*/, namespace: 'shim' }, () => ({
      contents: `export { Scrollbars as default, Scrollbars } from ${JSON.stringify(path.join(packageDir('react-custom-scrollbars-2'), 'lib/index.js'))};`,
      resolveDir: __dirname,
    }));
    host.onResolve({ filter: /^@grafana\/runtime\/dist\// }, (args) => ({
      path: path.join(packageDir('@grafana/runtime'), args.path.slice('@grafana/runtime/'.length)),
    }));
  },
};

/** Bundles the host page (the Grafana services and stand-in panels) into test/dist/host. */
export async function buildHost(): Promise<void> {
  checkSharedVersions();
  fs.rmSync(HOST_DIST, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(__dirname, 'host/main.tsx')],
    outdir: HOST_DIST,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: false,
    sourcemap: false,
    logLevel: 'error',
    // SystemJS's AMD `define` is global on the page: UMD packages (lodash) must not register with it.
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis', define: 'undefined' },
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file' },
    plugins: [grafanaResolution],
  });
  fs.copyFileSync(path.join(__dirname, 'host/index.html'), path.join(HOST_DIST, 'index.html'));
}
