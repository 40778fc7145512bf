/**
 * `aws:iam/getPolicyDocument:getPolicyDocument` (`aws.iam.getPolicyDocument` and its Output form),
 * computed as pulumi-aws computes it: the data source is terraform-provider-aws's
 * `aws_iam_policy_document` (internal/service/iam/policy_document_data_source.go and
 * policy_model.go), which makes no cloud call. What shows in its JSON, and is reproduced here:
 *
 * - `actions`, `resources`, their `not` forms and principal `identifiers` are sets: duplicates
 *   collapse, one value becomes a plain string, several are sorted in *reverse* order;
 * - principals of one type merge into one key, types are sorted (a Go map), `type = "*"` with the
 *   single identifier `*` becomes `"Principal": "*"` while `AWS`/`*` stays `{"AWS": "*"}`;
 * - conditions group by test then variable (both sorted), values keep their order, one value
 *   becomes a string; principal and condition blocks are sets, so blocks that share a key are
 *   appended in Terraform's set order;
 * - `&{...}` becomes `${...}` in resources, identifiers and condition values (an error under 2008-10-17);
 * - source documents merge first (their Sids must be unique), then this document's statements,
 *   then each override document, a statement with a known Sid replacing the earlier one in place;
 *   the highest `Version` wins and the last non-empty `Id`;
 * - an empty Sid is omitted (provider 5.0, hashicorp/terraform-provider-aws#28539), as is an empty
 *   statement list; `json` is Go's MarshalIndent with two spaces, `minifiedJson` its compact form,
 *   `id` the CRC-32 of `json` in decimal.
 */
import { goJson, hashcode, serializeStringList, serializeStringSet, setList, sortedObject, stringSet } from "./terraform";

export const POLICY_DOCUMENT_TOKEN = "aws:iam/getPolicyDocument:getPolicyDocument";

interface Principal {
    type: string;
    identifiers: unknown;
}
interface Condition {
    test: string;
    variable: string;
    values: string | string[];
}
interface Statement {
    sid: string;
    effect: string;
    actions?: unknown;
    notActions?: unknown;
    resources?: unknown;
    notResources?: unknown;
    principals?: Principal[];
    notPrincipals?: Principal[];
    conditions?: Condition[];
}
interface PolicyDoc {
    version: string;
    id: string;
    statements?: Statement[];
}

/** A failure as the provider reports it: the invoke fails and the program sees this message. */
export class DataSourceInputError extends Error {}

const fail = (message: string): never => {
    throw new DataSourceInputError(message);
};

function strings(v: unknown, field: string): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) fail(`\`${field}\` must be a list of strings`);
    return (v as unknown[]).map((s, i) => (typeof s === "string" ? s : fail(`\`${field}[${i}]\` must be a string`)));
}

/** policyDecodeConfigStrings: one value as itself, several reverse-sorted. */
function decodeStrings(l: string[]): string | string[] {
    return l.length === 1 ? l[0] : [...l].sort().reverse();
}

function replaceVars(values: string[], version: string): string[] {
    return values.map((v) =>
        version === "2008-10-17" && v.includes("&{")
            ? fail(`found &{ sequence in (${v}), which is not supported in document version 2008-10-17`)
            : v.split("&{").join("${"),
    );
}

function replaceVarsIn(v: string | string[], version: string): string | string[] {
    return typeof v === "string" ? replaceVars([v], version)[0] : replaceVars(v, version);
}

function configPrincipals(v: unknown, field: string, version: string): Principal[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) fail(`\`${field}\` must be a list of { type, identifiers }`);
    const blocks = (v as any[]).map((p, i) => {
        if (!p || typeof p.type !== "string") fail(`\`${field}[${i}].type\` is required`);
        return { type: p.type as string, identifiers: strings(p.identifiers, `${field}[${i}].identifiers`) };
    });
    if (!blocks.length) return undefined;
    // The block set hashes `identifiers:{..};type:..;` (keys in schema order, the inner set in its own order).
    return setList(blocks, (p) => `identifiers:${serializeStringSet(p.identifiers)}type:${p.type};`).map((p) => ({
        type: p.type,
        identifiers: replaceVarsIn(decodeStrings(stringSet(p.identifiers)), version),
    }));
}

