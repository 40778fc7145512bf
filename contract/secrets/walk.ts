/**
 * Every string of a resource's inputs, catalogued type or not, with the path a message can name:
 * values, map keys (a pasted key is sometimes a tag key), and values under a name that says what
 * they are (`{ MISTRAL_API_KEY: "..." }`, ECS's and Kubernetes' `{ name, value }` pairs).
 * Inputs the program or the provider marked secret are not visited: a secret there is where it
 * belongs. Values unknown at preview are skipped (nothing to judge yet, and never a finding).
 */
import { isUnknown } from "../facts";
import { isProviderSecret, hasProviderSecrets } from "./providerSecrets";
import { matchNamed, scanString, type SecretMatch } from "./scan";

export interface SecretHit extends SecretMatch {
    /** Where: `environment.variables.OPENAI_API_KEY`, `containerDefinitions`, `a key of tags`. */
    field: string;
}

export interface WalkOptions {
    /** The resource's type token, for the inputs its provider declares secret. */
    type?: string;
    /**
     * The keys of `container` (array indices as strings) that were secret-marked in the request (the
     * pack's request cache knows); asked once per container, not once per key.
     */
    secretKeys?: (container: object) => ReadonlySet<string> | undefined;
}

/** Deeper than any real input; bounds the walk on a hostile or cyclic structure. */
const MAX_DEPTH = 32;

/**
 * Where the walk is: property names and array indices from the top. Only a hit needs it as text,
 * so the walk keeps it as a stack and spells it out then, not once per value.
 */
type Path = (string | number)[];

/** `environment.variables.OPENAI_API_KEY`, `containerDefinitions[0].value`: names joined by dots, indices in brackets. */
function fieldOf(path: Path): string {
    let field = "";
    for (const seg of path) {
        field = typeof seg === "number" ? `${field}[${seg}]` : field ? `${field}.${seg}` : seg;
    }
    return field;
}

/** Every credential in `props`, at most one per field. */
export function findSecrets(props: Record<string, unknown>, opts: WalkOptions = {}): SecretHit[] {
    const hits: SecretHit[] = [];
    const declared = opts.type && hasProviderSecrets(opts.type) ? opts.type : undefined;
    const secretKeysOf = opts.secretKeys;
    // Property names only (array indices left out), for the provider's declared secret inputs.
    const names: string[] = [];
    const path: Path = [];

    const visit = (value: unknown, depth: number): void => {
        if (typeof value === "string") {
            if (value.length < 8 || isUnknown(value)) return;
            const m = scanString(value);
            if (m) hits.push({ field: fieldOf(path), ...m });
            return;
        }
        if (!value || typeof value !== "object" || depth >= MAX_DEPTH) return;
        const marked = secretKeysOf?.(value);
        if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) {
                if (marked?.has(String(i))) continue;
                path.push(i);
                visit(value[i], depth + 1);
                path.pop();
            }
            return;
        }
        const obj = value as Record<string, unknown>;
        // ECS container definitions, Kubernetes env, CodeBuild environment variables.
        if (typeof obj.name === "string" && typeof obj.value === "string" && !marked?.has("value")) {
            const m = matchNamed(obj.name, obj.value);
            if (m) {
                hits.push({ field: `${fieldOf(path)}.value`, ...m });
                return;
            }
        }
        let keyReported = false;
        for (const k of Object.keys(obj)) {
            if (marked?.has(k)) continue;
            names.push(k);
            if (!(declared && isProviderSecret(declared, names))) {
                const v = obj[k];
                if (!keyReported && k.length >= 8) {
                    const km = scanString(k);
                    if (km) {
                        keyReported = true;
                        const field = fieldOf(path);
                        hits.push({ field: field ? `a key of ${field}` : "a property name", ...km });
                    }
                }
                path.push(k);
                const named = typeof v === "string" && !isUnknown(v) ? matchNamed(k, v) : undefined;
                if (named) hits.push({ field: fieldOf(path), ...named });
                else visit(v, depth + 1);
                path.pop();
            }
            names.pop();
        }
    };
    visit(props, 0);
    return hits;
}
