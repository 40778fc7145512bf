/**
 * One pass over AnalyzeStack's resources: facts read once per resource, indexed by URN, by kind, by
 * handle and by governing component, so every stack policy stays linear in the size of the stack
 * (the gate runs it on estates of tens of thousands of resources).
 *
 * Links between resources (a grant to its identity, a rotation to its secret) are followed by the
 * contract's `LinkIndex` (property dependencies first, then handles), which the gate's inventory
 * shares so it lists exactly the attachments the policies judge.
 */
import { isUnknownValueError } from "./unknown";
import type { PolicyResource } from "@pulumi/policy";
import { isGovernedComponent, lookup } from "../../../contract/catalogue";
import { parseExpiry } from "../../../contract/annotations";
import type { Link, NhiKind, ResourceFacts } from "../../../contract/facts";
import { LinkIndex } from "../../../contract/links";
import { describeFailure } from "./redact";
import { factsOnce } from "./requestCache";
import { hasToolAnnotation } from "./scope";
import { unproxied } from "../../../contract/facts";

export interface StackEntry {
    resource: PolicyResource;
    urn: string;
    name: string;
    type: string;
    kind: NhiKind;
    /** Human name of the type: `IAM role`. */
    label: string;
    facts?: ResourceFacts;
    /** Why the facts cannot be read at preview (a value a reader needs is unknown). */
    unknown?: string;
    /** Why the reader failed; the resource could not be analysed. */
    failure?: string;
    /** The nearest `nhi-guard:*` component above the resource, when there is one. */
    component?: PolicyResource;
    /** A `tool` annotation or a governing component. */
    aiTool: boolean;
}

/** A resolved link: `from` (grant, credential, trust) attaches to `to` (an identity). */
export interface Attachment {
    from: StackEntry;
    to: StackEntry;
}

export class StackIndex {
    readonly entries: StackEntry[] = [];
    private readonly byUrn = new Map<string, StackEntry>();
    private readonly byKindList = new Map<NhiKind, StackEntry[]>();
    private readonly links = new LinkIndex<StackEntry>();
    private readonly nearestMemo = new Map<string, PolicyResource | null>();

    /**
     * The index of this AnalyzeStack request, built once for all its stack policies. @pulumi/policy
     * hands each policy its own resource objects, but with shared deserialization (requestCache.ts)
     * their properties are the same objects: when every resource's properties are identical to the
     * last index's, in order, it is the same request and the index is reused. Otherwise (another
     * request, or sharing unavailable) a new index is built.
     */
    static of(resources: readonly PolicyResource[]): StackIndex {
        const last = StackIndex.last;
        if (last && last.sources.length === resources.length && resources.every((r, i) => unproxied(r.props) === last.sources[i] && r.urn === last.index.urns[i])) {
            return last.index;
        }
        const index = new StackIndex(resources);
        StackIndex.last = { sources: resources.map((r) => unproxied(r.props)), index };
        return index;
    }

    private static last: { sources: unknown[]; index: StackIndex } | undefined;
    private readonly urns: string[];

    constructor(resources: readonly PolicyResource[]) {
        this.urns = resources.map((r) => r.urn);
        for (const resource of resources) {
            const catalogued = lookup(resource.type);
            if (!catalogued) continue;
            const entry: StackEntry = {
                resource,
                urn: resource.urn,
                name: resource.name,
                type: resource.type,
                kind: catalogued.kind,
                label: catalogued.label,
                aiTool: false,
            };
            try {
                entry.facts = factsOnce(catalogued, resource.props);
            } catch (e) {
                if (isUnknownValueError(e)) entry.unknown = e.message;
                else entry.failure = describeFailure(e);
            }
            entry.component = this.nearestComponent(resource);
            entry.aiTool = !!entry.component || hasToolAnnotation(entry.facts);
            this.entries.push(entry);
            this.byUrn.set(entry.urn, entry);
            push(this.byKindList, entry.kind, entry);
            this.links.add(entry);
        }
    }

    ofKind(kind: NhiKind): readonly StackEntry[] {
        return this.byKindList.get(kind) ?? [];
    }

    get(urn: string): StackEntry | undefined {
        return this.byUrn.get(urn);
    }

    /** The resources of the wanted kinds that `link` on `from` names; empty when none is in the stack. */
    resolve(from: StackEntry, link: Link, kinds: readonly NhiKind[]): StackEntry[] {
        return this.links.resolve(from, link, kinds);
    }

    /** Identities a grant, credential or trust attaches to. */
    targetsOf(from: StackEntry): readonly StackEntry[] {
        return this.links.targetsOf(from);
    }

    /** Grants, credentials and trusts attached to an identity. */
    attachedTo(identity: StackEntry): readonly StackEntry[] {
        return this.links.attachedTo(identity);
    }

    /** Every resolved attachment, once. */
    attachments(): Attachment[] {
        return this.links.attachments();
    }

    /**
     * Resources of one kind among everything the resource's properties depend on: what a resource
     * whose facts cannot be read (unknown at preview) may attach to, without knowing which property links.
     */
    dependenciesOfKind(from: StackEntry, kind: NhiKind): StackEntry[] {
        return this.links.dependenciesOfKind(from, kind);
    }

    /**
     * When the identity's permissions boundary stops allowing anything: the latest end of its Allow
     * entries, or undefined when any entry is standing, the document is unreadable or not in the stack.
     */
    boundaryEnd(identity: StackEntry): Date | undefined {
        const link = identity.facts?.identity?.boundary;
        if (!link) return undefined;
        let latest: Date | undefined;
        let documents = 0;
        for (const d of this.resolve(identity, link, ["grant"])) {
            const g = d.facts?.grant;
            if (!g || g.unreadable || g.entries.length === 0) return undefined;
            for (const e of g.entries) {
                if (!e.endsAt) return undefined;
                if (!latest || e.endsAt.getTime() > latest.getTime()) latest = e.endsAt;
            }
            documents++;
        }
        return documents ? latest : undefined;
    }

    /** The identity's own expiry, when it has a valid one. */
    static expiryOf(identity: StackEntry): Date | undefined {
        return parseExpiry(identity.facts?.annotations?.values.expiresAt);
    }

    /**
     * The nearest `nhi-guard:*` component at or above the resource's parent, memoised per ancestor so a
     * deep tree costs one walk in total. A parent cycle (malformed input) ends the walk.
     */
    private nearestComponent(resource: PolicyResource): PolicyResource | undefined {
        const visited = new Set<PolicyResource>();
        let found: PolicyResource | null = null;
        for (let p = resource.parent; p; p = p.parent) {
            const memo = this.nearestMemo.get(p.urn);
            if (memo !== undefined) {
                found = memo;
                break;
            }
            if (isGovernedComponent(p.type)) {
                found = p;
                break;
            }
            if (visited.has(p)) break;
            visited.add(p);
        }
        for (const v of visited) this.nearestMemo.set(v.urn, found);
        if (found && !this.nearestMemo.has(found.urn)) this.nearestMemo.set(found.urn, found);
        return found ?? undefined;
    }
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
}