function configConditions(v: unknown, field: string, version: string): Condition[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) fail(`\`${field}\` must be a list of { test, variable, values }`);
    const blocks = (v as any[]).map((c, i) => {
        if (!c || typeof c.test !== "string") fail(`\`${field}[${i}].test\` is required`);
        if (typeof c.variable !== "string") fail(`\`${field}[${i}].variable\` is required`);
        return { test: c.test as string, variable: c.variable as string, values: strings(c.values, `${field}[${i}].values`) };
    });
    if (!blocks.length) return undefined;
    return setList(blocks, (c) => `test:${c.test};values:${serializeStringList(c.values)}variable:${c.variable};`).map((c) => {
        const values = replaceVars(c.values, version);
        return { test: c.test, variable: c.variable, values: values.length === 1 ? values[0] : values };
    });
}

function configStatements(v: unknown, version: string): Statement[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) fail("`statements` must be a list of statements");
    if (!(v as unknown[]).length) return undefined;
    const sids = new Set<string>();
    return (v as any[]).map((s, i) => {
        const f = `statements[${i}]`;
        if (!s || typeof s !== "object") fail(`\`${f}\` must be an object`);
        const effect = s.effect ?? "Allow";
        if (effect !== "Allow" && effect !== "Deny") fail(`\`${f}.effect\` must be one of [Allow Deny], got ${JSON.stringify(effect)}`);
        const sid = s.sid ?? "";
        if (typeof sid !== "string" || !/^[a-zA-Z0-9]*$/.test(sid)) fail(`\`${f}.sid\` must only include alphanumeric characters`);
        if (sids.has(sid)) fail(`writing IAM Policy Document: duplicate Sid (${sid}). Remove the Sid or ensure the Sid is unique.`);
        if (sid) sids.add(sid);
        const st: Statement = { sid, effect };
        const set = (name: string, key: "actions" | "notActions" | "resources" | "notResources", vars: boolean) => {
            const l = stringSet(strings(s[name], `${f}.${name}`));
            if (l.length) st[key] = vars ? replaceVarsIn(decodeStrings(l), version) : decodeStrings(l);
        };
        set("actions", "actions", false);
        set("notActions", "notActions", false);
        set("resources", "resources", true);
        set("notResources", "notResources", true);
        st.principals = configPrincipals(s.principals, `${f}.principals`, version);
        st.notPrincipals = configPrincipals(s.notPrincipals, `${f}.notPrincipals`, version);
        st.conditions = configConditions(s.conditions, `${f}.conditions`, version);
        return st;
    });
}

/** encoding/json matches struct fields case-insensitively; a later key overwrites an earlier one. */
function field(obj: Record<string, unknown>, name: string): unknown {
    let out: unknown;
    const lower = name.toLowerCase();
    for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) out = v;
    return out;
}

function jsonString(v: unknown, where: string): string {
    if (v === undefined || v === null) return "";
    return typeof v === "string" ? v : fail(`${where}: cannot unmarshal ${Array.isArray(v) ? "array" : typeof v} into a string`);
}

/** iamPolicyStatementPrincipalSet.UnmarshalJSON: `"*"`, or a map of type to string or strings (sorted). */
function parsePrincipals(v: unknown, where: string): Principal[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return [{ type: "*", identifiers: ["*"] }];
    if (typeof v !== "object" || Array.isArray(v)) return fail(`${where}: unsupported data type for a principal`);
    const out: Principal[] = [];
    for (const [type, ids] of Object.entries(v as Record<string, unknown>)) {
        if (typeof ids === "string") out.push({ type, identifiers: ids });
        else if (Array.isArray(ids)) {
            const l = ids.map((s, i) => (typeof s === "string" ? s : fail(`${where}: identifier ${i} of principal type "${type}" must be a string`)));
            out.push({ type, identifiers: [...l].sort() });
        } else fail(`${where}: unsupported data type for the identifiers of principal type "${type}"`);
    }
    return out.length ? out : undefined;
}

