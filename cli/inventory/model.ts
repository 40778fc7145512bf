/**
 * The NHI inventory: every identity in the stack with what it holds (grants and when they end,
 * credentials and when they expire, secrets and how they rotate, who may act as it) and the
 * findings of the policy packs against each. Facts come from the contract's readers, links from
 * the contract's `LinkIndex`: the same reading and linking the pack's policies use.
 *
 * The JSON form of `Inventory` is a public, versioned schema (docs/report-schema.md).
 */
import type { AnalyzerInput } from "../analyzer/protocol";
import { isGovernedComponent, lookup } from "../../contract/catalogue";
import { parseExpiry } from "../../contract/annotations";
import { daysUntil, formatDay, formatInstant } from "../../contract/dates";
import { isUnknown, type Cloud, type NhiKind, type ResourceFacts } from "../../contract/facts";
import { LinkIndex, type DependencyRef } from "../../contract/links";
import { grantResources } from "../../contract/grantReach";
import type { Report } from "../report/model";
import { SecretRegistry, UNKNOWN_AT_PREVIEW, plainProps, shown } from "./values";
import type { InventoryReview } from "./review";

export const INVENTORY_VERSION = 1;

export type FindingLevel = "mandatory" | "advisory" | "unverified" | "exempted" | "exemption-expired";

export interface InventoryFinding {
    policy: string;
    policyPack: string;
    level: FindingLevel;
    message: string;
}

/** A date the inventory shows, and the whole days left until it (negative once past). */
export interface Dated {
    /** `YYYY-MM-DD` at midnight UTC, else `YYYY-MM-DDTHH:MM:SSZ`; or the unknown marker. */
    at: string;
    daysLeft: number | null;
}

export interface InventoryItem {
    kind: Exclude<NhiKind, "identity" | "rotation" | "gate">;
    urn: string;
    name: string;
    type: string;
    label: string;
    /** The item's own owner/expiry annotations, where its type can carry them. */
    owner: string | null;
    expires: Dated | null;
    grant?: {
        /** When the last entry stops granting; null when any entry is standing. */
        ends: Dated | null;
        standing: boolean;
        /** What each entry allows: AWS actions as written (`notAction`: all but these), roles or role definitions. */
        entries: { label: string; actions: string[]; roles: string[]; notAction: boolean; ends: Dated | null; problem?: string }[];
        /** What the grant is on: AWS statements' resources, a GCP binding's resource, an Azure scope (empty when the document does not say). */
        resources: string[];
        unreadable?: string;
    };
    credential?: { kind: string; longLived: boolean; lifetimeDays: number | null; problem?: string };
    secret?: { rotationDays: number | null; rotatedBy: string[]; problem?: string };
    trust?: { subjects: string[]; problems: string[] };
    findings: InventoryFinding[];
    /** `project/stack`, for an unattached NHI in an inventory of several stacks. */
    stack?: string;
}

export interface InventoryIdentity {
    urn: string;
    name: string;
    type: string;
    cloud: Cloud;
    label: string;
    tool: string | null;
    owner: string | null;
    purpose: string | null;
    access: string | null;
    expires: Dated | null;
    /** Annotations present but unreadable (a date that does not parse, a duplicated key). */
    annotationProblems: string[];
    /** The `nhi-guard:*` component that declares it, when there is one. */
    component: string | null;
    sessionSeconds: number | null;
    /** Subjects its own trust policy names (AWS roles); trust resources are under `attached`. */
    trust: { subjects: string[]; problems: string[] } | null;
    /** Grants, credentials, trusts and secrets linked to it, in stack order. */
    attached: InventoryItem[];
    findings: InventoryFinding[];
    /** `project/stack`, in an inventory of several stacks. */
    stack?: string;
}

export interface Inventory {
    version: typeof INVENTORY_VERSION;
    command: "inventory";
    source: "preview" | "audit";
    stack: string;
    project: string;
    /** The instant days are counted from (`--now`, or the time of the run). */
    now: string;
    policyPacks: { name: string; version: string }[];
    identities: InventoryIdentity[];
    /** NHIs linked to no identity in the stack (a policy attached elsewhere, a lone secret). */
    unattached: InventoryItem[];
    /** Findings on resources that are not NHIs (plaintext credentials in a function's environment, a gate). */
    otherFindings: (InventoryFinding & { urn: string })[];
    notes: string[];
    counts: InventoryCounts;
    /** Several exports at once (an organisation-wide inventory): each stack read, in order. */
    stacks?: { project: string; stack: string; source: Inventory["source"] }[];
    /** With `--expiring-within`: what ends within the window or has ended. */
    review?: InventoryReview;
}

