/**
 * Capability drift: what each identity of a stack can do (grants' actions and roles and what each is
 * on, credentials, secrets, who may act as it, its declared access and expiry), and what a change
 * does to it compared with a baseline of the deployed stack.
 *
 * One derivation, from the stack index every stack policy uses (the contract's readers and the
 * `LinkIndex` the gate's inventory shares), serves the pack's `nhi-approved-drift` policy, the
 * baseline `nhi-guard baseline --capabilities` writes into policy config, and the `changes` of
 * `nhi-guard preview --baseline`: the record a baseline holds is the record the stack is compared
 * as, so a stack compared with its own baseline has no changes.
 */
import { ACCESS_LEVELS, parseExpiry } from "../../../contract/annotations";
import { isUnknown, unproxied, type GrantEntry } from "../../../contract/facts";
import type { FactPart } from "../../../contract/unknowns";
import { UNKNOWN_RESOURCE, grantReach, type GrantReach } from "../../../contract/grantReach";
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { StackEntry, StackIndex } from "./stackIndex";

type Schema = PolicyConfigSchema["properties"][string];

export const CAPABILITY_BASELINE_VERSION = 1;

export const CHANGE_KINDS = [
    "identity-added",
    "identity-removed",
    "grant-added",
    "grant-widened",
    "access-raised",
    "credential-added",
    "secret-added",
    "expiry-extended",
    "trust-widened",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** What one grant document gives the identity. */
export interface GrantCapability {
    actions: string[];
    roles: string[];
    /**
     * What each action (`NotAction:<action>` for a NotAction statement) or role is on, as the
     * contract reads it for the inventory too (`contract/grantReach.ts`): AWS statements' `Resource`
     * (`all but <arn>` for `NotResource`), an Azure scope, a GCP binding's resource. An item with no
     * key here (a managed policy outside the stack, a baseline written before resources were
     * recorded) has unknown resources: they are not compared, so never reported as widened.
     */
    resources?: Record<string, string[]>;
}

/** One identity as the baseline records it. Plain JSON: it travels in policy config. */
export interface Capability {
    /** The URN without its stack and project (`aws:iam/role:Role::reviewer`), so `dev` compares with `prod`. */
    identity: string;
    name: string;
    type: string;
    tool: string | null;
    access: string | null;
    /** The `expires-at` annotation as written, or null. */
    expiresAt: string | null;
    /** By grant resource (its key, or `inline`). */
    grants: Record<string, GrantCapability>;
    /** `<label> <key>` of each credential (access key, service account key). */
    credentials: string[];
    /** Keys of the secrets declared with the identity. */
    secrets: string[];
    /** Subjects trusted to act as the identity. */
    trust: string[];
    /** Parts unknown at preview (`grants`, `trust`, `access`, `expiresAt`): no change is derived from them. */
    unknown?: string[];
}

export interface CapabilityBaseline {
    version: typeof CAPABILITY_BASELINE_VERSION;
    /** The stack the baseline was taken from, for the reader. */
    stack?: string;
    identities: Capability[];
}

export interface Change {
    kind: ChangeKind;
    /** The identity's key (URN without stack and project). */
    identity: string;
    name: string;
    tool: string | null;
    /** What was deployed, and what the change makes it; null for an identity added or removed. */
    before: unknown;
    after: unknown;
    /** One sentence for a reviewer. */
    summary: string;
}

/** `urn:pulumi:prod::app::aws:iam/role:Role::reviewer` -> `aws:iam/role:Role::reviewer`. */
export function capabilityKey(urn: string): string {
    const parts = urn.split("::");
    return parts.length >= 3 ? parts.slice(2).join("::") : urn;
}

/** The parts of an identity's record each unknown part of its facts takes away. */
const PARTS: Partial<Record<FactPart, string>> = { tool: "tool", access: "access", expiry: "expiresAt", trust: "trust", grant: "grants" };

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

function addEntries(into: GrantCapability, entries: readonly GrantEntry[]): void {
    for (const e of entries) {
        // An Allow with NotAction grants everything but what it lists (readers keep no action list
        // for it): its appearance is a widening whatever it names.
        if (e.notAction) into.actions.push(`everything but the NotAction of ${e.label}`);
        into.actions.push(...e.actions.filter((a) => !isUnknown(a)).map((a) => (e.notAction ? `NotAction:${a}` : a)));
        into.roles.push(...e.roles.filter((r) => !isUnknown(r)));
    }
}

/** Records what each action or role of `reach` is on; reach without actions (GCP, Azure) is on the grant's roles. */
function addReach(into: GrantCapability, reach: readonly GrantReach[], entries: readonly GrantEntry[]): void {
    const on = (into.resources ??= {});
    const roles = entries.flatMap((e) => e.roles.filter((r) => !isUnknown(r)));
    for (const r of reach) {
        const items = r.actions ? r.actions.map((a) => (r.notAction ? `NotAction:${a}` : a)) : roles;
        for (const item of items) on[item] = [...(on[item] ?? []), ...r.resources];
    }
}

/** Every identity of the stack with what it can do. */
export function capabilitiesOf(index: StackIndex): Capability[] {
    const out: Capability[] = [];
    const secretsByComponent = new Map<unknown, StackEntry[]>();
    for (const s of index.ofKind("secret")) if (s.component) secretsByComponent.set(s.component, [...(secretsByComponent.get(s.component) ?? []), s]);
    for (const identity of index.ofKind("identity")) {
        const f = identity.facts;
        const unknown = new Set<string>();
        if (!f) unknown.add("grants").add("trust").add("access").add("expiresAt");
        for (const u of f?.unknown ?? []) if (PARTS[u.part]) unknown.add(PARTS[u.part]!);
        const values = f?.annotations?.values ?? {};
        const text = (v: string | undefined, part: string): string | null => {
            if (v === undefined) return null;
            if (isUnknown(v)) {
                unknown.add(part);
                return null;
            }
            return v;
        };
        const grants: Record<string, GrantCapability> = {};
        const trust: string[] = [];
        const credentials: string[] = [];
        const addTrust = (t: NonNullable<NonNullable<typeof f>["trust"]> | undefined) => {
            if (!t) return;
            if (t.unknown?.length) unknown.add("trust");
            trust.push(...t.subjects.filter((s) => !isUnknown(s)));
        };
        const inline = f?.identity?.inlineGrants;
        if (inline) {
            grants.inline = { actions: [], roles: [] };
            addEntries(grants.inline, inline.entries);
            addReach(grants.inline, grantReach(identity.type, { inlinePolicies: unproxied(identity.resource.props)?.inlinePolicies }), inline.entries);
            if (inline.unknown?.length || inline.unreadable) unknown.add("grants");
        }
        addTrust(f?.identity?.trust);
        for (const a of index.attachedTo(identity)) {
            if (a.kind === "grant") {
                const g = a.facts?.grant;
                if (a.facts?.unknown?.some((u) => u.part === "grant")) unknown.add("grants");
                if (!g) {
                    unknown.add("grants");
                    continue;
                }
                const cap = (grants[capabilityKey(a.urn)] ??= { actions: [], roles: [] });
                addEntries(cap, g.entries);
                addReach(cap, grantReach(a.type, a.resource.props), g.entries);
                // An attachment's document in the stack gives its entries; one outside it is named as a role.
                for (const link of g.attaches ?? []) {
                    const docs = index.resolve(a, link, ["grant"]);
                    for (const d of docs) {
                        addEntries(cap, d.facts?.grant?.entries ?? []);
                        addReach(cap, grantReach(d.type, d.resource.props), d.facts?.grant?.entries ?? []);
                    }
                    if (!docs.length && link.value !== undefined && !isUnknown(link.value)) cap.roles.push(link.value);
                    if (!docs.length && (link.value === undefined || isUnknown(link.value))) unknown.add("grants");
                }
                if (g.unknown?.length || g.unreadable) unknown.add("grants");
            } else if (a.kind === "credential") {
                credentials.push(`${a.facts?.credential?.kind ?? a.label} ${capabilityKey(a.urn)}`);
            } else if (a.kind === "trust") {
                if (!a.facts || a.facts.unknown?.some((u) => u.part === "trust")) unknown.add("trust");
                addTrust(a.facts?.trust);
            }
        }
        for (const g of Object.values(grants)) {
            g.actions = sorted(g.actions);
            g.roles = sorted(g.roles);
            if (g.resources) g.resources = Object.fromEntries(Object.entries(g.resources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, rs]) => [k, sorted(rs)]));
        }
        const secrets = identity.component ? (secretsByComponent.get(identity.component) ?? []).map((s) => capabilityKey(s.urn)) : [];
        const cap: Capability = {
            identity: capabilityKey(identity.urn),
            name: identity.name,
            type: identity.type,
            tool: text(values.tool, "tool"),
            access: text(values.access, "access"),
            expiresAt: text(values.expiresAt, "expiresAt"),
            grants,
            credentials: sorted(credentials),
            secrets: sorted(secrets),
            trust: sorted(trust),
        };
        if (unknown.size) cap.unknown = sorted(unknown);
        out.push(cap);
    }
    return out;
}

