/**
 * Runs a Pulumi Node.js program offline, under `pulumi.runtime.setMocks(..., preview = true)`, and
 * records every RegisterResource request the SDK sends. The program's own `@pulumi/pulumi` is used
 * (a second copy would not see the program's resources), falling back to the gate's.
 *
 * The mock monitor's URNs are wrong below the first level, so the wrapper hands the SDK the
 * engine's URNs instead and translates them back where the mock looks its own URNs up.
 */
import * as fs from "fs";
import * as path from "path";
import * as url from "url";
import { InputError } from "../errors";
import { UNKNOWN } from "../analyzer/protocol";
import { PulumiProject, StackConfig } from "./project";
import { DeployedOutputs, Registration, engineUrn } from "./engineModel";
import { SourceLocator, rawStackTraces } from "./sourceLocations";
import { DEFAULT_GITHUB_OWNER, DeployedResource, DeploymentContext, deployedResource } from "./deployedOutputs";
import { accountContext } from "./dataSources/accountContext";
import { DataSourceOverrides, PreviewDataSources } from "./dataSources";

/** What the local backend (`pulumi login --local`) reports as the organization. */
export const DEFAULT_ORGANIZATION = "organization";

export interface RunOptions {
    /** `pulumi.getOrganization()` (default: the local backend's `organization`). */
    organization?: string;
    /**
     * Outputs as `pulumi preview` has them (unknown until created) instead of the deployment's
     * modelled values (see ./deployedOutputs.ts).
     */
    literal?: boolean;
    /** Data-source results given by the user (`--data-source TOKEN=FILE.json`, see ./dataSources/overrides.ts). */
    dataSources?: DataSourceOverrides;
}

export interface ProgramRun {
    /** In registration order. Their URNs (own, parent, dependencies) are already the engine's. */
    registrations: Registration[];
    /** What the report says about the run's data sources (unknown ones, modelled lookups): see ./dataSources. */
    dataSourceNotes: string[];
}

function loadProgramPulumi(programDir: string): { pulumi: any; dir: string } {
    for (const paths of [[programDir], [__dirname]]) {
        try {
            const main = require.resolve("@pulumi/pulumi", { paths });
            return { pulumi: require(main), dir: path.dirname(main) };
        } catch {
            /* try the next location */
        }
    }
    throw new InputError(`cannot load \`@pulumi/pulumi\` for \`${programDir}\`: run \`npm install\` in the project`);
}

/**
 * As the Node.js language host does (cmd/run/run.js): ts-node in transpile-only mode with the
 * tsconfig's own compiler options over `module`/`moduleResolution: nodenext` when the program's
 * TypeScript is 4.7 or later (TypeScript 6 rejects `moduleResolution: node`, TS5107), and
 * `commonjs`/`node` only for older ones. `nodenext` still emits CommonJS for a CommonJS package.
 */
function registerTypeScript(project: PulumiProject): void {
    const tsconfig = project.tsconfig ?? path.join(project.dir, "tsconfig.json");
    // ts-node resolves `typescript` from the project, as the host does, so the version that decides
    // the options is the project's (the gate's own only when the project has none).
    let ts: any;
    try {
        ts = require(require.resolve("typescript", { paths: [project.dir] }));
    } catch {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        ts = require("typescript");
    }
    const [major, minor] = String(ts.version ?? "0.0").split(".").map(Number);
    const nodeNext = major > 4 || (major === 4 && minor >= 7);
    let fromTsconfig: Record<string, unknown> = {};
    if (fs.existsSync(tsconfig)) {
        try {
            fromTsconfig = ts.parseConfigFileTextToJson(tsconfig, fs.readFileSync(tsconfig, "utf8")).config?.compilerOptions ?? {};
        } catch {
            /* as the host: an unreadable tsconfig contributes no options */
        }
    }
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require("ts-node").register({
        transpileOnly: true,
        dir: project.dir,
        ...(fs.existsSync(tsconfig) ? { project: tsconfig } : { skipProject: true }),
        compilerOptions: {
            target: "ES2020",
            module: nodeNext ? "nodenext" : "commonjs",
            moduleResolution: nodeNext ? "nodenext" : "node",
            sourceMap: true,
            ...fromTsconfig,
        },
    });
}

/**
 * An awaited data source's unknown field is the SDK's `unknown` singleton, which a template string
 * or JSON.stringify would turn into "[object Object]" or `{}`: a wrong value that looks known. While
 * the program runs it converts to the unknown sentinel instead (own, non-enumerable properties of
 * that one object: the SDK tells unknowns apart by `__pulumiUnknown`, not by these), and the
 * returned function removes them again.
 */
