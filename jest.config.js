/** Type checking is `tsc --noEmit` in `npm test`; jest only transpiles (tsconfig isolatedModules), which keeps each test file fast. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  reporters: ["default", "<rootDir>/test/plainSummaryReporter.js"],
  testTimeout: 120000,
};
