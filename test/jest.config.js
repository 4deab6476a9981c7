/**
 * Browser tests: the built plugin in Chromium against the real API on MariaDB. globalSetup builds
 * the plugin (when stale) and the host page, and starts the seeded API once for all files.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    // faker (the simulator's) ships only ES modules, which jest on Node 20 cannot load: compile them.
    '/@faker-js/faker/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true }, isolatedModules: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@faker-js/faker/)'],
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/e2e/support/globalSetup.ts',
  globalTeardown: '<rootDir>/e2e/support/globalTeardown.ts',
  testTimeout: 120000,
};
