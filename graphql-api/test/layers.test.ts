import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The layer rule and the cycle rule of .dependency-cruiser.cjs, checked on the API's source, and
// shown to catch an upward import and a cycle in a throwaway tree.
const CONFIG = path.resolve(__dirname, '../.dependency-cruiser.cjs');
// The package exports no CommonJS entry, so its command is found where npm installed it.
function findBin(dir: string): string {
  const bin = path.join(dir, 'node_modules/.bin/depcruise');
  if (fs.existsSync(bin)) return bin;
  if (path.dirname(dir) === dir) throw new Error('dependency-cruiser is not installed (npm install)');
  return findBin(path.dirname(dir));
}
const DEPCRUISE = findBin(__dirname);

function cruise(cwd: string) {
  const run = spawnSync(DEPCRUISE, ['src', '--config', CONFIG, '--output-type', 'err'], { cwd, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

test('no import runs back up a layer and there are no import cycles', () => {
  const { status, output } = cruise(path.resolve(__dirname, '..'));
  expect(output).toContain('no dependency violations found');
  expect(status).toBe(0);
});

test('the check fails on a foundation module importing a domain, and on a cycle', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-layers-'));
  try {
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }));
    write(
      'src/common/helper.ts',
      "import { recordTool } from '../tools/tool.service';\nexport const helper = recordTool;\n"
    );
    write('src/tools/tool.service.ts', "import { other } from './other';\nexport const recordTool = other;\n");
    write(
      'src/tools/other.ts',
      "import { recordTool } from './tool.service';\nexport const other = () => recordTool;\n"
    );
    const { status, output } = cruise(dir);
    expect(status).not.toBe(0);
    expect(output).toContain('no-import-above-foundation: src/common/helper.ts → src/tools/tool.service.ts');
    expect(output).toMatch(/no-circular: src\/tools\/(tool\.service|other)\.ts/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