const rank = (access: string | null) => (access === null ? -1 : (ACCESS_LEVELS as readonly string[]).indexOf(access.toLowerCase()));
const added = (before: readonly string[], after: readonly string[]) => {
    const had = new Set(before.map((x) => x.toLowerCase()));
    return after.filter((x) => !had.has(x.toLowerCase()));
};
const list = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(", ");

/** AWS resource patterns: `*` and `?` match any characters (ARNs are case-sensitive). */
function globCovers(pattern: string, resource: string): boolean {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s");
    return re.test(resource);
}

/**
 * Whether what `pattern` was on already includes `resource`, so the grant reaching it is no
 * widening: `*` covers everything, an AWS pattern covers what it matches (`docs/*` covers
 * `docs/a/*`, not `*`), an Azure scope covers the scopes under it; a `NotResource` only itself.
 */
function covers(pattern: string, resource: string): boolean {
    if (pattern === "*" || pattern === resource) return true;
    if (pattern.startsWith("all but ") || resource.startsWith("all but ")) return false;
    if (pattern.startsWith("/") && resource.startsWith("/")) {
        const scope = pattern.toLowerCase().replace(/\/+$/, "");
        const r = resource.toLowerCase();
        return r === scope || r.startsWith(`${scope}/`);
    }
    return /[*?]/.test(pattern) && globCovers(pattern, resource);
}

