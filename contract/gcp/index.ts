export * from "./cel";
export * from "./iamTokens";
export * from "./roles";
export * from "./workloadIdentity";