/** iamPolicyStatementConditionSet.UnmarshalJSON: strings and booleans kept, arrays of strings kept, others dropped. */
function parseConditions(v: unknown, where: string): Condition[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "object" || Array.isArray(v)) return fail(`${where}: a condition must map operators to keys`);
    const out: Condition[] = [];
    for (const [test, vars] of Object.entries(v as Record<string, unknown>)) {
        if (vars === null) continue;
        if (typeof vars !== "object" || Array.isArray(vars)) fail(`${where}: operator "${test}" must map condition keys to values`);
        for (const [variable, values] of Object.entries(vars as Record<string, unknown>)) {
            if (typeof values === "string") out.push({ test, variable, values: [values] });
            else if (typeof values === "boolean") out.push({ test, variable, values: String(values) });
            else if (Array.isArray(values)) {
                out.push({
                    test,
                    variable,
                    values: values.map((s) => (typeof s === "string" ? s : fail(`${where}: the values of "${variable}" must be strings`))),
                });
            }
            // Numbers, null and objects match no case of the provider's switch and are dropped.
        }
    }
    return out.length ? out : undefined;
}

function parseDocument(text: unknown, where: string): PolicyDoc {
    if (typeof text !== "string") return fail(`${where}: must be a JSON string`);
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (e: any) {
        return fail(`${where}: ${e.message}`);
    }
    if (raw === null) return { version: "", id: "" };
    if (typeof raw !== "object" || Array.isArray(raw)) return fail(`${where}: a policy document must be a JSON object`);
    const doc = raw as Record<string, unknown>;
    const stmts = field(doc, "Statement");
    if (stmts !== undefined && stmts !== null && !Array.isArray(stmts)) fail(`${where}: \`Statement\` must be a list of statements`);
    return {
        version: jsonString(field(doc, "Version"), where),
        id: jsonString(field(doc, "Id"), where),
        statements: (stmts as unknown[] | null | undefined)?.map((s, i) => {
            const w = `${where}, statement ${i}`;
            if (!s || typeof s !== "object" || Array.isArray(s)) fail(`${w}: must be an object`);
            const o = s as Record<string, unknown>;
            const keep = (name: string) => {
                const v = field(o, name);
                return v === null ? undefined : v;
            };
            return {
                sid: jsonString(field(o, "Sid"), w),
                effect: jsonString(field(o, "Effect"), w),
                actions: keep("Action"),
                notActions: keep("NotAction"),
                resources: keep("Resource"),
                notResources: keep("NotResource"),
                principals: parsePrincipals(field(o, "Principal"), w),
                notPrincipals: parsePrincipals(field(o, "NotPrincipal"), w),
                conditions: parseConditions(field(o, "Condition"), w),
            };
        }),
    };
}

/** iamPolicyDoc.Merge. */
function merge(into: PolicyDoc, doc: PolicyDoc): void {
    if (doc.id) into.id = doc.id;
    if (doc.version > into.version) into.version = doc.version;
    for (const st of doc.statements ?? []) {
        const statements = (into.statements ??= []);
        const at = st.sid ? statements.findIndex((e) => e.sid === st.sid) : -1;
        if (at >= 0) statements[at] = st;
        else statements.push(st);
    }
}

/** iamPolicyStatementPrincipalSet.MarshalJSON. */
function principalJson(ps: Principal[]): unknown {
    if (ps.length === 1 && ps[0].type === "*") {
        const ids = ps[0].identifiers;
        if (ids === "*" || (Array.isArray(ids) && ids.length === 1 && ids[0] === "*")) return "*";
    }
    const raw = new Map<string, string | string[]>();
    for (const p of ps) {
        const have = raw.get(p.type);
        if (Array.isArray(p.identifiers)) {
            const ids = [...(p.identifiers as string[])].sort().reverse();
            raw.set(p.type, [...(have === undefined ? [] : typeof have === "string" ? [have] : have), ...ids]);
        } else if (typeof p.identifiers === "string") {
            raw.set(p.type, have === undefined ? p.identifiers : typeof have === "string" ? [have, p.identifiers] : [...have, p.identifiers]);
        } else fail(`unsupported data type for the identifiers of principal type "${p.type}"`);
    }
    return sortedObject(raw);
}

