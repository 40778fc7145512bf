/**
 * The result of a data source the preview cannot compute: every field unknown, as a preview whose
 * invoke cannot be served has it. The mock monitor serializes a `call` result with
 * `serializeProperties` and the SDK deserializes it back, turning the string
 * `04da6b54-80e4-46f7-96ec-b56ff0331ba9` into `unknown` (runtime/rpc.js, preview only). So:
 *
 * - `getXOutput()` resolves to an Output that is unknown as a whole (the Output constructor marks
 *   a value containing any unknown as not known), and every resource input built from it is unknown;
 * - `await getX()` resolves to an object whose fields are the SDK's `unknown` value: passed to a
 *   resource input they stay unknown; dereferenced further (`names[0]`, `.split`) they fail, and
 *   the gate reports which data source the program needed (see ./index.ts).
 *
 * Which fields? The function's `Get<Name>Result` interface in the installed SDK's .d.ts, read once
 * per token; if it cannot be found, one placeholder field still makes the Output form unknown.
 */
import * as fs from "fs";
import * as path from "path";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The field that stands for "unknown" when the result's fields cannot be read. */
export const UNKNOWN_PLACEHOLDER_FIELD = "__unknownResult";

function packageDir(pkg: string, programDir: string): string | undefined {
    for (const paths of [[programDir], [__dirname]]) {
        try {
            return path.dirname(require.resolve(`@pulumi/${pkg}/package.json`, { paths }));
        } catch {
            /* next */
        }
    }
    return undefined;
}

/** `aws:ec2/getVpc:getVpc` -> ec2/getVpc.d.ts; `aws:index/getArn:getArn` -> getArn.d.ts; `azure-native:network:getX` -> network/getX.d.ts. */
export function declarationFile(token: string, programDir: string): string | undefined {
    const [pkg, mod, fn] = token.split(":");
    if (!pkg || mod === undefined || !fn) return undefined;
    const dir = packageDir(pkg, programDir);
    if (!dir) return undefined;
    const segments = mod.split("/").filter(Boolean);
    let folders = segments.length > 1 ? segments.slice(0, -1) : segments;
    const file = segments.length > 1 ? segments[segments.length - 1] : fn;
    if (folders[0] === "index") folders = folders.slice(1);
    const candidate = path.join(dir, ...folders, `${file}.d.ts`);
    return fs.existsSync(candidate) ? candidate : undefined;
}

/** The top-level field names of `export interface <Name>Result { ... }` in a .d.ts text. */
export function resultFieldsOf(text: string, fn: string): string[] | undefined {
    const name = `${fn.charAt(0).toUpperCase()}${fn.slice(1)}Result`;
    const start = text.search(new RegExp(`export interface ${name}\\s*\\{`));
    if (start < 0) return undefined;
    const body = text.slice(text.indexOf("{", start) + 1).replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    const fields: string[] = [];
    let depth = 0;
    let line = "";
    for (const ch of body) {
        if (ch === "{") depth++;
        else if (ch === "}") {
            if (depth === 0) break;
            depth--;
        }
        if (depth === 0) {
            line += ch;
            if (ch === ";" || ch === "\n") {
                const m = /^\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*:/.exec(line);
                if (m) fields.push(m[1]);
                line = "";
            }
        } else if (ch === "\n") {
            line = line.includes(":") ? line : "";
        }
    }
    return fields;
}

const cache = new Map<string, string[] | undefined>();

/** The fields of a token's result, or undefined when the installed SDK does not say. */
export function resultFields(token: string, programDir: string): string[] | undefined {
    const key = `${programDir}\0${token}`;
    if (!cache.has(key)) {
        const file = declarationFile(token, programDir);
        let fields: string[] | undefined;
        try {
            fields = file ? resultFieldsOf(fs.readFileSync(file, "utf8"), token.split(":")[2]) : undefined;
        } catch {
            fields = undefined;
        }
        cache.set(key, fields?.length ? fields : undefined);
    }
    return cache.get(key);
}

/** Every field unknown (see the module comment). */
export function unknownResult(token: string, programDir: string): Record<string, string> {
    const fields = resultFields(token, programDir) ?? [UNKNOWN_PLACEHOLDER_FIELD];
    return Object.fromEntries(fields.map((f) => [f, UNKNOWN]));
}