export interface InventoryCounts {
    identities: number;
    aiToolIdentities: number;
    expired: number;
    /** Expiring within 30 days. */
    expiringSoon: number;
    withoutOwner: number;
    withoutExpiry: number;
    standingGrants: number;
    longLivedCredentials: number;
    mandatory: number;
    advisory: number;
    unverified: number;
}

export const EXPIRING_SOON_DAYS = 30;

/** A resource of the stack as the inventory links it. */
interface Entry {
    input: AnalyzerInput;
    urn: string;
    kind: NhiKind;
    label: string;
    cloud: Cloud;
    facts?: ResourceFacts;
    failure?: string;
    component?: { urn: string };
    resource: { propertyDependencies: Record<string, DependencyRef[]> };
}

export interface InventoryOptions {
    source: Inventory["source"];
    now: Date;
    /** Called after each resource is read, for the progress line on large stacks. */
    onRead?: (done: number, total: number) => void;
}

/** The type a URN names (the last segment of its qualified type). */
const typeOfUrn = (urn: string) => (urn.split("::")[2] ?? "").split("$").pop() ?? "";

/**
 * Builds the inventory from the resources whose facts to read (outputs for an export, captured
 * inputs for a program) and the gate's report on the same stack.
 */
export function buildInventory(resources: readonly AnalyzerInput[], report: Report, opts: InventoryOptions): Inventory {
    const secrets = new SecretRegistry();
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const componentMemo = new Map<string, string | undefined>();
    const nearestComponent = (r: AnalyzerInput): string | undefined => {
        const seen: string[] = [];
        let found: string | undefined;
        for (let p = r.parent; p && !seen.includes(p); p = byUrn.get(p)?.parent) {
            if (componentMemo.has(p)) {
                found = componentMemo.get(p);
                break;
            }
            seen.push(p);
            const type = byUrn.get(p)?.type ?? typeOfUrn(p);
            if (isGovernedComponent(type)) {
                found = p;
                break;
            }
        }
        for (const s of seen) componentMemo.set(s, found);
        return found;
    };

    const links = new LinkIndex<Entry>();
    const entries: Entry[] = [];
    resources.forEach((input, i) => {
        const catalogued = lookup(input.type);
        if (catalogued) {
            const props = plainProps(input.props, secrets);
            const entry: Entry = {
                input,
                urn: input.urn,
                kind: catalogued.kind,
                label: catalogued.label,
                cloud: catalogued.cloud,
                resource: {
                    propertyDependencies: Object.fromEntries(
                        Object.entries(input.propertyDependencies ?? {}).map(([k, urns]) => [k, urns.map((u) => ({ urn: u, type: byUrn.get(u)?.type ?? typeOfUrn(u) }))]),
                    ),
                },
            };
            const component = nearestComponent(input);
            if (component) entry.component = { urn: component };
            try {
                entry.facts = catalogued.read(props);
            } catch (e: any) {
                // Readers must not throw; if one does, the resource is listed as unreadable, not dropped.
                entry.failure = String(e?.message ?? e).split("\n")[0];
            }
            entries.push(entry);
            links.add(entry);
        }
        opts.onRead?.(i + 1, resources.length);
    });

    const findings = findingsByUrn(report);
    const taken = new Set<string>();
    const now = opts.now;
    const dated = (d: Date | undefined): Dated | null => (d ? { at: formatDate(d), daysLeft: daysUntil(d, now) } : null);
    const show = (v: unknown) => shown(v, secrets);
    const take = (urn: string) => {
        taken.add(urn);
        return findings.get(urn) ?? [];
    };

    // Rotations are shown on the secret they rotate.
    const rotationsOf = new Map<Entry, Entry[]>();
    for (const r of entries.filter((e) => e.kind === "rotation")) {
        const link = r.facts?.rotation?.secret;
        for (const s of link ? links.resolve(r, link, ["secret"]) : []) rotationsOf.set(s, [...(rotationsOf.get(s) ?? []), r]);
    }

    const item = (e: Entry): InventoryItem => {
        const f = e.facts;
        const values = f?.annotations?.values ?? {};
        const out: InventoryItem = {
            kind: e.kind as InventoryItem["kind"],
            urn: e.urn,
            name: e.input.name,
            type: e.input.type,
            label: e.label,
            owner: show(values.owner),
            expires: expiryOf(values.expiresAt, dated),
            findings: take(e.urn),
        };
        if (e.failure) out.findings.push({ policy: "", policyPack: "", level: "unverified", message: `could not be read: ${e.failure}` });
        if (f?.grant) {
            const g = f.grant;
            // A document that grants nothing (a GCP workload identity binding read as trust) is not standing access.
            const standing = g.unreadable !== undefined || g.entries.some((x) => !x.endsAt);
            const last = standing || g.entries.length === 0 ? undefined : g.entries.map((x) => x.endsAt!).reduce((a, b) => (b.getTime() > a.getTime() ? b : a));
            out.grant = {
                ends: dated(last),
                standing,
                entries: g.entries.map((x) => ({
                    label: x.label,
                    actions: x.actions.map((a) => show(a) ?? ""),
                    roles: x.roles.map((r) => show(r) ?? ""),
                    notAction: x.notAction,
                    ends: dated(x.endsAt),
                    ...(x.endProblem ? { problem: x.endProblem } : {}),
                })),
                resources: grantResources(e.input.type, plainProps(e.input.props, secrets)).map((r) => show(r) ?? ""),
                ...(g.unreadable ? { unreadable: g.unreadable } : {}),
            };
        }
        if (f?.credential) {
            const c = f.credential;
            out.expires ??= dated(c.expiresAt);
            out.credential = { kind: c.kind, longLived: c.longLived, lifetimeDays: c.lifetimeDays ?? null, ...(c.problem ? { problem: c.problem } : {}) };
        }
        if (f?.secret) {
            const rotations = rotationsOf.get(e) ?? [];
            const periods = [f.secret.rotationDays, ...rotations.map((r) => (r.facts?.rotation?.enabled ? r.facts.rotation.rotationDays : undefined))].filter(
                (d): d is number => typeof d === "number",
            );
            out.expires ??= dated(f.secret.expiresAt);
            const problem = f.secret.problem ?? rotations.map((r) => r.facts?.rotation?.problem).find((p) => p);
            out.secret = { rotationDays: periods.length ? Math.min(...periods) : null, rotatedBy: rotations.map((r) => r.urn), ...(problem ? { problem } : {}) };
            for (const r of rotations) out.findings.push(...take(r.urn));
        }
        if (f?.trust) out.trust = { subjects: f.trust.subjects.map((s) => show(s) ?? ""), problems: f.trust.problems };
        return out;
    };

    const identities: InventoryIdentity[] = [];
    const placed = new Set<Entry>();
    const identityEntries = entries.filter((e) => e.kind === "identity");
    const secretsByComponent = new Map<string, Entry[]>();
    for (const s of entries.filter((e) => e.kind === "secret" && e.component)) secretsByComponent.set(s.component!.urn, [...(secretsByComponent.get(s.component!.urn) ?? []), s]);

    // An identity that cannot carry annotations (an AgentCore workload identity) is governed by the
    // declaration of its component: show the annotations of the component's annotated identity.
    const annotatedByComponent = new Map<string, Entry>();
    for (const e of identityEntries) if (e.component && e.facts?.annotations && !annotatedByComponent.has(e.component.urn)) annotatedByComponent.set(e.component.urn, e);

    for (const e of identityEntries) {
        const f = e.facts;
        const inheritedFrom = !f?.annotations && e.component ? annotatedByComponent.get(e.component.urn) : undefined;
        const reading = f?.annotations ?? inheritedFrom?.facts?.annotations;
        const values = reading?.values ?? {};
        const carrierUnknown = annotationsUnknown(e.input.props);
        // Readers mark an annotation unknown at preview (`facts.unknown`) rather than return the sentinel.
        const unknownPart = (part: string) => !!f?.unknown?.some((u) => u.part === part);
        const field = (v: string | undefined, part?: string) => (v === undefined && (carrierUnknown || (part !== undefined && unknownPart(part))) ? UNKNOWN_AT_PREVIEW : show(v));
        // Secrets declared in the identity's component are the identity's: nothing else names them.
        const attachedEntries = [...links.attachedTo(e), ...(e.component ? (secretsByComponent.get(e.component.urn) ?? []) : [])];
        attachedEntries.forEach((a) => placed.add(a));
        const own = f?.identity?.trust;
        identities.push({
            urn: e.urn,
            name: e.input.name,
            type: e.input.type,
            cloud: e.cloud,
            label: e.label,
            tool: field(values.tool, "tool"),
            owner: field(values.owner, "owner"),
            purpose: field(values.purpose),
            access: field(values.access, "access"),
            expires: values.expiresAt === undefined && (carrierUnknown || unknownPart("expiry")) ? { at: UNKNOWN_AT_PREVIEW, daysLeft: null } : expiryOf(values.expiresAt, dated),
            annotationProblems: (reading?.problems ?? []).map((p) => p.message),
            component: e.component?.urn ?? null,
            sessionSeconds: f?.identity?.sessionSeconds ?? null,
            trust: own ? { subjects: own.subjects.map((s) => show(s) ?? ""), problems: own.problems } : null,
            attached: attachedEntries.map(item),
            findings: [...take(e.urn), ...(e.failure ? [{ policy: "", policyPack: "", level: "unverified" as const, message: `could not be read: ${e.failure}` }] : [])],
        });
    }
    // An identity's inline grants (AWS `inlinePolicies`) are its own document: list them with it.
    for (const [i, e] of identityEntries.entries()) {
        const inline = e.facts?.identity?.inlineGrants;
        if (!inline) continue;
        const fake: Entry = { ...e, kind: "grant", facts: { ...e.facts!, grant: inline, trust: undefined, credential: undefined, secret: undefined } };
        const g = item(fake);
        g.label = `${e.label} inline policies`;
        g.findings = [];
        identities[i].attached.unshift(g);
    }

    // What a component declares around its one identity (a GCP pool provider and its workload
    // identity binding) belongs to that identity even where no property names it.
    const identityOfComponent = new Map<string, number | null>();
    identityEntries.forEach((e, i) => {
        if (e.component) identityOfComponent.set(e.component.urn, identityOfComponent.has(e.component.urn) ? null : i);
    });
    for (const e of entries) {
        if (placed.has(e) || !e.component || !["grant", "credential", "secret", "trust"].includes(e.kind)) continue;
        const owner = identityOfComponent.get(e.component.urn);
        if (owner === undefined || owner === null) continue;
        identities[owner].attached.push(item(e));
        placed.add(e);
    }
    const unattached = entries.filter((e) => !placed.has(e) && ["grant", "credential", "secret", "trust"].includes(e.kind)).map(item);
    const otherFindings = [...findings].filter(([urn]) => !taken.has(urn)).flatMap(([urn, fs]) => fs.map((f) => ({ ...f, urn })));

    const allItems = [...identities.flatMap((i) => i.attached), ...unattached];
    const allFindings = [...identities.flatMap((i) => i.findings), ...allItems.flatMap((i) => i.findings), ...otherFindings];
    const counts: InventoryCounts = {
        identities: identities.length,
        aiToolIdentities: identities.filter((i) => i.tool !== null || i.component !== null).length,
        expired: identities.filter((i) => i.expires?.daysLeft !== null && i.expires !== null && i.expires.daysLeft! < 0).length,
        expiringSoon: identities.filter((i) => i.expires?.daysLeft != null && i.expires.daysLeft >= 0 && i.expires.daysLeft <= EXPIRING_SOON_DAYS).length,
        withoutOwner: identities.filter((i) => i.owner === null).length,
        withoutExpiry: identities.filter((i) => i.expires === null).length,
        standingGrants: allItems.filter((i) => i.grant?.standing).length,
        longLivedCredentials: allItems.filter((i) => i.credential?.longLived).length,
        mandatory: allFindings.filter((f) => f.level === "mandatory").length,
        advisory: allFindings.filter((f) => f.level === "advisory").length,
        unverified: allFindings.filter((f) => f.level === "unverified").length,
    };
    return {
        version: INVENTORY_VERSION,
        command: "inventory",
        source: opts.source,
        stack: report.stack,
        project: report.project,
        now: formatInstant(now),
        policyPacks: report.policyPacks,
        identities,
        unattached,
        otherFindings,
        notes: report.notes,
        counts,
    };
}

