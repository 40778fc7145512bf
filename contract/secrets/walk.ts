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
    /** Whether `container[key]` was secret-marked in the request (the pack's request cache knows). */
    isSecret?: (container: object, key: string) => boolean;
}

/** Deeper than any real input; bounds the walk on a hostile or cyclic structure. */
const MAX_DEPTH = 32;

/** Every credential in `props`, at most one per field. */
export function findSecrets(props: Record<string, unknown>, opts: WalkOptions = {}): SecretHit[] {
    const hits: SecretHit[] = [];
    const declared = opts.type && hasProviderSecrets(opts.type) ? opts.type : undefined;
    const isSecret = opts.isSecret;
    const names: string[] = [];

    const visit = (value: unknown, field: string, depth: number): void => {
        if (typeof value === "string") {
            if (value.length < 8 || isUnknown(value)) return;
            const m = scanString(value);
            if (m) hits.push({ field, ...m });
            return;
        }
        if (!value || typeof value !== "object" || depth >= MAX_DEPTH) return;
        if (Array.isArray(value)) {
            for (let i = 0; i < value.length; i++) {
                if (isSecret?.(value, String(i))) continue;
                visit(value[i], `${field}[${i}]`, depth + 1);
            }
            return;
        }
        const obj = value as Record<string, unknown>;
        // ECS container definitions, Kubernetes env, CodeBuild environment variables.
        if (typeof obj.name === "string" && typeof obj.value === "string" && !isSecret?.(obj, "value")) {
            const m = matchNamed(obj.name, obj.value);
            if (m) {
                hits.push({ field: `${field}.value`, ...m });
                return;
            }
        }
        let keyReported = false;
        for (const k of Object.keys(obj)) {
            if (isSecret?.(obj, k)) continue;
            names.push(k);
            if (!(declared && isProviderSecret(declared, names))) {
                const child = field ? `${field}.${k}` : k;
                const v = obj[k];
                if (!keyReported && k.length >= 8) {
                    const km = scanString(k);
                    if (km) {
                        keyReported = true;
                        hits.push({ field: field ? `a key of ${field}` : "a property name", ...km });
                    }
                }
                const named = typeof v === "string" && !isUnknown(v) ? matchNamed(k, v) : undefined;
                if (named) hits.push({ field: child, ...named });
                else visit(v, child, depth + 1);
            }
            names.pop();
        }
    };
    visit(props, "", 0);
    return hits;
}
