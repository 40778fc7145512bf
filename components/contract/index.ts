export * from "./annotations";
export * from "./dates";
export * from "./declaration";
export * from "./facts";
export * from "./catalogue";
