/**
 * AWS readers. Filled by the foundation issue: IAM roles/users, inline and attached policies,
 * access keys, service-specific credentials, login profiles, Secrets Manager, SSM, OIDC providers,
 * Roles Anywhere, Bedrock AgentCore.
 */
import type { CloudCatalogue } from "../catalogue";

export const awsCatalogue: CloudCatalogue = {};
