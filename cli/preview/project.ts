/**
 * Reads a Pulumi project (`Pulumi.yaml`) and one stack's config (`Pulumi.<stack>.yaml`) the way the
 * CLI hands them to a Node.js program: config keys namespaced by project, structured values as
 * JSON text, and `secure:` values marked secret. The gate cannot decrypt `secure:` values (no
 * secrets provider offline), so they become secrets holding an opaque, non-empty placeholder.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { InputError } from "../errors";

export interface PulumiProject {
    dir: string;
    name: string;
    /** The folder or file the program starts from. */
    main: string;
    /** `main` is set in `Pulumi.yaml` (else the host looks at package.json first). */
    explicitMain: boolean;
    /** Where `Pulumi.<stack>.yaml` files live (`stackConfigDir`, default the project folder). */
    stackConfigDir: string;
    /** Load TypeScript through ts-node (runtime option `typescript`, default true). */
    typescript: boolean;
    /** A tsconfig to load the program with (runtime option `tsconfig`). */
    tsconfig?: string;
}

export interface StackConfig {
    config: Record<string, string>;
    secretKeys: string[];
    /** Keys whose `secure:` value could not be decrypted offline. */
    unreadableSecretKeys: string[];
    /** What the program could not see of this stack's config, for the report's notes. */
    notes: string[];
}

/** What a `secure:` value becomes: present, secret, non-empty, and obviously not the real value. */
export const UNREADABLE_SECRET = "[encrypted: not readable offline]";

function readYaml(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e: any) {
        throw new InputError(`cannot read \`${file}\`: ${e.code === "ENOENT" ? "no such file" : e.message}`);
    }
    try {
        return yaml.load(text);
    } catch (e: any) {
        throw new InputError(`\`${file}\` is not valid YAML: ${String(e.reason ?? e.message).split("\n")[0]}${e.mark ? ` (line ${e.mark.line + 1})` : ""}`);
    }
}

export function readProject(dir: string): PulumiProject {
    const root = path.resolve(dir);
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(root, f)).find((f) => fs.existsSync(f));
    if (!file) throw new InputError(`no \`Pulumi.yaml\` in \`${root}\`: pass the folder of a Pulumi project`);
    const doc = readYaml(file) as any;
    if (!doc || typeof doc !== "object") throw new InputError(`\`${file}\` is empty: it needs at least \`name\` and \`runtime\``);
    if (typeof doc.name !== "string" || !doc.name) throw new InputError(`\`name\` is missing in \`${file}\`: add \`name: <project>\``);
    const runtime = typeof doc.runtime === "string" ? { name: doc.runtime, options: {} } : (doc.runtime ?? {});
    if (runtime.name !== "nodejs") {
        throw new InputError(`\`runtime\` is \`${runtime.name ?? "(missing)"}\` in \`${file}\`: the offline gate runs only \`nodejs\` programs (for others, audit a \`pulumi stack export\`)`);
    }
    const options = runtime.options ?? {};
    const main = path.resolve(root, typeof doc.main === "string" ? doc.main : ".");
    if (!fs.existsSync(main)) throw new InputError(`\`main\` in \`${file}\` points to \`${main}\`, which does not exist: fix \`main\``);
    return {
        dir: root,
        name: doc.name,
        main,
        explicitMain: typeof doc.main === "string",
        stackConfigDir: typeof doc.stackConfigDir === "string" ? path.resolve(root, doc.stackConfigDir) : root,
        typescript: options.typescript !== false && options.typescript !== "false",
        tsconfig: typeof options.tsconfig === "string" ? path.resolve(root, options.tsconfig) : undefined,
    };
}

/**
 * Stack config, with project-level defaults from `Pulumi.yaml` (`config: { key: { default } }`).
 * A missing stack file is not an error: a fresh stack has none.
 */
