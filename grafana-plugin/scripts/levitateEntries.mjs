// The modules the plugin ships, found as the build finds them: the module.ts(x) beside each
// plugin.json under src/ (the app's and its nested data source's). Levitate reads only the files
// its entry imports, and the app's module never imports the data source's, so each is checked.
import fs from 'node:fs';
import path from 'node:path';

export function levitateEntries(pluginRoot) {
  const entries = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        walk(path.join(dir, entry.name));
      } else if (entry.name === 'plugin.json') {
        const module = ['module.tsx', 'module.ts'].find((name) => fs.existsSync(path.join(dir, name)));
        if (module) {
          entries.push(path.relative(pluginRoot, path.join(dir, module)));
        }
      }
    }
  };
  walk(path.join(pluginRoot, 'src'));
  return entries.sort();
}