function unknownConvertsToSentinel(pulumi: any): () => void {
    const u = pulumi.unknown;
    if (!u || typeof u !== "object" || !Object.isExtensible(u)) return () => undefined;
    const keys: PropertyKey[] = ["toString", "toJSON", Symbol.toPrimitive];
    const saved = keys.map((k) => Object.getOwnPropertyDescriptor(u, k));
    for (const k of keys) Object.defineProperty(u, k, { value: () => UNKNOWN, configurable: true, writable: true, enumerable: false });
    return () =>
        keys.forEach((k, i) => {
            const d = saved[i];
            if (d) Object.defineProperty(u, k, d);
            else delete u[k];
        });
}

/**
 * A string built from an unknown (one that contains the sentinel but is more than it) is wholly
 * unknown, as an Output interpolation would be: `replacement` in its place, all the way down.
 */
export function wholeUnknowns(value: unknown, replacement: unknown = UNKNOWN): unknown {
    if (typeof value === "string") return value !== UNKNOWN && value.includes(UNKNOWN) ? replacement : value;
    if (Array.isArray(value)) return value.map((v) => wholeUnknowns(v, replacement));
    if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wholeUnknowns(v, replacement)]));
    }
    return value;
}

/** `aws:defaultTags` is JSON config (`{"tags": {...}}`); anything else contributes no tags. */
function awsDefaultTags(text: string | undefined): Record<string, string> | undefined {
    try {
        const tags = text ? JSON.parse(text)?.tags : undefined;
        return tags && typeof tags === "object" && !Array.isArray(tags) && Object.values(tags).every((v) => typeof v === "string") ? tags : undefined;
    } catch {
        return undefined;
    }
}

/** The nearest package.json above the program (the language host's "package root"), parsed. */
function packageManifest(project: PulumiProject): { dir: string; data: any } {
    let dir = fs.existsSync(project.main) && fs.statSync(project.main).isDirectory() ? project.main : path.dirname(project.main);
    for (;;) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            try {
                return { dir, data: JSON.parse(fs.readFileSync(file, "utf8")) };
            } catch {
                return { dir, data: {} };
            }
        }
        const parent = path.dirname(dir);
        if (parent === dir) return { dir: project.dir, data: {} };
        dir = parent;
    }
}

/**
 * The file an ES module program starts from, as the host resolves it: package.json `exports` or
 * `main` when `Pulumi.yaml` names no `main`, else the folder's index.js, .mjs, .ts or .mts.
 */
function esmEntry(project: PulumiProject, pkg: { dir: string; data: any }): string {
    let main = project.main;
    if (!project.explicitMain) {
        const exp = pkg.data.exports;
        const dot = exp && typeof exp === "object" ? exp["."] : undefined;
        const declared =
            typeof exp === "string" ? exp : typeof dot === "string" ? dot : dot && typeof dot === "object" ? (dot.default ?? dot.require ?? dot.import) : pkg.data.main;
        if (typeof declared === "string" && fs.existsSync(path.join(pkg.dir, declared))) main = path.join(pkg.dir, declared);
    }
    main = fs.realpathSync(main);
    if (fs.statSync(main).isDirectory()) {
        const index = ["index.js", "index.mjs", "index.ts", "index.mts"].find((f) => fs.existsSync(path.join(main, f)));
        if (!index) throw new InputError(`no entry point in \`${main}\`: add an index.ts (or set \`main\` in Pulumi.yaml)`);
        main = path.join(main, index);
    }
    return main;
}

/** An ES module program: `"type": "module"` in its package.json, or an `.mjs`/`.mts` entry point. */
function isEsModule(project: PulumiProject, pkg: { data: any }): boolean {
    return pkg.data?.type === "module" || /\.m[jt]s$/.test(project.main);
}

/**
 * As the host does for ES module TypeScript programs: ts-node's ESM hooks through
 * `module.register`, with the SDK's own hooks file, NodeNext modules and the project's tsconfig
 * options on top (transpile-only, as the gate never type-checks).
 */
