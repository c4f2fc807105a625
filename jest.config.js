/** Type checking is `tsc --noEmit` in `npm test`; jest only transpiles, which keeps each test file fast. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true }] },
  testTimeout: 120000,
};
