/**
 * Azure RBAC scopes: how wide an ARM scope is. A role at a subscription or above reaches every
 * resource group, including ones created later, so the least-privilege checks care which level a
 * scope names. A scope that does not parse is `unreadable`, and callers treat it as broad.
 */

export type ScopeLevel = "root" | "managementGroup" | "subscription" | "resourceGroup" | "resource" | "unreadable";

export interface ScopeReading {
    level: ScopeLevel;
    /** The subscription the scope is in, when it is in one. */
    subscriptionId?: string;
}

const SEGMENT = "[^/\\s]+";
const MANAGEMENT_GROUP = new RegExp(`^/providers/Microsoft\\.Management/managementGroups/${SEGMENT}$`, "i");
const SUBSCRIPTION = new RegExp(`^/subscriptions/(${SEGMENT})$`, "i");
const RESOURCE_GROUP = new RegExp(`^/subscriptions/(${SEGMENT})/resourceGroups/${SEGMENT}$`, "i");
const RESOURCE = new RegExp(`^/subscriptions/(${SEGMENT})/resourceGroups/${SEGMENT}/providers/${SEGMENT}/${SEGMENT}/${SEGMENT}(?:/${SEGMENT})*$`, "i");

/** Classifies an ARM scope; never throws. A trailing `/` is ignored, as ARM ignores it. */
export function readScope(scope: unknown): ScopeReading {
    if (typeof scope !== "string" || scope.length > 2048) return { level: "unreadable" };
    const s = scope.trim();
    if (s === "/") return { level: "root" };
    const value = s.endsWith("/") ? s.slice(0, -1) : s;
    if (MANAGEMENT_GROUP.test(value)) return { level: "managementGroup" };
    let m = SUBSCRIPTION.exec(value);
    if (m) return { level: "subscription", subscriptionId: m[1] };
    m = RESOURCE_GROUP.exec(value);
    if (m) return { level: "resourceGroup", subscriptionId: m[1] };
    m = RESOURCE.exec(value);
    if (m) return { level: "resource", subscriptionId: m[1] };
    return { level: "unreadable" };
}

/** Subscription, management group or tenant root: every resource group below, present and future. */
export function isBroadScope(level: ScopeLevel): boolean {
    return level === "root" || level === "managementGroup" || level === "subscription";
}
