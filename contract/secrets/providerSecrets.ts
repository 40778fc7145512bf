/**
 * Inputs a provider declares secret: not findings even when a request reaches the pack without
 * their secret marker. Top-level ones come from the SDKs (providerSecrets.generated.ts); nested
 * ones the SDK constructors cannot wrap are listed here from the providers' schemas.
 */
import { PROVIDER_SECRET_INPUTS } from "./providerSecrets.generated";

/** Type token -> dotted paths below the top level (azure-native's schema: `SecretProperties.value` is secret). */
const NESTED: Readonly<Record<string, readonly string[]>> = {
    "azure-native:keyvault:Secret": ["properties.value"],
};

/** Whether the input at `path` (property names from the top, array indices left out) is declared secret. */
export function isProviderSecret(type: string, path: readonly string[]): boolean {
    if (path.length === 0) return false;
    if (PROVIDER_SECRET_INPUTS[type]?.includes(path[0])) return true;
    const nested = NESTED[type];
    return !!nested && nested.includes(path.join("."));
}

/** Whether any input of `type` is declared secret (lets the scan skip the path bookkeeping). */
export function hasProviderSecrets(type: string): boolean {
    return type in PROVIDER_SECRET_INPUTS || type in NESTED;
}