/** Items (actions, roles) keyed case-insensitively, their resources joined; undefined for a grant recorded without resources. */
function resourcesByItem(g: GrantCapability): Map<string, string[]> | undefined {
    if (!g.resources) return undefined;
    const out = new Map<string, string[]>();
    for (const [item, rs] of Object.entries(g.resources)) out.set(item.toLowerCase(), [...(out.get(item.toLowerCase()) ?? []), ...rs]);
    return out;
}

/**
 * The resources each item of `after` reaches that it did not reach in `before`. Items new to the
 * grant are reported as new actions or roles; items whose resources are unknown on either side (no
 * record, or unknown at preview) are not compared.
 */
function widerResources(before: GrantCapability, after: GrantCapability): { items: string[]; resources: string[] }[] {
    const was = resourcesByItem(before);
    if (!was || !after.resources) return [];
    const byResources = new Map<string, { items: string[]; resources: string[] }>();
    for (const [item, rs] of Object.entries(after.resources)) {
        const old = was.get(item.toLowerCase());
        if (!old || [...old, ...rs].some((r) => r.includes(UNKNOWN_RESOURCE))) continue;
        const reached = rs.filter((r) => !old.some((o) => covers(o, r)));
        if (!reached.length) continue;
        const key = JSON.stringify(reached);
        const group = byResources.get(key) ?? { items: [], resources: reached };
        group.items.push(item);
        byResources.set(key, group);
    }
    return [...byResources.values()];
}

