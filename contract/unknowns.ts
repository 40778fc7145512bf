/**
 * Values unknown at preview, as facts carry them.
 *
 * At `pulumi preview` the engine sends every input that depends on another resource's output as
 * the unknown sentinel, wholly: a string built with `pulumi.interpolate` or `pulumi.jsonStringify`
 * from one unknown part is one unknown string, while an object or list keeps its known members
 * and carries the sentinel only where a member is unknown. @pulumi/policy then throws its
 * `UnknownValueError` whenever a check reads such a value through its proxy.
 *
 * If that error escaped a reader, one unknown input (the trust policy built from an OIDC
 * provider's ARN) would silence every check on the resource, the ones on known inputs (owner,
 * expiry, session length, a known inline policy) too. So readers read each part on its own and
 * mark the parts they could not read (`ResourceFacts.unknown`, and finer lists inside trust, grant
 * and gate facts); a check whose part is unknown says so ("unverified"), a check on known parts
 * reports as usual, and nothing unknown ever becomes a violation.
 */
import { isUnknown, unproxied } from "./facts";

/** What a check judges: the part of a resource's facts an unknown value takes away. */
export type FactPart = "owner" | "expiry" | "tool" | "access" | "session" | "trust" | "grant" | "credential" | "secret" | "rotation" | "gate";

export interface UnknownPart {
    part: FactPart;
    /** The input unknown at preview, as a property path: `assumeRolePolicy`, `tags.nhi:owner`. */
    path: string;
}

/**
 * The property path @pulumi/policy's `UnknownValueError` names, or undefined for any other error.
 * Recognised by shape: the contract cannot import @pulumi/policy, and a bundler may rename the class.
 */
export function unknownPathOf(e: unknown): string | undefined {
    if (!(e instanceof Error)) return undefined;
    const sentinel = (e as { unknownTypeSentinel?: unknown }).unknownTypeSentinel;
    if (!isUnknown(sentinel) && e.constructor?.name !== "UnknownValueError" && e.name !== "UnknownValueError") return undefined;
    const props = (e as { props?: unknown }).props;
    if (Array.isArray(props) && props.length) return props.map(String).join(".");
    return /value at \.(\S*) can't be known/.exec(e.message)?.[1] || "(a property)";
}

/** Collects the unknown parts of one reading. */
export class UnknownParts {
    readonly list: UnknownPart[] = [];

    mark(part: FactPart, path: string): void {
        if (!this.list.some((u) => u.part === part && u.path === path)) this.list.push({ part, path });
    }

    /**
     * Reads one part; when a value it needs is unknown at preview, marks the part (with the path
     * the proxy names) and gives undefined. Any other error is the reader's own and propagates.
     */
    read<T>(part: FactPart | readonly FactPart[], read: () => T): T | undefined {
        try {
            return read();
        } catch (e) {
            const path = unknownPathOf(e);
            if (path === undefined) throw e;
            for (const p of typeof part === "string" ? [part] : part) this.mark(p, path);
            return undefined;
        }
    }

    /** Marks the part when the raw (unproxied) value of `property` is the sentinel; true when it was. */
    markIfUnknown(part: FactPart | readonly FactPart[], props: Record<string, any>, property: string): boolean {
        const raw = unproxied(props) as Record<string, unknown> | undefined;
        if (!raw || typeof raw !== "object" || !isUnknown(raw[property])) return false;
        for (const p of typeof part === "string" ? [part] : part) this.mark(p, property);
        return true;
    }

    /** `{ unknown: [...] }` when anything is unknown, else `{}`: spread into the facts. */
    facts(): { unknown?: UnknownPart[] } {
        return this.list.length ? { unknown: this.list } : {};
    }
}

/** Annotation fields whose value decides a check, and the part each one is. */
export const ANNOTATION_PARTS = { owner: "owner", expiresAt: "expiry", tool: "tool", access: "access" } as const;
export const ALL_ANNOTATION_PARTS: readonly FactPart[] = Object.values(ANNOTATION_PARTS);

/**
 * A tag or label map with its unknown values taken out, and each one marked as the part its key
 * is (`nhi:owner` -> owner). `fieldOf` maps a key to its annotation field (undefined for keys that
 * are no annotation, whose being unknown matters to no check). A wholly unknown map marks every
 * annotation part and gives undefined.
 */
export function knownMap(
    unknowns: UnknownParts,
    props: Record<string, any>,
    property: string,
    fieldOf: (key: string) => keyof typeof ANNOTATION_PARTS | string | undefined,
): unknown {
    const raw = (unproxied(props) as Record<string, unknown> | undefined)?.[property];
    if (isUnknown(raw)) {
        for (const p of ALL_ANNOTATION_PARTS) unknowns.mark(p, property);
        return undefined;
    }
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
    let copy: Record<string, unknown> | undefined;
    const map = raw as Record<string, unknown>;
    for (const k of Object.keys(map)) {
        if (!isUnknown(map[k])) continue;
        copy ??= { ...(raw as Record<string, unknown>) };
        delete copy[k];
        const field = fieldOf(k);
        const part = field !== undefined ? (ANNOTATION_PARTS as Record<string, FactPart>)[field] : undefined;
        if (part) unknowns.mark(part, `${property}.${k}`);
    }
    return copy ?? raw;
}

/** The unknown inputs behind one part of a resource's facts, from the facts and, if given, the part's own list. */
export function unknownPaths(unknown: readonly UnknownPart[] | undefined, part: FactPart, own?: readonly string[]): string[] {
    const out: string[] = [];
    for (const u of unknown ?? []) if (u.part === part && !out.includes(u.path)) out.push(u.path);
    for (const p of own ?? []) if (!out.includes(p)) out.push(p);
    return out;
}

let reading: UnknownParts | undefined;

/**
 * The unknowns of the reading in progress: helpers shared by many readers (annotation tags) mark
 * into it without every reader threading a collector through. Outside a reading (a helper called
 * directly) marks go to a collector nobody reads, so such a caller must check the sentinel itself.
 */
export function readingUnknowns(): UnknownParts {
    return reading ?? new UnknownParts();
}

/** Wraps every reader of a cloud's catalogue so what it marks lands in the facts' `unknown`. */
export function collectUnknowns<C extends Record<string, { read: (props: Record<string, any>) => { unknown?: UnknownPart[] } }>>(catalogue: C): C {
    for (const entry of Object.values(catalogue)) {
        const read = entry.read;
        entry.read = (props) => {
            const outer = reading;
            const mine = new UnknownParts();
            reading = mine;
            try {
                const facts = read(props);
                if (mine.list.length) facts.unknown = [...(facts.unknown ?? []), ...mine.list.filter((u) => !facts.unknown?.some((v) => v.part === u.part && v.path === u.path))];
                return facts;
            } finally {
                reading = outer;
            }
        };
    }
    return catalogue;
}
