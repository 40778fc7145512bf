export * from "./credentials";
export * from "./federation";
export * from "./roles";
export * from "./scope";
