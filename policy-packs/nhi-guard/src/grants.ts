/**
 * Grants as stack policies see them: who holds each grant document (a grant resource, or an
 * identity carrying inline grants), which identities receive it, and which entries it really gives
 * once attachments are followed to the documents they attach.
 *
 * Resource policies judge what a single resource shows: a grant's own entries, when the grant is
 * an AI tool's by its place in a component. Stack policies add what only the whole stack shows
 * (attached documents, boundaries, grants from outside a component) and skip what resource policies
 * already reported, so a finding appears once.
 */
import type { GrantEntry, GrantFacts } from "../../../contract/facts";
import type { StackCheck } from "./policy";
import type { StackEntry, StackIndex } from "./stackIndex";

export interface GrantHolder {
    /** The resource findings are reported on. */
    holder: StackEntry;
    grant: GrantFacts;
    /** The identities in the stack that receive the grant. */
    identities: readonly StackEntry[];
}

/** Every grant document's holder, once per index for the stack policies that ask; shared, so read only. */
export function grantHolders(index: StackIndex): readonly GrantHolder[] {
    return index.memo(everyGrantHolder);
}

function everyGrantHolder(index: StackIndex): GrantHolder[] {
    const out: GrantHolder[] = [];
    for (const g of index.ofKind("grant")) if (g.facts?.grant) out.push({ holder: g, grant: g.facts.grant, identities: index.targetsOf(g) });
    for (const i of index.ofKind("identity")) {
        const inline = i.facts?.identity?.inlineGrants;
        if (inline) out.push({ holder: i, grant: inline, identities: [i] });
    }
    return out;
}

export interface SourcedEntry {
    entry: GrantEntry;
    /** The resource whose document holds the entry: the holder, or an attached document. */
    document: StackEntry;
    /** Whether the entry stands for an attached document (resolved or not), which no resource policy can judge. */
    attached: boolean;
}

/** Whether an own entry merely names an attached document (`managed policy arn:...`). */
export function namesAttachedDocument(entry: GrantEntry, grant: GrantFacts): boolean {
    const attached = grant.attaches;
    if (!attached?.length) return false;
    return entry.roles.some((r) => attached.some((l) => l.value === r));
}

/**
 * The entries a grant gives: its own, with each attached document that is in the stack replacing
 * the entry that merely named it. Attached documents outside the stack (AWS-managed policies) keep
 * their naming entry, which carries no end date: standing unless a boundary caps it.
 */
export function effectiveEntries(index: StackIndex, h: GrantHolder): readonly SourcedEntry[] {
    // Three stack policies ask for every holder's entries: resolved once per index and holder.
    const memo = index.memo(entriesByHolder);
    let entries = memo.get(h);
    if (!entries) memo.set(h, (entries = resolveEntries(index, h)));
    return entries;
}

// A module-level function: the memo is keyed by the function, so a fresh closure would never hit.
const entriesByHolder = (): Map<GrantHolder, readonly SourcedEntry[]> => new Map();

function resolveEntries(index: StackIndex, h: GrantHolder): SourcedEntry[] {
    const out: SourcedEntry[] = [];
    const replaced = new Set<string>();
    for (const link of h.grant.attaches ?? []) {
        const documents = index.resolve(h.holder, link, ["grant"]);
        if (documents.length === 0) continue;
        if (link.value) replaced.add(link.value);
        for (const d of documents) for (const entry of d.facts?.grant?.entries ?? []) out.push({ entry, document: d, attached: true });
    }
    for (const entry of h.grant.entries) {
        if (entry.roles.some((r) => replaced.has(r))) continue;
        const defined = definedBy(index, h, entry);
        if (defined) {
            out.push(defined);
            continue;
        }
        out.push({ entry, document: h.holder, attached: namesAttachedDocument(entry, h.grant) });
    }
    return out;
}

/**
 * The entry as the role definition it names says (a GCP custom role, an Azure role definition in
 * the stack): the definition's findings and writes, the entry's own label, end and scope. Resource
 * policies could not see the definition, so the entry counts as sourced from it (stack policies
 * report its findings) but not as attached (its end was judged with the entry).
 */
function definedBy(index: StackIndex, h: GrantHolder, entry: GrantEntry): SourcedEntry | undefined {
    const links = h.grant.definitions;
    if (!links?.length) return undefined;
    for (const link of links) {
        const named = link.value === undefined ? h.grant.entries.length === 1 : entry.roles.some((r) => r.toLowerCase() === link.value!.toLowerCase());
        if (!named) continue;
        const definitions = index.resolve(h.holder, link, ["grant"]).filter((d) => d.facts?.grant?.roleDefinition);
        const own = definitions.flatMap((d) => d.facts?.grant?.entries ?? []);
        if (definitions.length === 0 || own.length === 0) continue;
        const merged: GrantEntry = {
            ...entry,
            label: `${entry.label} (${own.map((e) => e.label).join(", ")})`,
            findings: own.flatMap((e) => e.findings),
            writes: own.flatMap((e) => e.writes),
        };
        return { entry: merged, document: definitions[0], attached: false };
    }
    return undefined;
}

/** Attached documents that could not be read: their privileges and ends are unknown (fail closed). */
export function unreadableDocuments(index: StackIndex, h: GrantHolder): StackEntry[] {
    const out: StackEntry[] = [];
    for (const link of h.grant.attaches ?? []) for (const d of index.resolve(h.holder, link, ["grant"])) if (d.facts?.grant?.unreadable) out.push(d);
    return out;
}

/**
 * Whether the resource policy already judged this holder's own (non-attached) entries: the holder
 * is an AI tool's by itself (identity, or a grant inside a component) or scope is `all`. A document
 * that grants nobody by itself is judged only where it is attached.
 */
export function judgedByResourcePolicy(check: StackCheck, h: GrantHolder): boolean {
    if (h.holder.kind === "identity") return check.inScope(h.holder);
    return h.grant.targets.length > 0 && (check.config.scope === "all" || !!h.holder.component);
}

/** `IAM role "x"`, for messages. */
export function describe(e: StackEntry): string {
    return `${e.label} "${e.name}"`;
}