/** What the change does to each identity's access, in the order of `after` (removed identities last). */
export function compareCapabilities(before: readonly Capability[], after: readonly Capability[]): Change[] {
    const changes: Change[] = [];
    const was = new Map(before.map((c) => [c.identity, c]));
    const now = new Set(after.map((c) => c.identity));
    for (const a of after) {
        const b = was.get(a.identity);
        const push = (kind: ChangeKind, before: unknown, after: unknown, summary: string) =>
            changes.push({ kind, identity: a.identity, name: a.name, tool: a.tool ?? b?.tool ?? null, before, after, summary });
        const unknown = new Set(a.unknown ?? []);
        if (!b) {
            push("identity-added", null, { access: a.access, grants: a.grants, credentials: a.credentials, trust: a.trust }, `new identity ${a.type} "${a.name}"`);
            continue;
        }
        if (!unknown.has("grants")) {
            for (const [key, g] of Object.entries(a.grants)) {
                const old = b.grants[key];
                if (!old) {
                    if (g.actions.length || g.roles.length) push("grant-added", null, { grant: key, ...g }, `new grant ${key}: ${list([...g.actions, ...g.roles])}`);
                    continue;
                }
                const actions = added(old.actions, g.actions);
                const roles = added(old.roles, g.roles);
                const reach = widerResources(old, g);
                if (actions.length || roles.length || reach.length) {
                    const what = [
                        ...(actions.length || roles.length ? [`adds ${list([...actions, ...roles])}`] : []),
                        ...reach.map((r) => `${list(r.items)} now also on ${list(r.resources)}`),
                    ];
                    push("grant-widened", { grant: key, ...old }, { grant: key, ...g }, `grant ${key} widened: ${what.join("; ")}`);
                }
            }
        }
        if (!unknown.has("access") && rank(a.access) > rank(b.access) && rank(b.access) >= 0) {
            push("access-raised", b.access, a.access, `declared access raised from \`${b.access}\` to \`${a.access}\``);
        } else if (!unknown.has("access") && b.access !== null && a.access !== null && rank(a.access) < 0 && a.access !== b.access) {
            // An access level the pack does not know cannot be shown to be lower: a reviewer decides.
            push("access-raised", b.access, a.access, `declared access changed from \`${b.access}\` to \`${a.access}\`, which is not a known level`);
        }
        const newCredentials = added(b.credentials, a.credentials);
        if (newCredentials.length) push("credential-added", b.credentials, a.credentials, `new credential ${list(newCredentials)}`);
        const newSecrets = added(b.secrets, a.secrets);
        if (newSecrets.length) push("secret-added", b.secrets, a.secrets, `new secret ${list(newSecrets)}`);
        if (!unknown.has("expiresAt") && b.expiresAt !== a.expiresAt) {
            const was = parseExpiry(b.expiresAt ?? undefined);
            const is = parseExpiry(a.expiresAt ?? undefined);
            if (was && (!is || is.getTime() > was.getTime())) {
                push("expiry-extended", b.expiresAt, a.expiresAt, a.expiresAt ? `expiry pushed out from ${b.expiresAt} to ${a.expiresAt}` : `expiry ${b.expiresAt} removed`);
            }
        }
        if (!unknown.has("trust")) {
            const subjects = added(b.trust, a.trust);
            if (subjects.length) push("trust-widened", b.trust, a.trust, `now also trusts ${list(subjects)}`);
        }
    }
    for (const b of before) {
        if (!now.has(b.identity)) changes.push({ kind: "identity-removed", identity: b.identity, name: b.name, tool: b.tool, before: { access: b.access }, after: null, summary: `identity ${b.type} "${b.name}" removed` });
    }
    return changes;
}

/**
 * Why a baseline from config is unusable, or undefined: the policy must not compare against a
 * malformed record and call every identity new.
 */
