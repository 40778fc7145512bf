/**
 * Azure's client configuration, from ./accountContext.ts: the identity the preview runs as.
 * `getClientToken` has no offline value (a bearer token) and stays unknown.
 */
import { AccountContext } from "./accountContext";

export function azureNativeClientConfig(_args: Record<string, any>, ctx: AccountContext): Record<string, unknown> {
    const { clientId, objectId, subscriptionId, tenantId } = ctx.azure;
    return { clientId, objectId, subscriptionId, tenantId };
}

/** azuread's data source ids itself `<tenant>-<client>-<object>` (terraform-provider-azuread client_config). */
export function azureadClientConfig(_args: Record<string, any>, ctx: AccountContext): Record<string, unknown> {
    const { clientId, objectId, tenantId } = ctx.azure;
    return { clientId, id: `${tenantId}-${clientId}-${objectId}`, objectId, tenantId };
}
