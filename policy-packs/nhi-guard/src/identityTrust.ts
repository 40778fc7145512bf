/**
 * Everything that says who may act as one identity: the trust stated on it (an AWS role's
 * assume-role policy) and every trust resource in the stack that targets it (GCP impersonation
 * bindings, Azure federated credentials). Reuse and human use are only visible over all of them
 * together, since each resource alone may name a single, pinned subject.
 */
import type { TrustFacts } from "../../../contract/facts";
import { unknownPaths } from "../../../contract/unknowns";
import type { StackEntry, StackIndex } from "./stackIndex";

export interface TrustSource {
    /** The resource that states the trust (the identity itself for inline trust). */
    holder: StackEntry;
    trust: TrustFacts;
}

export interface IdentityTrust {
    identity: StackEntry;
    sources: TrustSource[];
    /** Inputs unknown at preview that may name further subjects, as `<resource>: <path>`. */
    unknown: { entry: StackEntry; paths: string[] }[];
}

/**
 * The trust of every in-scope identity, inline and from trust resources that resolve to it. Which
 * trust reaches which identity depends on the stack alone, so it is worked out once per index for
 * every identity and shared by the policies that ask (each with its own scope); the results are
 * shared, so callers only read them.
 */
export function trustByIdentity(index: StackIndex, inScope: (e: StackEntry) => boolean): IdentityTrust[] {
    // With a URN given twice (malformed input) an identity's trust depends on which entries are in
    // scope: worked out per call, as the URN-keyed assembly always did.
    if (index.duplicateUrns) return assemble(index, inScope);
    const all = index.memo(everyIdentityTrust);
    const out: IdentityTrust[] = [];
    // Asked of every identity, in order, as before: a scope check may itself report (an unknown `tool`).
    for (const i of index.ofKind("identity")) {
        if (!inScope(i)) continue;
        const it = all.get(i);
        if (it) out.push(it);
    }
    return out;
}

function everyIdentityTrust(index: StackIndex): ReadonlyMap<StackEntry, IdentityTrust> {
    const byEntry = new Map<StackEntry, IdentityTrust>();
    for (const it of assemble(index, () => true)) byEntry.set(it.identity, it);
    return byEntry;
}

function assemble(index: StackIndex, inScope: (e: StackEntry) => boolean): IdentityTrust[] {
    const byUrn = new Map<string, IdentityTrust>();
    for (const i of index.ofKind("identity")) {
        if (!inScope(i) || i.facts?.identity?.cloudManaged) continue;
        const it: IdentityTrust = { identity: i, sources: [], unknown: [] };
        const inline = i.facts?.identity?.trust;
        if (inline) it.sources.push({ holder: i, trust: inline });
        const paths = unknownPaths(i.facts?.unknown, "trust", inline?.unknown);
        if (paths.length) it.unknown.push({ entry: i, paths });
        byUrn.set(i.urn, it);
    }
    // Trust resources, and grants that also say who may act (a GCP service account's
    // impersonation binding is a grant carrying trust facts).
    for (const t of index.entries) {
        const trust = t.facts?.trust;
        if (!trust || t.kind === "identity") continue;
        const paths = unknownPaths(t.facts?.unknown, "trust", trust.unknown);
        // A grant's own targets are whom it grants to (the binding's member): the identity trusted
        // for is the one the trust names (the binding's service account).
        const targets = trust.targets.length ? [...new Set(trust.targets.flatMap((l) => index.resolve(t, l, ["identity"])))] : index.targetsOf(t);
        for (const target of targets) {
            const it = byUrn.get(target.urn);
            if (!it) continue;
            it.sources.push({ holder: t, trust });
            if (paths.length) it.unknown.push({ entry: t, paths });
        }
    }
    return [...byUrn.values()];
}
