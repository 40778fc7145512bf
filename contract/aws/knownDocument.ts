/**
 * The known part of an IAM policy document given as an object at preview.
 *
 * The SDK serializes a document object member by member, so a statement whose `Principal` is an
 * OIDC provider's ARN, or whose `Resource` is a bucket's, arrives with the unknown sentinel in that
 * one place and everything else known. This copies the document without its unknowns, so the
 * ordinary parsers judge what is known, and records where each unknown sat, so checks that need
 * it are reported as unverified. The rule for what replaces an unknown is the same everywhere:
 * whatever could only remove a problem, never create one.
 *
 * - `grant` documents: an unknown action is left out (the known ones are still judged) and marks
 *   the statement's privileges; an unknown condition key, operator block or condition is left out
 *   (a condition only narrows what a statement grants) and marks its end, which stays known only
 *   when another clause bounds it; an unknown statement or `Effect` becomes a `Deny` placeholder
 *   (which grants nothing and keeps the statement numbers of messages) and marks the document.
 * - `trust` documents: a statement whose `Effect`, `Principal` or conditions cannot be fully read
 *   becomes the placeholder (a condition decides whom the role trusts), except two cases where the
 *   known part decides alone: condition values listed next to an unknown one are kept (a known
 *   wildcard stays a wildcard whatever the rest), and an unknown `Federated` principal next to
 *   conditions on `<issuer>:sub` or `<issuer>:aud` is that issuer's provider (IAM evaluates those
 *   keys only for tokens of that issuer, so that is the only provider the statement can admit).
 */
import { isUnknown, unproxied } from "../facts";

export type DocumentRole = "grant" | "trust";

export interface StatementUnknowns {
    /** Inputs holding actions of the statement. */
    privileges: string[];
    /**
     * Inputs holding `NotAction` entries: what the statement excludes is unknown, so what its
     * "everything else" includes is too. Only the finding that holds for any `NotAction` stays.
     */
    excluded: string[];
    /** Inputs holding conditions of the statement (its end, for a grant). */
    end: string[];
}

export interface KnownDocument {
    /** The document with its unknowns taken out; the input itself when it has none. */
    document: unknown;
    /** Set when the document as a whole is unknown: nothing can be read. */
    whole: boolean;
    /** Every unknown input, as a path below the document's property (`Statement[0].Principal.Federated`). */
    unknown: string[];
    /** Per statement index, what its unknowns take away. */
    byStatement: Map<number, StatementUnknowns>;
}

const PLACEHOLDER = Object.freeze({ Effect: "Deny", Action: "nhi-guard:unknown-at-preview" });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether the raw value holds the sentinel anywhere (bounded: documents are small). */
function holdsUnknown(v: unknown, depth = 0): boolean {
    if (isUnknown(v)) return true;
    if (depth > 8 || typeof v !== "object" || v === null) return false;
    return (Array.isArray(v) ? v : Object.values(v)).some((x) => holdsUnknown(x, depth + 1));
}

function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
    const lower = name.toLowerCase();
    return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** Issuers whose claims the statement's conditions test (`token.actions.githubusercontent.com:sub`). */
function conditionIssuers(condition: unknown): string[] {
    const out = new Set<string>();
    if (!isObject(condition)) return [];
    for (const block of Object.values(condition)) {
        if (!isObject(block)) continue;
        for (const key of Object.keys(block)) {
            const m = /^(.+):(sub|aud)$/i.exec(key.trim());
            if (m && !/^aws$/i.test(m[1]) && m[1].includes(".")) out.add(m[1].toLowerCase());
        }
    }
    return [...out];
}

