export * from "./config";
export * from "./dates";
export * from "./naming";
export * from "./validation";
export * from "./types";
