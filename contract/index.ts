export * from "./annotations";
export * from "./dates";
export * from "./declaration";
export * from "./limits";
export * from "./facts";
export * from "./catalogue";
