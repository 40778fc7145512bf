/** ts-jest without type checking (`npm run typecheck` does that once, for the whole tree). */
module.exports = {
    testEnvironment: "node",
    // Pulumi's SDK keeps module-level state on globals between suites; keep the current behaviour, without the warning.
    testEnvironmentOptions: { globalsCleanup: "off" },
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }] },
    globalSetup: "<rootDir>/tests/globalSetup.js",
    testTimeout: 60000,
};
