// The API's layers, lowest first. A module may import its own layer and the layers below it, never
// one above; no import cycles. `npm run lint:imports` (run by the API's test suite) checks both.
const LAYERS = [
  ['foundation', '^src/(config|common|db)/|^src/version\\.ts$'],
  ['recording', '^src/recording/'],
  ['domains', '^src/(users|sessions|agents|tools|workflows|approvals|planner|auth)/'],
  ['rollups', '^src/(rollups|retention)/'],
  ['ingest', '^src/ingest/'],
  ['otlp', '^src/otlp/'],
  ['stats', '^src/(stats|activity)/'],
  ['telemetry', '^src/telemetry/'],
  ['app', '^src/app/|^src/[^/]+\\.ts$'],
];

// Entities are the database's schema: every layer may read them (the dimension map in recording/
// names its tables by them). The request context is the app's contract with every resolver, so
// it may be imported from below as a type only.
const SHARED = '\\.entity\\.ts$';
const CONTEXT = '^src/app/context\\.ts$';

const upward = LAYERS.flatMap(([name, path], index) => {
  const above = LAYERS.slice(index + 1)
    .map(([, p]) => `(${p})`)
    .join('|');
  if (!above) return [];
  return [
    {
      name: `no-import-above-${name}`,
      severity: 'error',
      comment: `${name} imports only its own layer and those below it (see the README's architecture section)`,
      from: { path },
      to: { path: above, pathNot: [SHARED, CONTEXT] },
    },
    {
      name: `context-as-type-only-from-${name}`,
      severity: 'error',
      comment: 'the request context is imported from below app/ with `import type` only',
      from: { path, pathNot: '^src/app/' },
      to: { path: CONTEXT, dependencyTypesNot: ['type-only'] },
    },
  ];
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'import cycles make load order matter (a cycle through type imports only, like the unit of work and its dimensions, does not)',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
