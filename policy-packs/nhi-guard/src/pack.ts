/**
 * The pack's arguments, separate from `index.ts` (which starts serving as a side effect) so the
 * in-process tests build exactly what the served pack runs.
 */
import type { PolicyPackArgs } from "@pulumi/policy";
import { POLICY_NAMES, REGISTRY } from "./registry";
import { shareDeserialization } from "./requestCache";
import { toPackPolicy } from "./run";

export const PACK_NAME = "nhi-guard";

export function packArgs(): PolicyPackArgs {
    shareDeserialization();
    return {
        displayName: "nhi-guard: AI tool identities",
        description: "Keeps every AI tool's cloud identity owned, expiring, short-lived, least-privileged and within its declared access (OWASP NHI Top 10).",
        provider: "multi-cloud",
        tags: ["nhi", "ai", "identity", "owasp-nhi"],
        // Policies set their own levels; `advisory` is only the fallback @pulumi/policy requires.
        enforcementLevel: "advisory",
        policies: REGISTRY.map((p) => toPackPolicy(p, POLICY_NAMES)),
    };
}
