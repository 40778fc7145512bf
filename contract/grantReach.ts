/**
 * What a grant is on: the `Resource` of an AWS document's granting statements (inline `policy` or a
 * role's `inlinePolicies`), an Azure assignment's `scope`, the identifying inputs of a GCP IAM
 * member or binding. One reading serves the inventory (which shows the resources of a grant) and
 * the pack's capability drift (which reports a grant that reaches new resources), so what a
 * reviewer sees in one is what the other compares.
 *
 * AWS documents are read with the contract's own document reader, statement by statement, so each
 * set of actions keeps the resources it is on (`s3:GetObject` on `docs/*` and `s3:PutObject` on
 * `logs/*` are not `s3:PutObject` on `docs/*`). Values unknown at preview read as `UNKNOWN_RESOURCE`.
 */
import { grantingStatements, parsePolicyDocument } from "./aws/policyDocument";
import { isUnknown, unproxied } from "./facts";

/** How a resource unknown at preview reads (an ARN computed by the provider, a scope from an output). */
export const UNKNOWN_RESOURCE = "(unknown at preview)";

/** One set of actions or roles and what it is on. */
export interface GrantReach {
    /** AWS: the statement's `Action`, or its `NotAction` when `notAction`. Undefined: every role the grant gives. */
    actions?: string[];
    notAction?: boolean;
    /** ARNs as written (`all but X` for a `NotResource`), a scope, or `<service> <input> <value>` for GCP. */
    resources: string[];
}

/** Keys of a GCP IAM member or binding that say what it is on (the rest say who and which role). */
const NOT_TARGET = new Set(["role", "member", "members", "condition", "etag", "id", "urn", "policyData"]);

const text = (v: unknown) => (isUnknown(v) ? UNKNOWN_RESOURCE : v);

function fromDocument(doc: unknown, out: GrantReach[]): void {
    if (isUnknown(doc)) return;
    let statements;
    try {
        statements = grantingStatements(parsePolicyDocument(unproxied(doc)));
    } catch {
        return; // an unknown the proxy guards: the reader marks the grant unknown
    }
    for (const st of statements) {
        const resources = [...st.resources.map(text), ...st.notResources.map((r) => `all but ${text(r)}`)].filter((r): r is string => typeof r === "string" && r !== "");
        const actions = (st.hasNotAction ? st.notActions : st.actions).filter((a) => !isUnknown(a));
        out.push({ actions, ...(st.hasNotAction ? { notAction: true } : {}), resources });
    }
}

/** Each set of actions or roles the grant gives, with what it is on. */
export function grantReach(type: string, props: Record<string, any>): GrantReach[] {
    const p = unproxied(props) ?? {};
    const out: GrantReach[] = [];
    if (type.startsWith("aws:")) {
        if (p.policy !== undefined) fromDocument(p.policy, out);
        if (Array.isArray(p.inlinePolicies)) for (const i of p.inlinePolicies) if (i && typeof i === "object" && !isUnknown(i)) fromDocument(i.policy, out);
    } else if (typeof p.scope === "string") out.push({ resources: [text(p.scope) as string] });
    else if (type.startsWith("gcp:") && /IAM(Member|Binding)$/i.test(type)) {
        const kind = (type.split(":")[1] ?? "").split("/")[0];
        const ids = Object.entries(p)
            .filter(([k, v]) => !NOT_TARGET.has(k) && typeof v === "string" && v)
            .map(([k, v]) => `${k} ${text(v)}`);
        if (ids.length) out.push({ resources: [`${kind} ${ids.join(", ")}`] });
    }
    return out;
}

/** Every resource the grant is on, once each, in document order (for display). */
export function grantResources(type: string, props: Record<string, any>): string[] {
    const out: string[] = [];
    for (const r of grantReach(type, props)) for (const x of r.resources) if (!out.includes(x)) out.push(x);
    return out;
}
