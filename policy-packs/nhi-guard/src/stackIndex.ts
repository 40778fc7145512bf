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
import { LinkIndex, type DependencyRef } from "../../../contract/links";
import { describeFailure } from "./redact";
import { factsOnce } from "./requestCache";
import { hasToolAnnotation } from "./scope";
import { unproxied } from "../../../contract/facts";

/**
 * What an entry keeps of its resource: the properties (behind @pulumi/policy's proxy) and the
 * property dependencies, not @pulumi/policy's resource objects, which link every resource of the
 * policy that built the index (parents, dependencies, providers, options) and would keep that whole
 * graph alive for as long as the index lives.
 */
export interface StackResource {
    props: Record<string, any>;
    propertyDependencies: Record<string, readonly DependencyRef[]>;
}

/** A governing `nhi-guard:*` component: one object per URN in an index, so entries compare theirs by identity. */
export interface StackComponent {
    urn: string;
    type: string;
    name: string;
}

export interface StackEntry {
    resource: StackResource;
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
    component?: StackComponent;
    /** A `tool` annotation or a governing component. */
    aiTool: boolean;
}

/** Shared by every entry without property dependencies (most of a stack), so none allocates its own. */
const NO_DEPENDENCIES: Record<string, readonly DependencyRef[]> = Object.freeze({});

/** A resolved link: `from` (grant, credential, trust) attaches to `to` (an identity). */
export interface Attachment {
    from: StackEntry;
    to: StackEntry;
}

export class StackIndex {
    readonly entries: StackEntry[] = [];
    private readonly links = new LinkIndex<StackEntry>();
    /** The nearest component at or above each ancestor URN seen (null: none). */
    private readonly nearestMemo = new Map<string, StackComponent | null>();
    /** One reference per dependency URN, shared by every entry that depends on it. */
    private readonly dependencyRefs = new Map<string, DependencyRef>();
    private readonly derived = new Map<(index: StackIndex) => unknown, unknown>();
    private sharedUrns = false;

    /**
     * The index of this AnalyzeStack request, built once for all its stack policies. @pulumi/policy
     * hands each policy its own resource objects, but with shared deserialization (requestCache.ts)
     * their properties are the same objects: when every resource's properties are identical to
     * those of an index built before, in order, it is the same request and that index is reused.
     * Otherwise (another request, or sharing unavailable) a new index is built.
     *
     * Indexes are remembered by their first resource's properties, weakly: the shared copy lives
     * as long as the request does, so an index is dropped with its request, never kept alive
     * until the next one.
     */
    static of(resources: readonly PolicyResource[]): StackIndex {
        const key = resources.length ? unproxied(resources[0].props) : undefined;
        const weak = key !== null && typeof key === "object";
        const built = weak ? StackIndex.built.get(key) : undefined;
        if (built && built.sameResources(resources)) return built;
        const index = new StackIndex(resources);
        if (weak) StackIndex.built.set(key, index);
        return index;
    }

    private static readonly built = new WeakMap<object, StackIndex>();
    /** Each resource's properties (unproxied) and URN, in order, to recognise the request. */
    private readonly sources: unknown[];
    private readonly urns: string[];

    constructor(resources: readonly PolicyResource[]) {
        this.sources = new Array(resources.length);
        this.urns = new Array(resources.length);
        for (let i = 0; i < resources.length; i++) {
            const resource = resources[i];
            this.sources[i] = unproxied(resource.props);
            this.urns[i] = resource.urn;
            const catalogued = lookup(resource.type);
            if (!catalogued) continue;
            const entry: StackEntry = {
                resource: { props: resource.props, propertyDependencies: this.dependenciesOf(resource) },
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
            const component = this.nearestComponent(resource);
            if (component) entry.component = component;
            entry.aiTool = !!component || hasToolAnnotation(entry.facts);
            this.entries.push(entry);
            const known = this.links.size;
            this.links.add(entry);
            if (this.links.size === known) this.sharedUrns = true;
        }
    }

    /** Whether two entries share a URN (malformed input): what is keyed by URN is then ambiguous. */
    get duplicateUrns(): boolean {
        return this.sharedUrns;
    }

    private sameResources(resources: readonly PolicyResource[]): boolean {
        if (resources.length !== this.sources.length) return false;
        for (let i = 0; i < resources.length; i++) {
            if (resources[i].urn !== this.urns[i] || unproxied(resources[i].props) !== this.sources[i]) return false;
        }
        return true;
    }

    /**
     * What `derive` computes from the index alone (no config, no clock, no reporting), once per
     * index: the stack policies of a request share it. Keyed by the function, so `derive` is a
     * module-level function (a closure made per call would never hit); the result is shared, so
     * callers only read it.
     */
    memo<T>(derive: (index: StackIndex) => T): T {
        if (this.derived.has(derive)) return this.derived.get(derive) as T;
        const value = derive(this);
        this.derived.set(derive, value);
        return value;
    }

    ofKind(kind: NhiKind): readonly StackEntry[] {
        return this.links.ofKind(kind);
    }

    get(urn: string): StackEntry | undefined {
        return this.links.get(urn);
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

    /** The resource's property dependencies as URN and type only, so the index holds no resource objects. */
    private dependenciesOf(resource: PolicyResource): Record<string, readonly DependencyRef[]> {
        const deps = resource.propertyDependencies;
        const properties = deps ? Object.keys(deps) : [];
        if (properties.length === 0) return NO_DEPENDENCIES;
        const out: Record<string, readonly DependencyRef[]> = {};
        for (const property of properties) {
            out[property] = deps![property].map((d) => {
                let ref = this.dependencyRefs.get(d.urn);
                if (!ref || ref.type !== d.type) this.dependencyRefs.set(d.urn, (ref = { urn: d.urn, type: d.type }));
                return ref;
            });
        }
        return out;
    }

    /**
     * The nearest `nhi-guard:*` component at or above the resource's parent, memoised per ancestor so a
     * deep tree costs one walk in total. A parent cycle (malformed input) ends the walk.
     */
    private nearestComponent(resource: PolicyResource): StackComponent | undefined {
        // Allocated only on a memo miss: nearly every resource's parent has been seen before.
        let visited: Set<PolicyResource> | undefined;
        let found: StackComponent | null = null;
        for (let p = resource.parent; p; p = p.parent) {
            const memo = this.nearestMemo.get(p.urn);
            if (memo !== undefined) {
                found = memo;
                break;
            }
            if (isGovernedComponent(p.type)) {
                found = { urn: p.urn, type: p.type, name: p.name };
                break;
            }
            if (visited?.has(p)) break;
            (visited ??= new Set()).add(p);
        }
        if (visited) for (const v of visited) this.nearestMemo.set(v.urn, found);
        if (found && !this.nearestMemo.has(found.urn)) this.nearestMemo.set(found.urn, found);
        return found ?? undefined;
    }
}
