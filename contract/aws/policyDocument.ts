/**
 * IAM policy documents as users really write them: a JSON string or an object, `Statement` as one
 * object or an array, every list field as a string or an array, `Principal` in each of its
 * spellings, condition operators with `IfExists` and set qualifiers. The parser never throws on a
 * plain value: whatever cannot be read becomes a `problem`, and consumers treat a document with
 * problems as unbounded and standing (fail closed).
 *
 * The one exception is @pulumi/policy's unknown-checking proxy: a value a check needs (an action,
 * a principal, a condition date) that is unknown at preview throws its `UnknownValueError`, which
 * the pack turns into an advisory result. That is the honest answer, so it is rethrown.
 */
import { isUnknown, unproxied } from "../facts";
import { parseIsoInstant } from "../dates";

/** Larger than any document AWS accepts (inline role policies stop at 10,240 characters). */
export const MAX_DOCUMENT_CHARS = 131_072;
/** More statements than fit in the largest document AWS accepts. */
export const MAX_STATEMENTS = 1_000;
/** Entries per list (actions, resources, condition values) read before the list counts as unreadable. */
export const MAX_LIST_ENTRIES = 1_000;
/**
 * Actions, resources and condition values in a whole document. A document given as an object (not
 * JSON text) escapes the character limit; without this, 1,000 statements of 1,000 wildcard actions
 * each took the pack over half a minute to classify.
 */
export const MAX_DOCUMENT_ENTRIES = 20_000;

export type Effect = "Allow" | "Deny";

export interface PrincipalSet {
    /** `"*"` or `{"AWS": "*"}`: anybody, in any account. */
    anyone: boolean;
    aws: string[];
    service: string[];
    federated: string[];
    canonicalUser: string[];
}

export interface ConditionClause {
    /** The operator as written (`ForAnyValue:StringLikeIfExists`). */
    operator: string;
    /** Lower case, without set qualifier and `IfExists` (`stringlike`). */
    test: string;
    ifExists: boolean;
    qualifier?: "ForAnyValue" | "ForAllValues";
    /** The condition key as written (`aws:CurrentTime`); AWS matches keys case-insensitively. */
    key: string;
    /** The values, ORed by AWS. Numbers and booleans as their JSON text. */
    values: string[];
}

export interface PolicyStatement {
    /** 0-based position in the document. */
    index: number;
    sid?: string;
    /** How a message names it: `statement "ReadDocs"` or `statement #2`. */
    label: string;
    /** Undefined when `Effect` is missing or misspelt (consumers treat it as granting). */
    effect?: Effect;
    actions: string[];
    notActions: string[];
    /** True when the statement uses `NotAction` (even an empty one). */
    hasNotAction: boolean;
    resources: string[];
    notResources: string[];
    principal?: PrincipalSet;
    notPrincipal?: PrincipalSet;
    conditions: ConditionClause[];
}

export interface PolicyDocument {
    statements: PolicyStatement[];
    /** Why (part of) the document could not be read; non-empty means: treat as unbounded and standing. */
    problems: string[];
}

export interface TimeBound {
    /** When the statement stops granting; undefined when it never does. */
    endsAt?: Date;
    /** Why a date condition that looks like a bound is none, for the message. */
    endProblem?: string;
}

/**
 * @pulumi/policy's `UnknownValueError`, recognised by shape because the contract cannot import
 * @pulumi/policy (and the class leaves `name` as "Error"; a bundler may rename the class).
 */
export function isUnknownValueError(e: unknown): boolean {
    return e instanceof Error && (e.name === "UnknownValueError" || e.constructor?.name === "UnknownValueError" || isUnknown((e as { unknownTypeSentinel?: unknown }).unknownTypeSentinel));
}

// ---- reading helpers ------------------------------------------------------------------------

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Own keys of an object (proxied or not) matched case-insensitively, as AWS matches element names.
 * An element given twice in different cases (`Action` and `ACTION`) is ambiguous: reading only one
 * would let the other grant unseen, so it is a problem (the document then counts as unbounded).
 */
