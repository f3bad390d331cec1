// Two projects: fast unit tests of pure logic, and e2e tests that boot the real
// app against a real Postgres (DATABASE_URL when set, else an embedded server
// started once by the global setup; every test file gets its own database).
const { availableParallelism } = require('node:os');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  // Node's environment, with the service's logs kept out of the runner's output
  // (in test/artifacts/logs, shown for a failing test).
  testEnvironment: '<rootDir>/test/support/quiet-test-environment.ts',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // NestJS 12 ships ES modules only; Jest's CommonJS runtime needs them compiled.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|uint8array-extras)/)'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/src', '<rootDir>/test'], testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'chaos',
      roots: ['<rootDir>/test/chaos'],
      testMatch: ['**/*.chaos-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 60000,
  // Jest's default is one worker per core but one, which is a single worker on a 2-core machine. The e2e files spend
  // most of their time waiting (exchange latency, timers, Postgres), so two run side by side even on two cores (the
  // whole suite was green with two workers at a load average of 15-19).
  maxWorkers: Math.max(2, availableParallelism() - 1),
};
