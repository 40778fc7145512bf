/**
 * Reads `pulumi stack export` output (deployment versions 1 to 3) into what the engine sends
 * analyzers for deployed state: inputs to Analyze, outputs to AnalyzeStack, with parents,
 * dependencies, property dependencies and providers from the export.
 *
 * An export is checked strictly: a gate that silently skipped a malformed resource would pass a
 * stack it never saw. Every problem is one line naming the resource and the field.
 */
import { AnalyzerInput, ProviderRef, RESOURCE_SIG, SECRET_SIG, SPECIAL_SIG_KEY, secret } from "../analyzer/protocol";
import { InputError } from "../errors";
import { ROOT_STACK_TYPE, isProviderType, providerRefUrn } from "../preview/engineModel";

/**
 * How deep a value in an export may nest. The engine itself refuses far less (protobuf's recursion
 * limit), no provider's schema comes near it, and the wire conversion below and the protobuf
 * encoding recurse per level: 10,000 levels used to end in a stack overflow reported as an
 * internal error instead of bad input.
 */
export const MAX_NESTING = 1_000;

/** What a ciphertext secret becomes: present, secret, non-empty, and obviously not the value. */
export const UNREADABLE_SECRET = "[encrypted: not readable without the stack's secrets provider]";

export interface AuditPlanInput {
    project: string;
    stack: string;
    analyze: AnalyzerInput[];
    analyzeStack: AnalyzerInput[];
    notes: string[];
}