function field(obj: Record<string, unknown>, name: string, problems?: string[], where?: string, own: readonly string[] = Object.keys(obj)): { key: string; value: unknown } | undefined {
    // Every statement asks for nine elements: compare lengths and exact spellings first, so the
    // usual document costs no lower-casing and no intermediate arrays.
    let lower: string | undefined;
    let first: string | undefined;
    let keys: string[] | undefined;
    for (const k of own) {
        if (k.length !== name.length || (k !== name && k.toLowerCase() !== (lower ??= name.toLowerCase()))) continue;
        if (first === undefined) first = k;
        else (keys ??= [first]).push(k);
    }
    if (first === undefined) return undefined;
    if (keys) problems?.push(`${where ? `${where} ` : ""}gives \`${name}\` ${keys.length} times (${keys.map((k) => `\`${clip(k)}\``).join(", ")}); keep one`);
    const key = keys?.includes(name) ? name : first;
    return { key, value: obj[key] };
}

/** A string or an array of strings; anything else is a problem. Numbers are refused: no IAM list holds them. */
function stringList(value: unknown, what: string, problems: string[]): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) {
        if (value.length > MAX_LIST_ENTRIES) {
            problems.push(`${what} has more than ${MAX_LIST_ENTRIES} entries`);
            return [];
        }
        const out: string[] = [];
        for (let i = 0; i < value.length; i++) {
            const v = value[i];
            if (typeof v === "string") out.push(v);
            else problems.push(`${what}[${i}] is not a string`);
        }
        return out;
    }
    problems.push(`${what} is neither a string nor a list of strings`);
    return [];
}

/**
 * Resource ARNs are read around the unknown-checking proxy (callers pass the unproxied statement): no check judges them, and a resource
 * ARN computed by the provider (`bucket.arn`) is unknown at every first preview, which would turn
 * every least-privilege check advisory for no reason.
 */
function resourceList(value: unknown, what: string, problems: string[]): string[] {
    if (isUnknown(value)) return ["(unknown at preview)"];
    if (Array.isArray(value)) return stringList(value.map((v) => (isUnknown(v) ? "(unknown at preview)" : v)), what, problems);
    return stringList(value, what, problems);
}

const PRINCIPAL_KINDS: Record<string, keyof Omit<PrincipalSet, "anyone">> = {
    aws: "aws",
    service: "service",
    federated: "federated",
    canonicaluser: "canonicalUser",
};

function readPrincipal(value: unknown, what: string, problems: string[]): PrincipalSet {
    const set: PrincipalSet = { anyone: false, aws: [], service: [], federated: [], canonicalUser: [] };
    if (typeof value === "string") {
        if (value.trim() === "*") set.anyone = true;
        else problems.push(`${what} is the string ${JSON.stringify(clip(value))}; write \`"*"\` or an object such as \`{"AWS": "arn:..."}\``);
        return set;
    }
    if (!isPlainObject(value)) {
        problems.push(`${what} is neither \`"*"\` nor an object`);
        return set;
    }
    for (const key of Object.keys(value)) {
        const kind = PRINCIPAL_KINDS[key.toLowerCase()];
        if (!kind) {
            problems.push(`${what} has an unknown principal type \`${clip(key)}\``);
            continue;
        }
        const names = stringList(value[key], `${what}.${key}`, problems);
        for (const name of names) {
            if (name.trim() === "*") set.anyone = true;
            set[kind].push(name);
        }
    }
    return set;
}

const CONDITION_OPERATOR = /^(?:(ForAnyValue|ForAllValues):)?([A-Za-z0-9]+?)(IfExists)?$/i;

function readConditions(value: unknown, what: string, problems: string[]): ConditionClause[] {
    if (!isPlainObject(value)) {
        problems.push(`${what} is not an object of operators`);
        return [];
    }
    const clauses: ConditionClause[] = [];
    for (const operator of Object.keys(value)) {
        const m = CONDITION_OPERATOR.exec(operator.trim());
        if (!m) {
            problems.push(`${what} has an unreadable operator \`${clip(operator)}\``);
            continue;
        }
        const block = value[operator];
        if (!isPlainObject(block)) {
            problems.push(`${what}.${clip(operator)} is not an object of condition keys`);
            continue;
        }
        const qualifier = m[1] ? (m[1].toLowerCase() === "foranyvalue" ? "ForAnyValue" : "ForAllValues") : undefined;
        for (const key of Object.keys(block)) {
            const raw = block[key];
            const list = Array.isArray(raw) ? raw : [raw];
            if (list.length > MAX_LIST_ENTRIES) {
                problems.push(`${what}.${clip(operator)}.${clip(key)} has more than ${MAX_LIST_ENTRIES} values`);
                continue;
            }
            const values: string[] = [];
            for (const v of list) {
                if (typeof v === "string") values.push(v);
                else if (typeof v === "number" || typeof v === "boolean") values.push(String(v));
                else problems.push(`${what}.${clip(operator)}.${clip(key)} holds a value that is not a string, number or boolean`);
            }
            clauses.push({ operator, test: m[2].toLowerCase(), ifExists: m[3] !== undefined, qualifier, key, values });
        }
    }
    return clauses;
}

