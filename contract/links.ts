/**
 * How NHI resources name each other: a grant, credential or trust attaches to an identity, a
 * rotation rotates a secret, an attachment reaches a policy document. Shared by the pack's stack
 * index and the gate's inventory, so the inventory lists exactly the attachments the policies judge.
 *
 * A link is followed through the engine's property dependencies first (exact, and known even at
 * preview, when names and ARNs are not), then by matching the referenced value against the handles
 * (name, ARN, e-mail, ID) the readers collected.
 */
import { isGovernedComponent } from "./catalogue";
import { isUnknown, type Link, type NhiKind, type ResourceFacts } from "./facts";

/** A resource another one depends on, as the engine names it. */
export interface DependencyRef {
    urn: string;
    type: string;
}

/** What linking needs of a resource (the pack's `StackEntry` and the inventory's entries both fit). */
export interface LinkNode {
    urn: string;
    kind: NhiKind;
    facts?: ResourceFacts;
    /** The nearest `nhi-guard:*` component above the resource. */
    component?: { urn: string };
    resource: { propertyDependencies?: Record<string, readonly DependencyRef[]> };
}

/** The kinds whose facts name the identity they attach to. */
export const ATTACHING_KINDS = ["grant", "credential", "trust"] as const;

export class LinkIndex<N extends LinkNode> {
    private readonly byUrn = new Map<string, N>();
    /**
     * Per kind, the nodes each handle names, built on the first lookup of the kind: most links
     * resolve through property dependencies, and a stack of AI tool roles alone never needs it.
     */
    private readonly byHandle = new Map<NhiKind, Map<string, N[]>>();
    private readonly membersByComponent = new Map<string, N[]>();
    private readonly byKind = new Map<NhiKind, N[]>();
    private attachmentsFrom?: Map<N, N[]>;
    private attachmentsTo?: Map<N, N[]>;

    add(node: N): void {
        this.byUrn.set(node.urn, node);
        push(this.byKind, node.kind, node);
        if (node.component) push(this.membersByComponent, node.component.urn, node);
        this.byHandle.delete(node.kind);
        this.attachmentsFrom = this.attachmentsTo = undefined;
    }

    private handlesOfKind(kind: NhiKind): ReadonlyMap<string, N[]> {
        let handles = this.byHandle.get(kind);
        if (!handles) {
            handles = new Map();
            for (const node of this.byKind.get(kind) ?? []) for (const h of handlesOf(node.facts)) push(handles, h, node);
            this.byHandle.set(kind, handles);
        }
        return handles;
    }

    get(urn: string): N | undefined {
        return this.byUrn.get(urn);
    }

    /** How many distinct URNs were added. */
    get size(): number {
        return this.byUrn.size;
    }

    /** The nodes of one kind, in the order added. */
    ofKind(kind: NhiKind): readonly N[] {
        return this.byKind.get(kind) ?? [];
    }

    /** The resources of the wanted kinds that `link` on `from` names; empty when none is known. */
    resolve(from: N, link: Link, kinds: readonly NhiKind[]): N[] {
        const found = new Set<N>();
        const property = rootProperty(link.property);
        for (const dep of from.resource.propertyDependencies?.[property] ?? []) {
            const e = this.byUrn.get(dep.urn);
            if (e && e !== from && kinds.includes(e.kind)) found.add(e);
            else if (!e && isGovernedComponent(dep.type)) {
                // An output of the component itself (e.g. its role's name) names what it governs.
                for (const m of this.membersByComponent.get(dep.urn) ?? []) if (kinds.includes(m.kind)) found.add(m);
            }
        }
        if (found.size === 0 && typeof link.value === "string" && link.value !== "" && !isUnknown(link.value)) {
            for (const kind of kinds) for (const e of this.handlesOfKind(kind).get(link.value) ?? []) if (e !== from) found.add(e);
        }
        return [...found];
    }

    /** Resources of one kind among everything the resource's properties depend on. */
    dependenciesOfKind(from: N, kind: NhiKind): N[] {
        const found = new Set<N>();
        for (const deps of Object.values(from.resource.propertyDependencies ?? {})) {
            for (const dep of deps) {
                const e = this.byUrn.get(dep.urn);
                if (e && e !== from && e.kind === kind) found.add(e);
            }
        }
        return [...found];
    }

    /** Identities a grant, credential or trust attaches to. */
    targetsOf(from: N): readonly N[] {
        return this.linked().from.get(from) ?? [];
    }

    /** Grants, credentials and trusts attached to an identity. */
    attachedTo(identity: N): readonly N[] {
        return this.linked().to.get(identity) ?? [];
    }

    /** Every resolved attachment, once: grants first, then credentials, then trusts, each in the order added. */
    attachments(): { from: N; to: N }[] {
        const out: { from: N; to: N }[] = [];
        for (const [from, tos] of this.linked().from) for (const to of tos) out.push({ from, to });
        return out;
    }

    /** Resolved once, on first use: every attaching resource's targets. */
    private linked(): { from: Map<N, N[]>; to: Map<N, N[]> } {
        if (!this.attachmentsFrom || !this.attachmentsTo) {
            const from = new Map<N, N[]>();
            const to = new Map<N, N[]>();
            for (const node of ATTACHING_KINDS.flatMap((k) => this.byKind.get(k) ?? [])) {
                const f = node.facts;
                const links = f?.grant?.targets ?? f?.credential?.targets ?? f?.trust?.targets ?? [];
                const tos = new Set<N>();
                for (const link of links) for (const t of this.resolve(node, link, ["identity"])) tos.add(t);
                if (tos.size === 0) continue;
                from.set(node, [...tos]);
                for (const t of tos) push(to, t, node);
            }
            this.attachmentsFrom = from;
            this.attachmentsTo = to;
        }
        return { from: this.attachmentsFrom, to: this.attachmentsTo };
    }
}

/** The top-level property of a path (`inlinePolicies[0].policy` -> `inlinePolicies`), whose dependencies the engine records. */
function rootProperty(path: string): string {
    for (let i = 0; i < path.length; i++) {
        const c = path.charCodeAt(i);
        if (c === 46 /* . */ || c === 91 /* [ */) return path.slice(0, i);
    }
    return path;
}

/** The known handles a resource can be named by. */
export function handlesOf(facts: ResourceFacts | undefined): string[] {
    const out: string[] = [];
    if (!facts) return out;
    // Every entry of an index passes here: appended in place, no intermediate arrays.
    addKnown(out, facts.identity?.handles);
    addKnown(out, facts.grant?.handles);
    addKnown(out, facts.secret?.handles);
    return out;
}

function addKnown(out: string[], handles: readonly string[] | undefined): void {
    if (handles) for (const h of handles) if (typeof h === "string" && h !== "" && !isUnknown(h)) out.push(h);
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
}