interface ExportedResource {
    urn: string;
    type: string;
    custom?: boolean;
    delete?: boolean;
    pendingReplacement?: boolean;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    parent?: string;
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
    additionalSecretOutputs?: string[];
    aliases?: string[];
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((e) => typeof e === "string");

/** Parses the text of an export. `source` names it in messages (a file name, or `stdin`). */
export function parseExportText(text: string, source: string): unknown {
    if (!text.trim()) throw new InputError(`\`${source}\` is empty: pass the output of \`pulumi stack export\``);
    try {
        return JSON.parse(text);
    } catch (e: any) {
        const where = /position (\d+)/.exec(e.message);
        const line = where ? text.slice(0, Number(where[1])).split("\n").length : undefined;
        const truncated = /Unexpected end of JSON input|Unterminated/.test(e.message);
        throw new InputError(
            `\`${source}\` is not valid JSON${truncated ? " (it looks truncated)" : ""}${line ? ` at line ${line}` : ""}: pass the complete output of \`pulumi stack export\``,
        );
    }
}

export function planAudit(doc: unknown, source: string): AuditPlanInput {
    if (!isObject(doc) || !("deployment" in doc)) {
        throw new InputError(`\`${source}\` is not a stack export: expected \`{"version": 3, "deployment": {...}}\` from \`pulumi stack export\``);
    }
    const version = doc.version;
    if (version !== 1 && version !== 2 && version !== 3) {
        throw new InputError(`\`version\` is \`${JSON.stringify(version)}\` in \`${source}\`: only deployment versions 1, 2 and 3 are supported (re-export with a current \`pulumi stack export\`)`);
    }
    const deployment = doc.deployment;
    if (!isObject(deployment)) throw new InputError(`\`deployment\` in \`${source}\` must be an object`);
    const raw = deployment.resources ?? [];
    if (!Array.isArray(raw)) throw new InputError(`\`deployment.resources\` in \`${source}\` must be an array`);

    const resources = raw.map((r, i) => checkResource(r, i));
    const byUrn = new Map<string, ExportedResource>();
    for (const [i, r] of resources.entries()) {
        if (!r.delete && byUrn.has(r.urn)) throw new InputError(`resource #${i} (${r.urn}): the URN appears twice: the export is corrupt, re-export it`);
        if (!r.delete) byUrn.set(r.urn, r);
    }

    let unreadable = 0;
    let fromInputs = 0;
    const wire = (v: unknown, where: string) =>
        toWire(v, where, () => {
            unreadable++;
        });

    // As the engine: a resource pending deletion, or deleted before its replacement is created
    // (`pendingReplacement`), no longer exists, so no policy is asked about it. It stays
    // referenceable, since the engine's own snapshot checks accept references to it.
    const live = resources.map((r, i) => ({ r, i })).filter(({ r }) => !r.delete && !r.pendingReplacement);
    const providerRef = (r: ExportedResource, i: number): ProviderRef | undefined => {
        if (!r.provider) return undefined;
        const urn = providerRefUrn(r.provider);
        const p = byUrn.get(urn);
        if (!p || !isProviderType(p.type)) {
            throw new InputError(`resource #${i} (${r.urn}): \`provider\` refers to \`${urn}\`, which is not a provider in the export: the export is incomplete, re-export it`);
        }
        return { type: p.type, urn: p.urn, name: urnName(p.urn), props: wire(p.inputs ?? {}, `provider ${p.urn}`) as Record<string, unknown> };
    };

    const analyze: AnalyzerInput[] = [];
    const analyzeStack: AnalyzerInput[] = [];
    for (const { r, i } of live) {
        for (const d of [...(r.parent ? [r.parent] : []), ...(r.dependencies ?? [])]) {
            if (!byUrn.has(d)) throw new InputError(`resource #${i} (${r.urn}): \`${d === r.parent ? "parent" : "dependencies"}\` names \`${d}\`, which is not in the export: re-export the stack`);
        }
        const base = {
            type: r.type,
            urn: r.urn,
            name: urnName(r.urn),
            parent: r.parent || undefined,
            provider: providerRef(r, i),
            dependencies: r.dependencies ?? [],
            propertyDependencies: r.propertyDependencies ?? {},
            options: {
                protect: !!r.protect,
                ignoreChanges: r.ignoreChanges ?? [],
                additionalSecretOutputs: r.additionalSecretOutputs ?? [],
                aliases: r.aliases ?? [],
                deleteBeforeReplace: r.deleteBeforeReplace,
            },
        };
        const outputs = wire(withInputsForEncryptedOutputs(r, () => fromInputs++), `resource #${i} (${r.urn}) outputs`) as Record<string, unknown>;
        // The root stack has no inputs; its outputs (the stack outputs) still go to stack policies.
        if (r.type !== ROOT_STACK_TYPE) analyze.push({ ...base, props: wire(r.inputs ?? {}, `resource #${i} (${r.urn}) inputs`) as Record<string, unknown> });
        analyzeStack.push({ ...base, props: outputs });
    }

    const first = live[0]?.r.urn;
    const [stack, project] = first ? first.slice("urn:pulumi:".length).split("::") : ["", ""];
    const notes = unreadable
        ? [`${unreadable} secret value${unreadable === 1 ? " is" : "s are"} encrypted in the export and could not be read: policies saw a non-empty placeholder (export with \`--show-secrets\` to check their content)`]
        : [];
    if (fromInputs) {
        notes.push(`${fromInputs} encrypted output${fromInputs === 1 ? " was" : "s were"} read from the matching input instead (the program's declared value, e.g. a Key Vault secret's expiry under \`additionalSecretOutputs\`)`);
    }
    return { project: project ?? "", stack: stack ?? "", analyze, analyzeStack, notes };
}

function checkResource(v: unknown, i: number): ExportedResource {
    const at = (urn?: unknown) => `resource #${i}${typeof urn === "string" ? ` (${urn})` : ""}`;
    if (!isObject(v)) throw new InputError(`${at()}: expected an object, found ${v === null ? "null" : Array.isArray(v) ? "an array" : typeof v}`);
    const fail = (field: string, what: string) => {
        throw new InputError(`${at(v.urn)}: \`${field}\` ${what}`);
    };
    if (v.urn === undefined) fail("urn", "is missing");
    if (typeof v.urn !== "string" || !/^urn:pulumi:[^:]*::[^:]+::[^:]+.*::.+$/.test(v.urn)) fail("urn", "is not a Pulumi URN (`urn:pulumi:<stack>::<project>::<type>::<name>`)");
    if (v.type === undefined) fail("type", "is missing");
    if (typeof v.type !== "string" || !v.type) fail("type", "must be a non-empty string");
    if (v.inputs !== undefined && !isObject(v.inputs)) fail("inputs", "must be an object");
    if (v.outputs !== undefined && !isObject(v.outputs)) fail("outputs", "must be an object");
    if (v.parent !== undefined && typeof v.parent !== "string") fail("parent", "must be a URN string");
    if (v.provider !== undefined && (typeof v.provider !== "string" || !v.provider.includes("::"))) fail("provider", "must be a provider reference `<urn>::<id>`");
    if (v.dependencies !== undefined && !isStringArray(v.dependencies)) fail("dependencies", "must be an array of URNs");
    if (v.propertyDependencies !== undefined) {
        if (!isObject(v.propertyDependencies) || !Object.values(v.propertyDependencies).every(isStringArray)) {
            fail("propertyDependencies", "must map property names to arrays of URNs");
        }
    }
    for (const k of ["additionalSecretOutputs", "aliases", "ignoreChanges"]) {
        if (v[k] !== undefined && v[k] !== null && !isStringArray(v[k])) fail(k, "must be an array of strings");
    }
    return { ...(v as unknown as ExportedResource), aliases: (v.aliases as string[] | null) ?? undefined };
}

const isCiphertext = (v: unknown): boolean => isObject(v) && v[SPECIAL_SIG_KEY] === SECRET_SIG && typeof v.ciphertext === "string";

/**
 * An output marked secret as a whole (`additionalSecretOutputs`) is one ciphertext in the export,
 * which would hide readable governance facts such as a Key Vault secret's expiry. Where the same
 * property's input is readable, it is what the program declared: use it, still marked secret, so
 * a compliant resource is not failed only because its outputs are encrypted. Nested secrets in the
 * input stay as they are (a ciphertext stays unreadable).
 */
function withInputsForEncryptedOutputs(r: ExportedResource, onFallback: () => void): Record<string, unknown> {
    const outputs = r.outputs ?? {};
    const inputs = r.inputs ?? {};
    const merged: Record<string, unknown> = { ...outputs };
    for (const [k, v] of Object.entries(outputs)) {
        if (isCiphertext(v) && k in inputs && inputs[k] !== undefined && !isCiphertext(inputs[k])) {
            merged[k] = { [SPECIAL_SIG_KEY]: SECRET_SIG, value: inputs[k] };
            onFallback();
        }
    }
    return merged;
}

/** The name part of a URN (it may itself contain `::`). */
function urnName(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/**
 * Export encoding to wire encoding. Secrets come as ciphertext (encrypted) or plaintext
 * (`--show-secrets`, the value JSON-encoded); both become wire secrets. Resource references are
 * downgraded to id or URN, as the engine does for analyzers.
 */
function toWire(v: unknown, where: string, onUnreadable: () => void, depth = 0): unknown {
    if (depth > MAX_NESTING && v !== null && typeof v === "object") {
        throw new InputError(`${where}: a value nests deeper than ${MAX_NESTING} levels: the export is corrupt or hostile, re-export it`);
    }
    if (Array.isArray(v)) return v.map((e) => toWire(e, where, onUnreadable, depth + 1));
    if (!isObject(v)) return v;
    const sig = v[SPECIAL_SIG_KEY];
    if (sig === SECRET_SIG) {
        if (typeof v.plaintext === "string") {
            let value: unknown;
            try {
                value = JSON.parse(v.plaintext);
            } catch {
                throw new InputError(`${where}: a secret's \`plaintext\` is not JSON-encoded: the export is corrupt, re-export it`);
            }
            return secret(toWire(value, where, onUnreadable, depth + 1));
        }
        if (typeof v.ciphertext === "string") {
            onUnreadable();
            return secret(UNREADABLE_SECRET);
        }
        if ("value" in v) return secret(toWire(v.value, where, onUnreadable, depth + 1));
        throw new InputError(`${where}: a secret has neither \`ciphertext\` nor \`plaintext\`: the export is corrupt, re-export it`);
    }
    if (sig === RESOURCE_SIG) return typeof v.id === "string" && v.id ? v.id : v.urn;
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v)) out[k] = toWire(e, where, onUnreadable, depth + 1);
    return out;
}
