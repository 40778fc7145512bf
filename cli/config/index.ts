/**
 * Policy config checked against what the packs announce in GetAnalyzerInfo (each policy's
 * configSchema), before any resource is analysed. Without this a misspelt policy name is silently
 * ignored (the engine only looks up the names it knows) and a value of the wrong type reaches every
 * policy call, where it becomes one finding per resource instead of one line about the file.
 * Works for any pack: nothing here knows nhi-guard's own options.
 */
import type { AnalyzerInfo, PolicyPackConfig, PolicyInfo } from "../analyzer/protocol";
import { InputError } from "../errors";
import { schemaProblem } from "./jsonSchema";

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

/** Levenshtein distance, enough to suggest `nhi-owner-required` for `nhi-owner-requried`. */
export function editDistance(a: string, b: string): number {
    const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = prev[0];
        prev[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = prev[j];
            prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return prev[b.length];
}

/** The closest name when it is plausibly a typo of it (at most a third of the name changed). */
export function nearest(name: string, known: string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const k of known) {
        const d = editDistance(name.toLowerCase(), k.toLowerCase());
        if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

const didYouMean = (name: string, known: string[]) => {
    const n = nearest(name, known);
    return n ? `did you mean \`${n}\`?` : undefined;
};

/**
 * Throws an InputError naming the first unusable key of `config` (read from `file`) and its fix:
 * an unknown policy (with the nearest known name), an unknown option, a bad enforcement level, or
 * a value its policy's schema rejects.
 */
export function checkPolicyConfig(config: PolicyPackConfig, infos: AnalyzerInfo[], file: string): void {
    const policies = new Map<string, PolicyInfo[]>();
    for (const info of infos) for (const p of info.policies) policies.set(p.name, [...(policies.get(p.name) ?? []), p]);
    const packs = infos.map((i) => `${i.name}@${i.version}`).join(", ");
    const fail = (line: string) => {
        throw new InputError(`${line} (in \`--config\` file \`${file}\`)`);
    };

    for (const [key, value] of Object.entries(config)) {
        const declaring = key === "all" ? [...policies.values()].flat() : policies.get(key);
        if (!declaring) {
            const hint = didYouMean(key, [...policies.keys()]) ?? "`nhi-guard policies` lists the names";
            fail(`\`${key}\` is not a policy of ${packs}: ${hint}`);
            return;
        }
        if (typeof value === "string") {
            if (!LEVELS.includes(value)) fail(`\`${key}\` is \`${value}\`: use one of ${LEVELS.join(", ")}, or an object of settings`);
            continue;
        }
        if (!value || typeof value !== "object" || Array.isArray(value)) {
            fail(`\`${key}\` must be an enforcement level (${LEVELS.join(", ")}) or an object of settings`);
            return;
        }
        for (const [option, v] of Object.entries(value)) {
            if (option === "enforcementLevel") {
                if (!LEVELS.includes(v as string)) fail(`\`${key}.enforcementLevel\` is \`${String(v).slice(0, 40)}\`: use one of ${LEVELS.join(", ")}`);
                continue;
            }
            const schemas = declaring.map((p) => p.configSchema?.properties?.[option]).filter((s) => s !== undefined);
            if (!schemas.length) {
                const options = [...new Set(declaring.flatMap((p) => Object.keys(p.configSchema?.properties ?? {})))];
                if (!options.length) fail(`\`${key}.${option}\`: \`${key}\` takes no options; remove it (only \`enforcementLevel\` applies)`);
                const hint = didYouMean(option, options) ?? `use one of ${options.map((o) => `\`${o}\``).join(", ")}`;
                fail(`\`${key}.${option}\` is not an option of ${key === "all" ? "any policy" : `\`${key}\``}: ${hint}`);
            }
            for (const s of schemas) {
                const problem = schemaProblem(v, s, `${key}.${option}`);
                if (problem) fail(problem);
            }
        }
        if (key === "all") continue;
        for (const p of declaring) {
            for (const r of p.configSchema?.required ?? []) {
                const s = p.configSchema?.properties?.[r];
                const hasDefault = s && typeof s === "object" && "default" in s;
                if ((value as Record<string, unknown>)[r] === undefined && !hasDefault && !(config.all && typeof config.all === "object" && r in config.all)) {
                    fail(`\`${key}.${r}\` is required by the policy: set it`);
                }
            }
        }
    }
}
