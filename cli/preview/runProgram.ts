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
import { InputError } from "../errors";
import { PulumiProject, StackConfig } from "./project";
import { Registration, engineUrn } from "./engineModel";

export interface ProgramRun {
    /** In registration order. Their URNs (own, parent, dependencies) are already the engine's. */
    registrations: Registration[];
}

function loadProgramPulumi(programDir: string): any {
    for (const paths of [[programDir], [__dirname]]) {
        try {
            return require(require.resolve("@pulumi/pulumi", { paths }));
        } catch {
            /* try the next location */
        }
    }
    throw new InputError(`cannot load \`@pulumi/pulumi\` for \`${programDir}\`: run \`npm install\` in the project`);
}

/** As the Node.js language host does: ts-node in transpile-only mode, CommonJS whatever the tsconfig says. */
function registerTypeScript(project: PulumiProject): void {
    const tsconfig = project.tsconfig ?? path.join(project.dir, "tsconfig.json");
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require("ts-node").register({
        transpileOnly: true,
        dir: project.dir,
        ...(fs.existsSync(tsconfig) ? { project: tsconfig } : { skipProject: true }),
        compilerOptions: { module: "commonjs", moduleResolution: "node", target: "es2020", sourceMap: true },
    });
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

export async function runProgram(project: PulumiProject, stack: string, config: StackConfig): Promise<ProgramRun> {
    const pulumi = loadProgramPulumi(project.dir);
    const runtime = pulumi.runtime;
    runtime.setAllConfig(config.config, config.secretKeys);
    await runtime.setMocks(
        {
            // Preview: outputs echo inputs, ids stay unknown (empty id), as before the provider creates anything.
            newResource: (a: any) => ({ id: undefined, state: a.inputs }),
            // Invokes (data sources) cannot reach the cloud offline: they echo their arguments.
            call: (a: any) => a.inputs,
        },
        project.name,
        stack,
        true,
    );

    const registrations: Registration[] = [];
    const engineToMock = new Map<string, string>();
    const toMock = (urn: string) => engineToMock.get(urn) ?? urn;
    const seen = new Set<string>();
    let duplicate: string | undefined;

    const monitor: any = runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        const parent: string = req.getParent();
        const urn = engineUrn(stack, project.name, parent || undefined, req.getType(), req.getName());
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
                    inputs: req.getObject()?.toJavaScript() ?? {},
                    protect: !!req.getProtect(),
                    ignoreChanges: req.getIgnorechangesList(),
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                    aliases: req.getAliasesList().map((a: any) => (typeof a === "string" ? a : a?.getUrn?.() || "")).filter(Boolean),
                    deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
                });
                resp.setUrn(urn);
            }
            callback(err, resp);
        });
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
    try {
        if (project.typescript) registerTypeScript(project);
        await runtime.runInPulumiStack(async () => {
            const exported = require(project.main);
            // A program may export a function (sync or async) whose result is the stack outputs.
            const entry = exported && typeof exported.default === "function" ? exported.default : typeof exported === "function" ? exported : undefined;
            return entry ? await entry() : exported;
        });
        if (typeof runtime.waitForRPCs === "function") await runtime.waitForRPCs();
        // Let rejections raised by the last registrations reach the handler.
        await new Promise((r) => setImmediate(r));
    } catch (e) {
        // Leave the handler in place: the SDK rejects more promises for the same failure later.
        throw programError(e);
    } finally {
        console.log = log;
        console.info = info;
    }
    process.off("unhandledRejection", onRejection);
    if (asyncFailures.length) throw programError(asyncFailures[0]);
    if (duplicate) throw new InputError(`the program registers \`${duplicate}\` twice: give each resource a unique name`);
    return { registrations };
}
