/** ts-jest without type checking (`npm run typecheck` does that once, for the whole tree). */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }] },
    globalSetup: "<rootDir>/tests/globalSetup.js",
    testTimeout: 60000,
};