/** The known part of `document` (the raw value of property `path`), read for `role`. */
export function knownDocument(document: unknown, role: DocumentRole, path: string): KnownDocument {
    const raw = unproxied(document);
    const result: KnownDocument = { document: raw, whole: false, unknown: [], byStatement: new Map() };
    if (isUnknown(raw)) {
        result.whole = true;
        result.unknown.push(path);
        return result;
    }
    if (!isObject(raw) || !holdsUnknown(raw)) return result;

    const doc: Record<string, unknown> = { ...raw };
    const statementKey = keyOf(doc, "Statement");
    const list = statementKey ? doc[statementKey] : undefined;
    if (statementKey && isUnknown(list)) {
        result.whole = true;
        result.unknown.push(`${path}.${statementKey}`);
        return result;
    }
    const single = statementKey !== undefined && !Array.isArray(list);
    const statements: unknown[] = statementKey === undefined ? [] : single ? [list] : [...(list as unknown[])];
    statements.forEach((s, i) => {
        const at = `${path}.${statementKey}${single ? "" : `[${i}]`}`;
        const mark = (p: string) => result.unknown.push(p);
        if (!holdsUnknown(s)) return;
        const effectKey = isObject(s) ? keyOf(s, "Effect") : undefined;
        if (!isObject(s) || (effectKey !== undefined && isUnknown(s[effectKey]))) {
            mark(isObject(s) ? `${at}.${effectKey}` : at);
            statements[i] = PLACEHOLDER;
            return;
        }
        const copy: Record<string, unknown> = { ...s };
        const sidKey = keyOf(copy, "Sid");
        if (sidKey !== undefined && isUnknown(copy[sidKey])) delete copy[sidKey]; // named by number instead
        const own: StatementUnknowns = { privileges: [], excluded: [], end: [] };
        result.byStatement.set(i, own);
        let placeholder = false;

        for (const name of ["Action", "NotAction"]) {
            const k = keyOf(copy, name);
            if (k === undefined) continue;
            const v = copy[k];
            if (!isUnknown(v) && !(Array.isArray(v) && v.some(isUnknown))) continue;
            copy[k] = isUnknown(v) ? [] : (v as unknown[]).filter((x) => !isUnknown(x));
            own.privileges.push(`${at}.${k}`);
            if (name === "NotAction") own.excluded.push(`${at}.${k}`);
        }

        const principalKey = keyOf(copy, "Principal") ?? keyOf(copy, "NotPrincipal");
        if (principalKey !== undefined && holdsUnknown(copy[principalKey])) {
            const p = copy[principalKey];
            mark(`${at}.${principalKey}`);
            if (role === "trust") {
                if (!isObject(p)) placeholder = true;
                else {
                    const principal: Record<string, unknown> = {};
                    for (const [kind, names] of Object.entries(p)) {
                        const known = (Array.isArray(names) ? names : [names]).filter((n) => !isUnknown(n));
                        const lost = known.length !== (Array.isArray(names) ? names.length : 1);
                        if (lost && kind.toLowerCase() === "federated") {
                            for (const issuer of conditionIssuers(unproxied(copy[keyOf(copy, "Condition") ?? ""]))) known.push(`arn:aws:iam::000000000000:oidc-provider/${issuer}`);
                        }
                        if (known.length) principal[kind] = known;
                    }
                    if (Object.keys(principal).length === 0) placeholder = true;
                    else copy[principalKey] = principal;
                }
            } else if (isObject(p)) {
                const principal: Record<string, unknown> = {};
                for (const [kind, names] of Object.entries(p)) {
                    const known = (Array.isArray(names) ? names : [names]).filter((n) => !isUnknown(n));
                    if (known.length) principal[kind] = known;
                }
                copy[principalKey] = principal;
            } else delete copy[principalKey];
        }

        const conditionKey = keyOf(copy, "Condition");
        if (conditionKey !== undefined && holdsUnknown(copy[conditionKey])) {
            const c = copy[conditionKey];
            const where = `${at}.${conditionKey}`;
            if (!isObject(c)) {
                own.end.push(where);
                mark(where);
                if (role === "trust") placeholder = true;
                else delete copy[conditionKey];
            } else {
                const condition: Record<string, unknown> = {};
                for (const [operator, block] of Object.entries(c)) {
                    if (!isObject(block)) {
                        if (isUnknown(block)) {
                            own.end.push(`${where}.${operator}`);
                            mark(`${where}.${operator}`);
                            if (role === "trust") placeholder = true;
                        } else condition[operator] = block;
                        continue;
                    }
                    const kept: Record<string, unknown> = {};
                    for (const [key, values] of Object.entries(block)) {
                        const at2 = `${where}.${operator}.${key}`;
                        if (isUnknown(values)) {
                            own.end.push(at2);
                            mark(at2);
                            if (role === "trust") placeholder = true;
                            continue;
                        }
                        if (Array.isArray(values) && values.some(isUnknown)) {
                            own.end.push(at2);
                            mark(at2);
                            const known = values.filter((x) => !isUnknown(x));
                            // A grant's clause with an unknown value has an unknown end: left out, so only
                            // the other clauses bound it. A trust keeps the known values (see above).
                            if (role === "trust") {
                                if (known.length) kept[key] = known;
                                else placeholder = true;
                            }
                            continue;
                        }
                        kept[key] = values;
                    }
                    if (Object.keys(kept).length) condition[operator] = kept;
                }
                copy[conditionKey] = condition;
            }
        }
        for (const p of own.privileges) mark(p);
        // Other members (`Resource`, `Sid`) no check judges by value: the parsers read them around the proxy.
        statements[i] = placeholder ? PLACEHOLDER : copy;
    });
    if (statementKey) doc[statementKey] = single ? statements[0] : statements;
    result.document = doc;
    return result;
}