export function readStackConfig(project: PulumiProject, stack: string, explicitStack = false): StackConfig {
    const out: StackConfig = { config: {}, secretKeys: [], unreadableSecretKeys: [], notes: [] };
    const qualify = (k: string) => (k.includes(":") ? k : `${project.name}:${k}`);

    const projectDoc = readYaml(path.join(project.dir, fs.existsSync(path.join(project.dir, "Pulumi.yaml")) ? "Pulumi.yaml" : "Pulumi.yml")) as any;
    for (const [k, v] of Object.entries<any>(projectDoc?.config ?? {})) {
        const value = v && typeof v === "object" && !Array.isArray(v) && "default" in v ? v.default : v && typeof v === "object" && "value" in v ? v.value : undefined;
        if (value !== undefined) out.config[qualify(k)] = configText(value);
    }

    // A fully qualified `org/project/stack` keeps its stack file under the last segment, as the CLI does.
    const file = stackFile(project, stack);
    if (!fs.existsSync(file)) {
        if (explicitStack) {
            const others = listStacks(project);
            out.notes.push(
                `\`--stack ${stack}\` names no \`${path.basename(file)}\`: the program ran with the project's defaults only` +
                    (others.length ? ` (stack files here: ${others.map((s) => `\`${s}\``).join(", ")})` : " (the project has no stack files)"),
            );
        }
        return out;
    }
    const doc = readYaml(file) as any;
    const envs = environmentImports(doc?.environment);
    if (envs.length) {
        out.notes.push(
            `\`${path.basename(file)}\` imports ESC environment${envs.length === 1 ? "" : "s"} ${envs.map((e) => `\`${e}\``).join(", ")}: ` +
                `${envs.length === 1 ? "its" : "their"} config cannot be read offline, so the program saw only the stack file's own config`,
        );
    }
    const config = doc?.config ?? {};
    if (typeof config !== "object" || Array.isArray(config)) throw new InputError(`\`config\` in \`${file}\` must be a map of keys to values`);
    for (const [k, v] of Object.entries<any>(config)) {
        const key = qualify(k);
        const { value, secure } = unwrapSecure(v);
        out.config[key] = configText(value);
        if (secure) {
            out.secretKeys.push(key);
            out.unreadableSecretKeys.push(key);
        }
    }
    return out;
}

function stackFile(project: PulumiProject, stack: string): string {
    return path.join(project.stackConfigDir, `Pulumi.${stack.split("/").pop()}.yaml`);
}

/** The stacks that have a stack file next to the project, for a note when `--stack` names none. */
function listStacks(project: PulumiProject): string[] {
    try {
        return fs
            .readdirSync(project.stackConfigDir)
            .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
            .filter((s): s is string => !!s)
            .sort();
    } catch {
        return [];
    }
}

/** `environment:` is a list of ESC environment names (or, in the longer form, `{ imports: [...] }`). */
function environmentImports(env: unknown): string[] {
    const list = Array.isArray(env) ? env : typeof env === "string" ? [env] : env && typeof env === "object" && Array.isArray((env as any).imports) ? (env as any).imports : [];
    return list.map((e: unknown) => (typeof e === "string" ? e : e && typeof e === "object" ? Object.keys(e as object)[0] : undefined)).filter((e: unknown): e is string => !!e);
}

/** Replaces every `secure:` leaf (also inside structured config) with the placeholder. */
function unwrapSecure(v: unknown): { value: unknown; secure: boolean } {
    if (v && typeof v === "object" && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        if (Object.keys(o).length === 1 && typeof o.secure === "string") return { value: UNREADABLE_SECRET, secure: true };
        let secure = false;
        const value: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(o)) {
            const r = unwrapSecure(e);
            secure ||= r.secure;
            value[k] = r.value;
        }
        return { value, secure };
    }
    if (Array.isArray(v)) {
        const items = v.map(unwrapSecure);
        return { value: items.map((i) => i.value), secure: items.some((i) => i.secure) };
    }
    return { value: v, secure: false };
}

/** The language host passes config as strings; structured values as JSON. */
function configText(v: unknown): string {
    return typeof v === "string" ? v : v !== null && typeof v === "object" ? JSON.stringify(v) : String(v);
}

/**
 * The file the program starts from, relative to the cwd: where SARIF locates preview findings (the
 * gate does not capture source positions). A folder `main` starts from its package.json `main` or
 * its index file, as Node resolves it; `Pulumi.yaml` when neither exists.
 */
export function programEntryFile(project: PulumiProject): string {
    let file = path.join(project.dir, "Pulumi.yaml");
    if (fs.existsSync(project.main) && fs.statSync(project.main).isFile()) file = project.main;
    else {
        let pkgMain: string | undefined;
        try {
            const pkg = JSON.parse(fs.readFileSync(path.join(project.main, "package.json"), "utf8"));
            if (typeof pkg.main === "string") pkgMain = path.join(project.main, pkg.main);
        } catch {
            /* no package.json: Node falls back to index */
        }
        const candidates = [pkgMain, ...["index.ts", "index.js"].map((f) => path.join(project.main, f))];
        file = candidates.find((f): f is string => !!f && fs.existsSync(f) && fs.statSync(f).isFile()) ?? file;
    }
    return path.relative(process.cwd(), file).split(path.sep).join("/");
}
