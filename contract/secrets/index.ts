/** Credentials in resource inputs: recognised from gitleaks' rule set, never repeated. */
export { scanString, matchNamed, redactText, isPlaceholder, entropy, RULE_IDS, type SecretMatch } from "./scan";
export { isProviderSecret, hasProviderSecrets } from "./providerSecrets";
export { GITLEAKS_SOURCE } from "./rules.generated";
