/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    // faker ships only ES modules, which Node loads but jest (on Node 20) cannot: compile them.
    '/@faker-js/faker/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true }, isolatedModules: true }],
    // The OTLP exporters load node:http with import(), which jest's CommonJS runtime refuses: compiled to require.
    '/@opentelemetry/otlp-exporter-base/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true }, isolatedModules: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@faker-js/faker/|@opentelemetry/otlp-exporter-base/)'],
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};