function registerEsmTypeScript(project: PulumiProject, programPulumiDir: string): void {
    const tsconfig = project.tsconfig ?? path.join(project.dir, "tsconfig.json");
    let fromTsconfig: Record<string, unknown> = {};
    if (fs.existsSync(tsconfig)) {
        try {
            // eslint-disable-next-line @typescript-eslint/no-var-requires
            const ts = require("typescript");
            fromTsconfig = ts.parseConfigFileTextToJson(tsconfig, fs.readFileSync(tsconfig, "utf8")).config?.compilerOptions ?? {};
        } catch {
            /* as the host: an unreadable tsconfig contributes no options */
        }
    }
    const options = {
        transpileOnly: true,
        project: tsconfig,
        skipProject: !fs.existsSync(tsconfig),
        compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...fromTsconfig },
    };
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { register } = require("module");
    const hooks = path.join(programPulumiDir, "cmd", "run", "hooks.js");
    if (typeof register !== "function" || !fs.existsSync(hooks)) {
        throw new InputError("this ES module program needs Node.js >= 20.6 and `@pulumi/pulumi` >= 3.150 (for ts-node's ESM hooks): upgrade them, or use CommonJS");
    }
    // The SDK's hooks file builds its ts-node service when it loads, before `initialize` hands it
    // the options, so ts-node reads its settings from the environment instead (and would type-check
    // the program against every SDK's declarations, ten times slower). The hooks thread copies the
    // environment when it starts, so these settings are set for that moment only.
    const saved = { ...process.env };
    Object.assign(process.env, {
        TS_NODE_TRANSPILE_ONLY: "true",
        TS_NODE_COMPILER_OPTIONS: JSON.stringify(options.compilerOptions),
        ...(options.skipProject ? { TS_NODE_SKIP_PROJECT: "true" } : { TS_NODE_PROJECT: tsconfig }),
    });
    try {
        register(url.pathToFileURL(hooks).href, url.pathToFileURL(__filename), { data: options });
    } finally {
        for (const k of ["TS_NODE_TRANSPILE_ONLY", "TS_NODE_COMPILER_OPTIONS", "TS_NODE_SKIP_PROJECT", "TS_NODE_PROJECT"]) {
            if (saved[k] === undefined) delete process.env[k];
            else process.env[k] = saved[k];
        }
    }
}

// The program's own `import()`, not one TypeScript or esbuild would rewrite into `require`.
// eslint-disable-next-line no-eval
const dynamicImport = (0, eval)("u => import(u)") as (u: string) => Promise<any>;

/**
 * Loads the program as the Node.js language host does: `require` for CommonJS, dynamic `import`
 * for ES modules (where a default export is the program, and must come alone).
 */
async function loadProgram(project: PulumiProject, pulumiDir: string): Promise<any> {
    const pkg = packageManifest(project);
    if (!isEsModule(project, pkg)) {
        if (project.typescript) registerTypeScript(project);
        return require(project.main);
    }
    if (project.typescript) registerEsmTypeScript(project, pulumiDir);
    const mod = await dynamicImport(url.pathToFileURL(esmEntry(project, pkg)).href);
    if (Object.getOwnPropertyDescriptor(mod, "default") !== undefined) {
        if (Object.keys(mod).length !== 1) throw new Error("expected entrypoint module to have either a default export or named exports but not both");
        return mod.default;
    }
    return mod;
}

/**
 * The program's error as the user should see it: its message, not its stack. A DeclarationError's
 * message already lists every problem, one per line.
 */
function programError(e: unknown): InputError {
    const err = e as any;
    const message = String(err?.message ?? err ?? "unknown error").trim();
    return new InputError(`the program failed: ${message}`);
}

