/**
 * One pass over AnalyzeStack's resources: facts read once per resource, indexed by URN, by kind, by
 * handle and by governing component, so every stack policy stays linear in the size of the stack
 * (the gate runs it on estates of tens of thousands of resources).
 *
 * Links between resources (a grant to its identity, a rotation to its secret) are followed through
 * the engine's property dependencies first, which are exact and known even at preview, then by
 * matching the referenced name/ARN against the handles the readers collected.
 */
import { isUnknownValueError } from "./unknown";
import type { PolicyResource } from "@pulumi/policy";
import { isGovernedComponent, lookup } from "../../../components/contract/catalogue";
import { parseExpiry } from "../../../components/contract/annotations";
import { isUnknown, type Link, type NhiKind, type ResourceFacts } from "../../../components/contract/facts";
import { describeFailure } from "./redact";
import { hasToolAnnotation } from "./scope";

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

const key = (kind: NhiKind, handle: string) => `${kind}\u0000${handle}`;

export class StackIndex {
    readonly entries: StackEntry[] = [];
    private readonly byUrn = new Map<string, StackEntry>();
    private readonly byKindList = new Map<NhiKind, StackEntry[]>();
    private readonly byHandle = new Map<string, StackEntry[]>();
    private readonly membersByComponent = new Map<string, StackEntry[]>();
    private readonly nearestMemo = new Map<string, PolicyResource | null>();
    private attachmentsFrom?: Map<StackEntry, StackEntry[]>;
    private attachmentsTo?: Map<StackEntry, StackEntry[]>;

    constructor(resources: readonly PolicyResource[]) {
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
                entry.facts = catalogued.read(resource.props);
            } catch (e) {
                if (isUnknownValueError(e)) entry.unknown = e.message;
                else entry.failure = describeFailure(e);
            }
            entry.component = this.nearestComponent(resource);
            entry.aiTool = !!entry.component || hasToolAnnotation(entry.facts);
            this.entries.push(entry);
            this.byUrn.set(entry.urn, entry);
            push(this.byKindList, entry.kind, entry);
            if (entry.component) push(this.membersByComponent, entry.component.urn, entry);
            for (const h of handlesOf(entry.facts)) push(this.byHandle, key(entry.kind, h), entry);
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
        const found = new Set<StackEntry>();
        const property = link.property.split(/[.[]/)[0];
        for (const dep of from.resource.propertyDependencies?.[property] ?? []) {
            const e = this.byUrn.get(dep.urn);
            if (e && e !== from && kinds.includes(e.kind)) found.add(e);
            else if (!e && isGovernedComponent(dep.type)) {
                // An output of the component itself (e.g. its role's name) names what it governs.
                for (const m of this.membersByComponent.get(dep.urn) ?? []) if (kinds.includes(m.kind)) found.add(m);
            }
        }
        if (found.size === 0 && typeof link.value === "string" && link.value !== "" && !isUnknown(link.value)) {
            for (const kind of kinds) for (const e of this.byHandle.get(key(kind, link.value)) ?? []) if (e !== from) found.add(e);
        }
        return [...found];
    }

    /** Identities a grant, credential or trust attaches to. */
    targetsOf(from: StackEntry): readonly StackEntry[] {
        this.linkAll();
        return this.attachmentsFrom!.get(from) ?? [];
    }

    /** Grants, credentials and trusts attached to an identity. */
    attachedTo(identity: StackEntry): readonly StackEntry[] {
        this.linkAll();
        return this.attachmentsTo!.get(identity) ?? [];
    }

    /** Every resolved attachment, once. */
    attachments(): Attachment[] {
        this.linkAll();
        const out: Attachment[] = [];
        for (const [from, tos] of this.attachmentsFrom!) for (const to of tos) out.push({ from, to });
        return out;
    }

    /**
     * Resources of one kind among everything the resource's properties depend on: what a resource
     * whose facts cannot be read (unknown at preview) may attach to, without knowing which property links.
     */
    dependenciesOfKind(from: StackEntry, kind: NhiKind): StackEntry[] {
        const found = new Set<StackEntry>();
        for (const deps of Object.values(from.resource.propertyDependencies ?? {})) {
            for (const dep of deps) {
                const e = this.byUrn.get(dep.urn);
                if (e && e !== from && e.kind === kind) found.add(e);
            }
        }
        return [...found];
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

    private linkAll(): void {
        if (this.attachmentsFrom) return;
        this.attachmentsFrom = new Map();
        this.attachmentsTo = new Map();
        for (const kind of ["grant", "credential", "trust"] as const) {
            for (const from of this.ofKind(kind)) {
                const f = from.facts;
                const links = f?.grant?.targets ?? f?.credential?.targets ?? f?.trust?.targets ?? [];
                const tos = new Set<StackEntry>();
                for (const link of links) for (const to of this.resolve(from, link, ["identity"])) tos.add(to);
                if (tos.size === 0) continue;
                this.attachmentsFrom.set(from, [...tos]);
                for (const to of tos) push(this.attachmentsTo, to, from);
            }
        }
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

function handlesOf(facts: ResourceFacts | undefined): string[] {
    if (!facts) return [];
    const raw = [...(facts.identity?.handles ?? []), ...(facts.grant?.handles ?? []), ...(facts.secret?.handles ?? [])];
    return raw.filter((h) => typeof h === "string" && h !== "" && !isUnknown(h));
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
}
