/**
 * Every policy of the pack, listed explicitly: the names are public (users put them in config and
 * exemptions), so adding or renaming one is a visible change here and in the metadata test.
 */
import type { NhiPolicy } from "./policy";
import { approvedDrift } from "./policies/nhi-approved-drift";
import { declaredAccess } from "./policies/nhi-declared-access";
import { environmentIsolation } from "./policies/nhi-environment-isolation";
import { expiryRequired } from "./policies/nhi-expiry-required";
import { humanApproval } from "./policies/nhi-human-approval";
import { leastPrivilege } from "./policies/nhi-least-privilege";
import { noHumanUse } from "./policies/nhi-no-human-use";
import { noIdentityReuse } from "./policies/nhi-no-identity-reuse";
import { noLongLivedCredentials } from "./policies/nhi-no-long-lived-credentials";
import { noPlaintextSecrets } from "./policies/nhi-no-plaintext-secrets";
import { noShadowAccess } from "./policies/nhi-no-shadow-access";
import { noStandingAccess } from "./policies/nhi-no-standing-access";
import { ownerRequired } from "./policies/nhi-owner-required";
import { secretRotationRequired } from "./policies/nhi-secret-rotation-required";
import { shortSessions } from "./policies/nhi-short-sessions";
import { trustPinned } from "./policies/nhi-trust-pinned";

export const REGISTRY: readonly NhiPolicy[] = [
    ownerRequired,
    expiryRequired,
    noStandingAccess,
    noLongLivedCredentials,
    secretRotationRequired,
    shortSessions,
    trustPinned,
    leastPrivilege,
    declaredAccess,
    noShadowAccess,
    humanApproval,
    noPlaintextSecrets,
    approvedDrift,
    noIdentityReuse,
    environmentIsolation,
    noHumanUse,
];

export const POLICY_NAMES: ReadonlySet<string> = new Set(REGISTRY.map((p) => p.name));