/** Midnight UTC reads as a day; anything else keeps its time. */
function formatDate(d: Date): string {
    return d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds() === 0 ? formatDay(d) : formatInstant(d);
}

function expiryOf(value: string | undefined, dated: (d: Date | undefined) => Dated | null): Dated | null {
    if (value === undefined) return null;
    if (isUnknown(value)) return { at: UNKNOWN_AT_PREVIEW, daysLeft: null };
    return dated(parseExpiry(value));
}

/** Annotation carriers that are unknown as a whole at preview: the annotations cannot be read yet. */
const CARRIERS = ["tags", "tagsAll", "labels", "description", "notes", "displayName", "title"];
function annotationsUnknown(props: Record<string, unknown>): boolean {
    return CARRIERS.some((k) => isUnknown(props[k]));
}

function findingsByUrn(report: Report): Map<string, InventoryFinding[]> {
    const out = new Map<string, InventoryFinding[]>();
    const add = (urn: string, f: InventoryFinding) => out.set(urn, [...(out.get(urn) ?? []), f]);
    for (const v of report.violations) add(v.urn, { policy: v.policy, policyPack: v.policyPack, level: v.enforcementLevel, message: v.message });
    for (const u of report.unverified) add(u.urn, { policy: u.policy, policyPack: u.policyPack, level: "unverified", message: u.reason });
    for (const e of report.exemptions.applied) add(e.urn, { policy: e.policy, policyPack: e.policyPack, level: "exempted", message: e.message });
    for (const e of report.exemptions.expired) add(e.urn, { policy: e.policy, policyPack: e.policyPack, level: "exemption-expired", message: e.message });
    return out;
}

/** What a grant is on: the contract's reading, which capability drift compares too. */
export { grantResources };
