// force timezone to UTC so dates in tests do not depend on the machine's zone
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  ...base,
  // Unit tests under src/, and the check of the built plugin under tests/ (whose *.spec.ts
  // files are Playwright's, not jest's).
  testMatch: [...base.testMatch, '<rootDir>/tests/**/*.test.ts'],
  transform: {
    ...base.transform,
    // d3-color and friends ship .mjs only; the scaffold transforms .ts/.js but not .mjs.
    '^.+\\.mjs$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' } } }],
  },
};
