/**
 * `gcp:organizations/getIAMPolicy:getIAMPolicy`, computed as terraform-provider-google's
 * `google_iam_policy` data source computes it (services/resourcemanager/data_source_google_iam_policy.go),
 * with no cloud call:
 *
 * - bindings with the same role and the same condition (expression, title, description) merge,
 *   their members appended; members are a set per block (duplicates collapse), then sorted;
 * - bindings sort by role, an unconditional one before conditional ones, then by expression,
 *   title, description; identical blocks collapse (the bindings are a set);
 * - `auditConfigs` and their `auditLogConfigs` keep Terraform's set order, exempted members too;
 * - `policyData` is Go's `json.Marshal` of cloudresourcemanager.Policy: fields in alphabetical order,
 *   empty ones omitted except a condition's `expression` and `title` (ForceSendFields);
 * - `id` is the CRC-32 of `policyData` in decimal.
 */
import { DataSourceInputError } from "./awsPolicyDocument";
import { goJson, hashStringSet, hashcode, serializeStringSet, setList, stringSet } from "./terraform";

export const IAM_POLICY_TOKEN = "gcp:organizations/getIAMPolicy:getIAMPolicy";

interface Cond {
    expression: string;
    title: string;
    description: string;
}
interface Binding {
    role: string;
    members: string[];
    condition?: Cond;
}

const fail = (message: string): never => {
    throw new DataSourceInputError(message);
};

function strList(v: unknown, f: string): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) fail(`\`${f}\` must be a list of strings`);
    return (v as unknown[]).map((s, i) => (typeof s === "string" ? s : fail(`\`${f}[${i}]\` must be a string`)));
}

/** The binding block's hash text: `condition:(<...>;);members:{..};role:..;` (keys in schema order). */
function bindingKey(b: Binding): string {
    const cond = b.condition ? `<description:${b.condition.description};expression:${b.condition.expression};title:${b.condition.title};>;` : "";
    const members = `{${hashStringSet(b.members).map((m) => `${m};`).join("")}};`;
    return `condition:(${cond});members:${members}role:${b.role};`;
}

function less(a: Binding, b: Binding): number {
    if (a.role !== b.role) return a.role < b.role ? -1 : 1;
    if (!a.condition && !b.condition) return 0;
    if (!a.condition) return -1;
    if (!b.condition) return 1;
    for (const k of ["expression", "title", "description"] as const) {
        if (a.condition[k] !== b.condition[k]) return a.condition[k] < b.condition[k] ? -1 : 1;
    }
    return 0;
}

export function getIAMPolicy(args: Record<string, any>): Record<string, unknown> {
    const raw = args.bindings ?? [];
    if (!Array.isArray(raw)) fail("`bindings` must be a list of { role, members, condition }");
    const blocks: Binding[] = raw.map((b: any, i: number) => {
        if (!b || typeof b.role !== "string") fail(`\`bindings[${i}].role\` is required`);
        const members = strList(b.members, `bindings[${i}].members`);
        const deleted = members.find((m) => m.startsWith("deleted:"));
        if (deleted) fail(`\`bindings[${i}].members\`: Terraform does not support IAM policies for deleted principals (${deleted})`);
        const c = b.condition;
        if (c !== undefined && c !== null && (typeof c.expression !== "string" || typeof c.title !== "string")) {
            fail(`\`bindings[${i}].condition\` needs \`expression\` and \`title\``);
        }
        return { role: b.role, members, condition: c ? { expression: c.expression, title: c.title, description: c.description ?? "" } : undefined };
    });

    const byKey = new Map<string, Binding>();
    for (const b of setList(blocks, bindingKey)) {
        const members = [...hashStringSet(b.members)].sort();
        const key = b.condition ? `${b.role}-[${b.condition.expression}]-[${b.condition.title}]-[${b.condition.description}]-[]` : b.role;
        const have = byKey.get(key);
        if (have) have.members.push(...members);
        else byKey.set(key, { role: b.role, members, condition: b.condition });
    }
    const bindings = [...byKey.values()].sort(less);
    for (const b of bindings) b.members.sort();

    const rawAudit = args.auditConfigs ?? [];
    if (!Array.isArray(rawAudit)) fail("`auditConfigs` must be a list of { service, auditLogConfigs }");
    const audits: Array<{ service: string; logs: Array<{ logType: string; exempted: string[] }> }> = rawAudit.map((a: any, i: number) => {
        if (!a || typeof a.service !== "string") fail(`\`auditConfigs[${i}].service\` is required`);
        const logs = (Array.isArray(a.auditLogConfigs) ? a.auditLogConfigs : fail(`\`auditConfigs[${i}].auditLogConfigs\` is required`)) as any[];
        return {
            service: a.service as string,
            logs: logs.map((l, j) => ({
                logType: typeof l?.logType === "string" ? (l.logType as string) : fail(`\`auditConfigs[${i}].auditLogConfigs[${j}].logType\` is required`),
                exempted: strList(l.exemptedMembers, `auditConfigs[${i}].auditLogConfigs[${j}].exemptedMembers`),
            })),
        };
    });
    const logKey = (l: { logType: string; exempted: string[] }) => `exempted_members:${serializeStringSet(l.exempted)}log_type:${l.logType};`;
    const auditConfigs = setList(audits, (a) => `audit_log_configs:{${setList(a.logs, logKey).map((l) => `<${logKey(l)}>;`).join("")}};service:${a.service};`).map(
        (a) => ({
            auditLogConfigs: setList(a.logs, logKey).map((l) => {
                const exempted = stringSet(l.exempted);
                return exempted.length ? { exemptedMembers: exempted, logType: l.logType } : { logType: l.logType };
            }),
            service: a.service,
        }),
    );

    const policy: Record<string, unknown> = {};
    if (auditConfigs.length) policy.auditConfigs = auditConfigs;
    if (bindings.length) {
        policy.bindings = bindings.map((b) => {
            const out: Record<string, unknown> = {};
            if (b.condition) {
                out.condition = b.condition.description
                    ? { description: b.condition.description, expression: b.condition.expression, title: b.condition.title }
                    : { expression: b.condition.expression, title: b.condition.title };
            }
            if (b.members.length) out.members = b.members;
            if (b.role) out.role = b.role;
            return out;
        });
    }
    const policyData = goJson(policy);
    return { ...args, policyData, id: String(hashcode(policyData)) };
}