/** iamPolicyStatementConditionSet.MarshalJSON. */
function conditionJson(cs: Condition[]): unknown {
    const raw = new Map<string, Map<string, string[]>>();
    for (const c of cs) {
        const byVar = raw.get(c.test) ?? new Map<string, string[]>();
        raw.set(c.test, byVar);
        byVar.set(c.variable, [...(byVar.get(c.variable) ?? []), ...(Array.isArray(c.values) ? c.values : [c.values])]);
    }
    return sortedObject(
        [...raw].map(([test, byVar]): [string, unknown] => [test, sortedObject([...byVar].map(([k, v]): [string, unknown] => [k, v.length === 1 ? v[0] : v]))]),
    );
}

/** The document in Go's field order, with `omitempty` applied as Go applies it. */
function documentJson(doc: PolicyDoc): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (doc.version) out.Version = doc.version;
    if (doc.id) out.Id = doc.id;
    if (doc.statements?.length) {
        out.Statement = doc.statements.map((s) => {
            const st: Record<string, unknown> = {};
            if (s.sid) st.Sid = s.sid;
            if (s.effect) st.Effect = s.effect;
            // `any` fields are omitted only when nil: an empty list from a source document stays.
            if (s.actions !== undefined) st.Action = s.actions;
            if (s.notActions !== undefined) st.NotAction = s.notActions;
            if (s.resources !== undefined) st.Resource = s.resources;
            if (s.notResources !== undefined) st.NotResource = s.notResources;
            if (s.principals?.length) st.Principal = principalJson(s.principals);
            if (s.notPrincipals?.length) st.NotPrincipal = principalJson(s.notPrincipals);
            if (s.conditions?.length) st.Condition = conditionJson(s.conditions);
            return st;
        });
    }
    return out;
}

function documentList(v: unknown, name: string): unknown[] {
    if (v === undefined || v === null) return [];
    return Array.isArray(v) ? v : fail(`\`${name}\` must be a list of JSON policy documents`);
}

/** The data source's result for the invoke's arguments (the SDK's camelCase names). */
export function getPolicyDocument(args: Record<string, any>): Record<string, unknown> {
    const version = args.version ?? "2012-10-17";
    if (version !== "2012-10-17" && version !== "2008-10-17") fail(`\`version\` must be one of [2008-10-17 2012-10-17], got ${JSON.stringify(version)}`);
    for (const legacy of ["sourceJson", "overrideJson"]) {
        if (args[legacy] !== undefined && args[legacy] !== "") fail(`\`${legacy}\` is no longer used: put the document in \`${legacy === "sourceJson" ? "sourcePolicyDocuments" : "overridePolicyDocuments"}\``);
    }
    const merged: PolicyDoc = { version: "", id: "" };

    const sids = new Set<string>();
    documentList(args.sourcePolicyDocuments, "sourcePolicyDocuments").forEach((text, i) => {
        if (text === null || text === undefined) return;
        const doc = parseDocument(text, `writing IAM Policy Document: merging source document ${i}`);
        (doc.statements ?? []).forEach((st, j) => {
            if (!st.sid) return;
            if (sids.has(st.sid)) {
                fail(`writing IAM Policy Document: merging source document ${i}: duplicate Sid (${st.sid}) in source_policy_documents (statement ${j}). Remove the Sid or ensure Sids are unique.`);
            }
            sids.add(st.sid);
        });
        merge(merged, doc);
    });

    const own: PolicyDoc = { version, id: typeof args.policyId === "string" ? args.policyId : "", statements: configStatements(args.statements, version) };
    merge(merged, own);

    documentList(args.overridePolicyDocuments, "overridePolicyDocuments").forEach((text, i) => {
        if (text === null || text === undefined) return;
        merge(merged, parseDocument(text, `writing IAM Policy Document: merging override document ${i}`));
    });

    const body = documentJson(merged);
    const json = goJson(body, "  ");
    return {
        ...args,
        version,
        statements: Array.isArray(args.statements) ? args.statements.map((s: any) => ({ ...s, effect: s?.effect ?? "Allow" })) : args.statements,
        json,
        minifiedJson: goJson(body),
        id: String(hashcode(json)),
    };
}