export async function runProgram(project: PulumiProject, stack: string, config: StackConfig, opts: RunOptions = {}): Promise<ProgramRun> {
    const { pulumi, dir: pulumiDir } = loadProgramPulumi(project.dir);
    const runtime = pulumi.runtime;
    runtime.setAllConfig(config.config, config.secretKeys);
    const deployment: DeploymentContext = {
        ...accountContext(config.config, opts.dataSources),
        github: { owner: config.config["github:owner"] || DEFAULT_GITHUB_OWNER },
        awsDefaultTags: awsDefaultTags(config.config["aws:defaultTags"]),
    };
    // The engine URN of the registration being sent: the mock calls newResource synchronously
    // from registerResource, before its first await, so the hook below hands it over.
    let registering: string | undefined;
    const deployed = new Map<string, { id: string; keys: string[] }>();
    // What the model added, in wire form as the mock serialized it (unknowns and secrets inside an
    // echoed structure, such as `tagsAll`, keep their markers); echoed inputs are the inputs.
    const deployedOutputs = (urn: string, resp: any): DeployedOutputs | undefined => {
        const d = deployed.get(urn);
        if (!d) return undefined;
        const state = resp.getObject()?.toJavaScript() ?? {};
        return { id: d.id, outputs: Object.fromEntries(d.keys.filter((k) => k in state).map((k) => [k, wholeUnknowns(state[k])])) };
    };
    const newResource = (mockArgs: any): { id: string | undefined; state: Record<string, unknown> } => {
        // The mock deserialized the inputs (an unknown is the SDK's `unknown`): a string built from
        // one is that too, so nothing is modelled from it.
        const a = { ...mockArgs, inputs: wholeUnknowns(mockArgs.inputs, pulumi.unknown) };
        const urn = registering;
        registering = undefined;
        // Literal preview: outputs echo inputs, ids stay unknown (empty id), as before the provider
        // creates anything. A read (`Resource.get`) has only what the cloud holds: unknown too.
        if (opts.literal || !a.custom || urn === undefined) return { id: a.id || undefined, state: a.inputs };
        const r: DeployedResource = deployedResource(a.type, a.name, urn, a.inputs, deployment);
        const id = a.id || r.id;
        deployed.set(urn, { id, keys: Object.keys(r.state).filter((k) => !(k in a.inputs)) });
        return { id: id || undefined, state: r.state };
    };
    const dataSources = new PreviewDataSources(config.config, opts.dataSources, project.dir);
    await runtime.setMocks(
        {
            newResource,
            // Invokes (data sources): computed offline, the account context, or unknown (./dataSources).
            call: dataSources.call,
        },
        project.name,
        stack,
        true,
        opts.organization ?? DEFAULT_ORGANIZATION,
    );

    const registrations: Registration[] = [];
    const engineToMock = new Map<string, string>();
    const toMock = (urn: string) => engineToMock.get(urn) ?? urn;
    const seen = new Set<string>();
    let duplicate: string | undefined;

    const locator = new SourceLocator(project.dir, project.main);
    const monitor: any = runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        const parent: string = req.getParent();
        const urn = engineUrn(stack, project.name, parent || undefined, req.getType(), req.getName());
        registering = urn;
        register(req, (err: any, resp: any) => {
            if (!err) {
                if (seen.has(urn)) duplicate ??= urn;
                seen.add(urn);
                engineToMock.set(urn, resp.getUrn());
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((v: any, k: string) => {
                    propertyDependencies[k] = v.getUrnsList();
                });
                registrations.push({
                    mockUrn: urn,
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    parent,
                    provider: req.getProvider(),
                    version: req.getVersion(),
                    dependencies: req.getDependenciesList(),
                    propertyDependencies,
                    inputs: wholeUnknowns(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
                    protect: !!req.getProtect(),
                    ignoreChanges: req.getIgnorechangesList(),
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                    aliases: req.getAliasesList().map((a: any) => (typeof a === "string" ? a : a?.getUrn?.() || "")).filter(Boolean),
                    deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
                    remote: !!req.getRemote?.(),
                    declared: locator.locate(req),
                    deployed: deployedOutputs(urn, resp),
                });
                resp.setUrn(urn);
            }
            callback(err, resp);
        });
        // Handed over synchronously or not at all: a later read (`Resource.get`) must not inherit it.
        registering = undefined;
    };
    // The mock keys its state by its own URNs.
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: any) => {
        req.setUrn(toMock(req.getUrn()));
        registerOutputs(req, callback);
    };
    const invoke = monitor.invoke.bind(monitor);
    monitor.invoke = (req: any, callback: any) => {
        if (req.getTok() === "pulumi:pulumi:getResource") {
            const args = req.getArgs().toJavaScript();
            req.setArgs(req.getArgs().constructor.fromJavaScript({ ...args, urn: toMock(args.urn) }));
        }
        invoke(req, callback);
    };

    // A failure inside the SDK's asynchronous registration surfaces as an unhandled rejection.
    const asyncFailures: unknown[] = [];
    const onRejection = (e: unknown) => asyncFailures.push(e);
    process.on("unhandledRejection", onRejection);
    // The program's console output must not mix into a JSON report on stdout.
    const log = console.log;
    const info = console.info;
    console.log = console.info = (...a: unknown[]) => console.error(...a);
    // Stacks with raw positions while the program runs; the kept frames are mapped by the locator.
    const restoreStacks = rawStackTraces(locator);
    const restoreUnknown = unknownConvertsToSentinel(pulumi);
    // The host runs the program from the project folder (`./policy.json` is read from there).
    const cwd = process.cwd();
    try {
        process.chdir(project.dir);
        await runtime.runInPulumiStack(async () => {
            const exported = await loadProgram(project, pulumiDir);
            // A program may export a function (sync or async) whose result is the stack outputs.
            const entry = exported && typeof exported.default === "function" ? exported.default : typeof exported === "function" ? exported : undefined;
            return entry ? await entry() : exported;
        });
        if (typeof runtime.waitForRPCs === "function") await runtime.waitForRPCs();
        // Let rejections raised by the last registrations reach the handler.
        await new Promise((r) => setImmediate(r));
    } catch (e) {
        // Leave the handler in place: the SDK rejects more promises for the same failure later.
        throw dataSources.failure(e) ?? programError(e);
    } finally {
        restoreStacks();
        restoreUnknown();
        process.chdir(cwd);
        console.log = log;
        console.info = info;
    }
    process.off("unhandledRejection", onRejection);
    if (asyncFailures.length) throw dataSources.failure(asyncFailures[0]) ?? programError(asyncFailures[0]);
    if (duplicate) throw new InputError(`the program registers \`${duplicate}\` twice: give each resource a unique name`);
    return { registrations, dataSourceNotes: dataSources.notes() };
}