function clip(s: string, max = 48): string {
    return s.length > max ? `${s.slice(0, max)}…` : s;
}

function readEffect(value: unknown, what: string, problems: string[]): Effect | undefined {
    if (typeof value === "string") {
        const v = value.trim().toLowerCase();
        if (v === "allow") return "Allow";
        if (v === "deny") return "Deny";
    }
    problems.push(`${what} has no \`Effect\` of \`Allow\` or \`Deny\``);
    return undefined;
}

function readStatement(raw: unknown, index: number, sidCounts: Map<string, number>, problems: string[]): PolicyStatement | undefined {
    const fallback = `statement #${index + 1}`;
    if (!isPlainObject(raw)) {
        problems.push(`${fallback} is not an object`);
        return undefined;
    }
    // The statement's keys, listed once for the nine elements it is asked for (a proxy lists its target's).
    const own = Object.keys(raw);
    const sidField = field(raw, "Sid", undefined, undefined, own);
    const sid = typeof sidField?.value === "string" && sidField.value !== "" ? sidField.value : undefined;
    // A duplicate Sid must not make two statements read as one in messages or exemptions.
    const label = sid === undefined ? fallback : (sidCounts.get(sid) ?? 0) > 1 ? `statement "${clip(sid)}" (#${index + 1})` : `statement "${clip(sid)}"`;
    const statement: PolicyStatement = {
        index,
        sid,
        label,
        actions: [],
        notActions: [],
        hasNotAction: false,
        resources: [],
        notResources: [],
        conditions: [],
    };
    statement.effect = readEffect(field(raw, "Effect", problems, label, own)?.value, label, problems);

    const action = field(raw, "Action", problems, label, own);
    const notAction = field(raw, "NotAction", problems, label, own);
    if (action) statement.actions = stringList(action.value, `${label} \`Action\``, problems);
    if (notAction) {
        statement.hasNotAction = true;
        statement.notActions = stringList(notAction.value, `${label} \`NotAction\``, problems);
    }
    const bare = unproxied(raw);
    const resource = field(bare, "Resource", problems, label, own);
    const notResource = field(bare, "NotResource", problems, label, own);
    if (resource) statement.resources = resourceList(resource.value, `${label} \`Resource\``, problems);
    if (notResource) statement.notResources = resourceList(notResource.value, `${label} \`NotResource\``, problems);
    const principal = field(raw, "Principal", problems, label, own);
    const notPrincipal = field(raw, "NotPrincipal", problems, label, own);
    if (principal) statement.principal = readPrincipal(principal.value, `${label} \`Principal\``, problems);
    if (notPrincipal) statement.notPrincipal = readPrincipal(notPrincipal.value, `${label} \`NotPrincipal\``, problems);
    const condition = field(raw, "Condition", problems, label, own);
    if (condition && condition.value !== undefined && condition.value !== null) {
        statement.conditions = readConditions(condition.value, `${label} \`Condition\``, problems);
    }
    if (!action && !notAction) problems.push(`${label} has neither \`Action\` nor \`NotAction\``);
    return statement;
}

/** Parses a policy document given as a JSON string or an object. Never throws on a plain value. */
export function parsePolicyDocument(input: unknown): PolicyDocument {
    const problems: string[] = [];
    try {
        return readDocument(input, problems);
    } catch (e) {
        if (isUnknownValueError(e)) throw e;
        // Anything else (a getter that throws, a stack overflow on a cyclic structure) fails closed.
        return { statements: [], problems: [...problems, "the document could not be read"] };
    }
}

