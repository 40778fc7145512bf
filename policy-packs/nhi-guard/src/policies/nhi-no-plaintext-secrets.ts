import { isUnknown, unproxied } from "../../../../contract/facts";
import { isUnknownValueError } from "../unknown";
import type { ResourceFacts } from "../../../../contract/facts";
import type { NhiPolicy, ResourceCheck } from "../policy";
import { findCredential } from "../redact";

/** Free-text inputs of any resource, whatever its type: where credentials get pasted. */
const ALWAYS_SCANNED = ["tags", "labels", "description", "notes"];
/** Deep enough for any tag map or env list; a deeper structure is not a place people paste keys. */
const MAX_DEPTH = 16;

/** Follows a dotted path (`environment.variables`, `containers.0.env`) through the raw inputs. */
function at(root: unknown, path: string): unknown {
    let v: unknown = root;
    for (const part of path.split(".")) {
        if (v === null || typeof v !== "object") return undefined;
        v = (v as Record<string, unknown>)[part];
    }
    return v;
}

interface Hit {
    field: string;
    kind: string;
    tail?: string;
}

/** Every string under `value`, keys included (a pasted key is sometimes a tag key); unknowns skipped. */
function scan(value: unknown, field: string, hits: Hit[], seen: Set<string>, depth = 0): void {
    if (typeof value === "string") {
        if (isUnknown(value) || seen.has(field)) return;
        const m = findCredential(value);
        if (m) {
            seen.add(field);
            hits.push({ field, ...m });
        }
        return;
    }
    if (!value || typeof value !== "object" || depth >= MAX_DEPTH) return;
    if (Array.isArray(value)) {
        value.forEach((v, i) => scan(v, `${field}[${i}]`, hits, seen, depth + 1));
        return;
    }
    for (const [k, v] of Object.entries(value)) {
        const child = `${field}.${k}`;
        const keyHit = findCredential(k);
        if (keyHit && !seen.has(`${field} key`)) {
            seen.add(`${field} key`);
            hits.push({ field: `a key of ${field}`, ...keyHit });
        }
        scan(v, child, hits, seen, depth + 1);
    }
}

/** The reader's fields when it can be read; an unknown elsewhere in the inputs must not stop the scan. */
function readerFields(check: ResourceCheck): string[] {
    let facts: ResourceFacts | undefined;
    try {
        facts = check.facts();
    } catch (e) {
        if (isUnknownValueError(e)) return [];
        throw e;
    }
    return facts?.plaintextFields ?? [];
}

/** The pack sees inputs in plain text; so does everybody who can read tags, descriptions and state. */
export const noPlaintextSecrets: NhiPolicy = {
    name: "nhi-no-plaintext-secrets",
    description: "Checks that no credential-shaped value (cloud access key, GitHub or AI vendor token, Slack token, private key) sits in a non-secret input such as tags, labels, descriptions, notes or plain environment variables.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: "NHI2",
    tags: ["nist-csf:PR.AA-01", "owasp-asi:ASI03"],
    remediationSteps:
        "Remove the value from the input, revoke it (it is already in the program's history and state), and store the new one in the cloud's secret manager or as a Pulumi secret passed to a secret input; give the tool federated access where the vendor allows it.",
    options: [],
    validateResource: (check) => {
        const raw = unproxied(check.props);
        const fields = [...new Set([...ALWAYS_SCANNED, ...readerFields(check)])];
        const hits: Hit[] = [];
        const seen = new Set<string>();
        for (const field of fields) scan(at(raw, field), field, hits, seen);
        for (const h of hits) {
            const tail = h.tail ? ` (ending \`…${h.tail}\`)` : "";
            const article = /^[AEIOU]/.test(h.kind) ? "an" : "a";
            check.report(`\`${h.field}\` holds what looks like ${article} ${h.kind}${tail} in plain text; revoke it, remove it from the input, and pass the new one as a secret or through a secret manager`);
        }
    },
};
