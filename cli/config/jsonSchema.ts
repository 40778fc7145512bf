/**
 * The part of JSON Schema that policy config schemas use (`@pulumi/policy`'s PolicyConfigSchema:
 * type, enum, const, numeric ranges, string length and pattern, items, properties, required,
 * additionalProperties, and the any/one/allOf combinators). Small enough to read in one sitting,
 * and without a dependency: the gate only needs the first problem, said as one line with its path.
 * Keywords outside this subset are not checked here; the pack still validates what it reads.
 */

export type JsonSchema = Record<string, any>;

const TYPE_NAMES: Record<string, string> = {
    string: "a string",
    number: "a number",
    integer: "a whole number",
    boolean: "`true` or `false`",
    array: "a list",
    object: "an object",
    null: "`null`",
};

function typeOf(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "array";
    return typeof v;
}

function hasType(v: unknown, t: string): boolean {
    if (t === "integer") return typeof v === "number" && Number.isInteger(v);
    if (t === "number") return typeof v === "number" && Number.isFinite(v);
    return typeOf(v) === t;
}

const show = (v: unknown) => {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

function deepEqual(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The first way `value` breaks `schema`, as "`path` must ..." (the fix is what it must be), or
 * undefined when it conforms.
 */
export function schemaProblem(value: unknown, schema: unknown, path: string): string | undefined {
    if (schema === true || schema === undefined || schema === null) return undefined;
    if (schema === false) return `\`${path}\` is not allowed: remove it`;
    if (typeof schema !== "object") return undefined;
    const s = schema as JsonSchema;

    if (s.type !== undefined) {
        const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
        if (!types.some((t) => hasType(value, t))) {
            return `\`${path}\` is ${show(value)}: it must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(" or ")}`;
        }
    }
    if (Array.isArray(s.enum) && !s.enum.some((e: unknown) => deepEqual(e, value))) {
        return `\`${path}\` is ${show(value)}: use one of ${s.enum.map((e: unknown) => `\`${show(e)}\``).join(", ")}`;
    }
    if ("const" in s && !deepEqual(s.const, value)) return `\`${path}\` is ${show(value)}: it must be \`${show(s.const)}\``;

    if (typeof value === "number") {
        if (typeof s.minimum === "number" && value < s.minimum) return `\`${path}\` is ${value}: it must be at least ${s.minimum}`;
        if (typeof s.maximum === "number" && value > s.maximum) return `\`${path}\` is ${value}: it must be at most ${s.maximum}`;
        if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum) return `\`${path}\` is ${value}: it must be more than ${s.exclusiveMinimum}`;
        if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum) return `\`${path}\` is ${value}: it must be less than ${s.exclusiveMaximum}`;
        if (typeof s.multipleOf === "number" && s.multipleOf > 0 && !Number.isInteger(value / s.multipleOf)) return `\`${path}\` is ${value}: it must be a multiple of ${s.multipleOf}`;
    }
    if (typeof value === "string") {
        const length = [...value].length;
        if (typeof s.minLength === "number" && length < s.minLength) return `\`${path}\` must be at least ${s.minLength} character${s.minLength === 1 ? "" : "s"} long`;
        if (typeof s.maxLength === "number" && length > s.maxLength) return `\`${path}\` must be at most ${s.maxLength} characters long`;
        if (typeof s.pattern === "string") {
            let re: RegExp | undefined;
            try {
                re = new RegExp(s.pattern, "u");
            } catch {
                re = undefined; // A pattern JavaScript cannot compile is the pack's problem, not the user's.
            }
            if (re && !re.test(value)) return `\`${path}\` is ${show(value)}: it must match \`${s.pattern}\``;
        }
    }
    if (Array.isArray(value)) {
        if (typeof s.minItems === "number" && value.length < s.minItems) return `\`${path}\` must have at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`;
        if (typeof s.maxItems === "number" && value.length > s.maxItems) return `\`${path}\` must have at most ${s.maxItems} items`;
        if (s.items && typeof s.items === "object" && !Array.isArray(s.items)) {
            for (let i = 0; i < value.length; i++) {
                const p = schemaProblem(value[i], s.items, `${path}[${i}]`);
                if (p) return p;
            }
        }
    }
    if (value && typeof value === "object" && !Array.isArray(value)) {
        const obj = value as Record<string, unknown>;
        const props: Record<string, unknown> = s.properties && typeof s.properties === "object" ? s.properties : {};
        for (const r of Array.isArray(s.required) ? s.required : []) {
            if (obj[r] === undefined) return `\`${path}.${r}\` is required${describe(props[r])}`;
        }
        for (const [k, v] of Object.entries(obj)) {
            if (k in props) {
                const p = schemaProblem(v, props[k], `${path}.${k}`);
                if (p) return p;
            } else if (s.additionalProperties === false) {
                return `\`${path}.${k}\` is not a known field: use ${Object.keys(props).map((p) => `\`${p}\``).join(", ")}`;
            } else if (s.additionalProperties && typeof s.additionalProperties === "object") {
                const p = schemaProblem(v, s.additionalProperties, `${path}.${k}`);
                if (p) return p;
            }
        }
    }

    if (Array.isArray(s.allOf)) {
        for (const sub of s.allOf) {
            const p = schemaProblem(value, sub, path);
            if (p) return p;
        }
    }
    if (Array.isArray(s.anyOf) && s.anyOf.length && s.anyOf.every((sub: unknown) => schemaProblem(value, sub, path))) {
        return schemaProblem(value, s.anyOf[0], path);
    }
    if (Array.isArray(s.oneOf) && s.oneOf.length) {
        const matching = s.oneOf.filter((sub: unknown) => !schemaProblem(value, sub, path)).length;
        if (matching === 0) return schemaProblem(value, s.oneOf[0], path);
        if (matching > 1) return `\`${path}\` matches more than one of the allowed forms: make it unambiguous`;
    }
    return undefined;
}

function describe(schema: unknown): string {
    const d = schema && typeof schema === "object" ? (schema as JsonSchema).description : undefined;
    return typeof d === "string" && d ? `: ${d.replace(/\s+/g, " ").trim().replace(/\.$/, "")}` : "";
}