function readDocument(input: unknown, problems: string[]): PolicyDocument {
    let doc: unknown = input;
    if (typeof input === "string") {
        if (input.length > MAX_DOCUMENT_CHARS) {
            problems.push(`the document is longer than ${MAX_DOCUMENT_CHARS} characters`);
            return { statements: [], problems };
        }
        if (input.trim() === "") {
            problems.push("the document is empty");
            return { statements: [], problems };
        }
        try {
            doc = JSON.parse(input);
        } catch {
            problems.push("the document is not valid JSON");
            return { statements: [], problems };
        }
    }
    if (!isPlainObject(doc)) {
        problems.push("the document is neither a JSON object nor an object");
        return { statements: [], problems };
    }
    const statementField = field(doc, "Statement", problems, "the document");
    if (!statementField) {
        problems.push("the document has no `Statement`");
        return { statements: [], problems };
    }
    const raw = statementField.value;
    const list: unknown[] = Array.isArray(raw) ? raw : [raw];
    if (list.length > MAX_STATEMENTS) {
        problems.push(`the document has more than ${MAX_STATEMENTS} statements`);
        return { statements: [], problems };
    }
    const sidCounts = new Map<string, number>();
    for (const s of list) {
        if (!isPlainObject(s)) continue;
        const sid = field(s, "Sid")?.value;
        if (typeof sid === "string" && sid !== "") sidCounts.set(sid, (sidCounts.get(sid) ?? 0) + 1);
    }
    const statements: PolicyStatement[] = [];
    let entries = 0;
    for (let i = 0; i < list.length; i++) {
        const statement = readStatement(list[i], i, sidCounts, problems);
        if (!statement) continue;
        statements.push(statement);
        entries += statement.actions.length + statement.notActions.length + statement.resources.length + statement.notResources.length;
        for (const c of statement.conditions) entries += c.values.length;
        if (entries > MAX_DOCUMENT_ENTRIES) {
            problems.push(`the document has more than ${MAX_DOCUMENT_ENTRIES} actions, resources and condition values`);
            return { statements: [], problems };
        }
    }
    return { statements, problems };
}

/** Statements that may grant: `Allow`, and (fail closed) any statement whose effect could not be read. */
export function grantingStatements(doc: PolicyDocument): PolicyStatement[] {
    return doc.statements.filter((s) => s.effect !== "Deny");
}

// ---- time bounds ------------------------------------------------------------------------------

const CURRENT_TIME = "aws:currenttime";
const BOUND_TESTS = new Set(["datelessthan", "datelessthanequals"]);

/**
 * When an Allow statement stops granting, read from `DateLessThan[Equals]` on `aws:CurrentTime`.
 *
 * - Values of one clause are ORed by AWS, so the clause ends at the LATEST of them; one value that
 *   does not parse leaves the clause without an end (it could be any time).
 * - Clauses are ANDed, so the statement ends at the EARLIEST clause end.
 * - `IfExists` and `ForAnyValue:` change nothing for a key every request carries; `ForAllValues:`
 *   passes when the key is absent, so it is not accepted as a bound.
 */
export function statementTimeBound(statement: Pick<PolicyStatement, "conditions" | "label">): TimeBound {
    let endsAt: Date | undefined;
    let endProblem: string | undefined;
    for (const clause of statement.conditions) {
        if (!BOUND_TESTS.has(clause.test) || clause.key.trim().toLowerCase() !== CURRENT_TIME) continue;
        if (clause.qualifier === "ForAllValues") {
            endProblem ??= `\`${clause.operator}\` on \`${clause.key}\` also passes when the key is absent; use \`DateLessThan\``;
            continue;
        }
        if (clause.values.length === 0) {
            endProblem ??= `\`${clause.operator}\` on \`${clause.key}\` has no date`;
            continue;
        }
        let latest: Date | undefined;
        let unreadable: string | undefined;
        for (const v of clause.values) {
            const d = parseIsoInstant(v);
            if (!d) {
                unreadable = v;
                break;
            }
            if (!latest || d.getTime() > latest.getTime()) latest = d;
        }
        if (unreadable !== undefined || !latest) {
            endProblem ??= `\`${clause.operator}\` on \`${clause.key}\` has a date that does not parse (${JSON.stringify(clip(unreadable ?? ""))}); use an ISO 8601 UTC instant such as \`2027-03-31T00:00:00Z\``;
            continue;
        }
        if (!endsAt || latest.getTime() < endsAt.getTime()) endsAt = latest;
    }
    return endsAt ? { endsAt } : endProblem ? { endProblem } : {};
}