export function baselineProblem(v: unknown): string | undefined {
    if (!v || typeof v !== "object" || Array.isArray(v)) return "must be the object `nhi-guard baseline --capabilities` writes";
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 0) return undefined; // no baseline: nothing to compare
    if (o.version !== CAPABILITY_BASELINE_VERSION) return `has version ${JSON.stringify(o.version)}: write it again with \`nhi-guard baseline --capabilities\``;
    if (!Array.isArray(o.identities)) return "has no `identities` list";
    for (const [i, c] of o.identities.entries()) {
        const bad = (field: string) => `\`identities[${i}].${field}\``;
        if (!c || typeof c !== "object") return `${bad("")} must be an object`;
        if (typeof c.identity !== "string" || typeof c.name !== "string") return `${bad("identity")} and ${bad("name")} must be strings`;
        if (!c.grants || typeof c.grants !== "object") return `${bad("grants")} must be an object`;
        for (const [k, g] of Object.entries(c.grants as Record<string, any>)) {
            if (!g || !Array.isArray(g.actions) || !Array.isArray(g.roles)) return `${bad(`grants.${k}`)} must have \`actions\` and \`roles\` lists`;
            // Optional: a baseline written before resources were recorded has none (nothing is compared).
            if (g.resources !== undefined && (!g.resources || typeof g.resources !== "object" || Array.isArray(g.resources) || Object.values(g.resources).some((rs) => !Array.isArray(rs) || rs.some((r) => typeof r !== "string")))) {
                return `${bad(`grants.${k}.resources`)} must map each action or role to a list of resources; write it again with \`nhi-guard baseline --capabilities\``;
            }
        }
        for (const f of ["credentials", "secrets", "trust"]) if (!Array.isArray(c[f])) return `${bad(f)} must be a list`;
        for (const f of ["tool", "access", "expiresAt"]) if (c[f] !== null && typeof c[f] !== "string") return `${bad(f)} must be a string or null`;
    }
    return undefined;
}

export const DEFAULT_APPROVAL_REQUIRED: ChangeKind[] = ["access-raised", "credential-added"];

export const CAPABILITY_BASELINE_SCHEMA: Schema = {
    type: "object",
    default: {},
    description:
        "The deployed stack's capabilities, as `nhi-guard baseline --capabilities <export>` writes them: `{ version: 1, identities: [...] }`. With it, `nhi-approved-drift` compares the stack with what is deployed. Default: none (nothing is compared).",
};

export const APPROVAL_REQUIRED_SCHEMA: Schema = {
    type: "array",
    default: DEFAULT_APPROVAL_REQUIRED,
    description: `The kinds of access change that need an approval in \`driftApprovals\` before they deploy: any of ${CHANGE_KINDS.map((k) => `\`${k}\``).join(", ")}. Default: \`access-raised\`, \`credential-added\`.`,
    items: { type: "string", enum: [...CHANGE_KINDS] },
};

export const DRIFT_APPROVALS_SCHEMA: Schema = {
    type: "array",
    default: [],
    description:
        "Approved access changes: `{ identity, kind, approvedBy, reason }`, `identity` as the change names it (the URN without stack and project, e.g. `aws:iam/role:Role::reviewer`). Default: none.",
    items: {
        type: "object",
        required: ["identity", "kind", "approvedBy", "reason"],
        properties: {
            identity: { type: "string", minLength: 1, description: "The identity the change is on, as the change names it." },
            kind: { type: "string", enum: [...CHANGE_KINDS], description: "The kind of change approved." },
            approvedBy: { type: "string", minLength: 1, description: "Who approved it (a person or team)." },
            reason: { type: "string", minLength: 10, description: "Why the change is acceptable, at least 10 characters." },
        },
    },
};

export function approvalRequiredProblem(v: unknown): string | undefined {
    if (!Array.isArray(v) || v.some((k) => !(CHANGE_KINDS as readonly unknown[]).includes(k))) return `must be a list of change kinds: ${CHANGE_KINDS.join(", ")}`;
    return undefined;
}

export interface DriftApproval {
    identity: string;
    kind: ChangeKind;
    approvedBy: string;
    reason: string;
}

export function driftApprovalsProblem(v: unknown): string | undefined {
    if (!Array.isArray(v)) return "must be a list of `{ identity, kind, approvedBy, reason }`";
    for (const [i, a] of v.entries()) {
        const at = `\`driftApprovals[${i}]\``;
        if (!a || typeof a !== "object") return `${at} must be an object with \`identity\`, \`kind\`, \`approvedBy\` and \`reason\``;
        if (typeof a.identity !== "string" || a.identity === "") return `${at}.identity must name the identity as the change does`;
        if (!(CHANGE_KINDS as readonly unknown[]).includes(a.kind)) return `${at}.kind must be one of ${CHANGE_KINDS.join(", ")}`;
        if (typeof a.approvedBy !== "string" || a.approvedBy.trim() === "") return `${at}.approvedBy is required: name who approved the change`;
        if (typeof a.reason !== "string" || a.reason.trim().length < 10) return `${at}.reason must say why in at least 10 characters`;
    }
    return undefined;
}
