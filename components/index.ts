/**
 * nhi-guard's components, one namespace per cloud (`nhi.aws.AiToolIdentity`), and the contract they
 * share with the policy pack and the gate.
 */
export * as aws from "./aws";
export * as azure from "./azure";
export * as contract from "../contract";
export * as gcp from "./gcp";
export * as github from "./github";
export * as shared from "./shared";
export { daysFromNow } from "./shared/dates";
