/**
 * Serves a CrossGuard policy pack the way the Pulumi CLI does, and talks to it over the Analyzer
 * gRPC protocol: the pack runs in its own process with its own module resolution, so what it
 * reports here is what it would report under `pulumi preview --policy-pack`.
 *
 * The CLI (`pulumi-analyzer-policy`) starts `node <@pulumi/pulumi/cmd/run-policy-pack> <engine> .`
 * with the pack folder as cwd and the project/stack in the environment; the pack prints the port
 * of its Analyzer server on the first line of stdout.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
    AnalyzeResult,
    AnalyzerInfo,
    AnalyzerInput,
    Empty,
    PolicyPackConfig,
    analyzeRequest,
    analyzeStackRequest,
    analyzerGrpc,
    configureRequest,
    decodeAnalyzeResponse,
    decodeAnalyzerInfo,
} from "./protocol";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// The same grpc-js instance the generated client stubs were built against.
const grpc: typeof import("@grpc/grpc-js") = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));

/** The engine and the pack both raise gRPC's 4 MB default to 400 MB: AnalyzeStack carries the whole stack. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;
/** Keep the tail of the pack's output for error messages without buffering a chatty pack forever. */
const OUTPUT_TAIL_BYTES = 16 * 1024;

export interface PackHostOptions {
    project?: string;
    stack?: string;
    organization?: string;
    /** `true` for preview (unknowns possible), `false` for an audit of deployed state. */
    dryRun?: boolean;
    /** Stack config as the CLI passes it in `PULUMI_CONFIG` (`{"<project>:<key>": "<value>"}`). */
    config?: Record<string, string>;
    /** How long the pack may take to print its port. */
    startTimeoutMs?: number;
    /** How long one RPC may take before the run fails closed. */
    callTimeoutMs?: number;
    /** Extra environment for the pack process (tests). */
    env?: Record<string, string>;
}

/**
 * Limits from the environment (`NHI_GUARD_START_TIMEOUT_MS`, `NHI_GUARD_CALL_TIMEOUT_MS`), for CI
 * runners that are slower than the defaults assume, and for tests of a pack that hangs. A value
 * that is not a positive whole number is ignored rather than read as "no limit".
 */
export function timeoutFromEnv(name: string): number | undefined {
    const raw = process.env[name];
    if (raw === undefined || !/^\d{1,9}$/.test(raw.trim())) return undefined;
    const n = Number(raw.trim());
    return n > 0 ? n : undefined;
}

/** A failure of the pack or of the protocol: the gate must not report "clean" after one. */
export class PackHostError extends Error {
    constructor(
        message: string,
        /** The step that failed, e.g. `start`, `Configure`, `Analyze`. */
        readonly step: string,
    ) {
        super(message);
        this.name = "PackHostError";
    }
}

export class PackHost {
    /** Milliseconds from spawn until the pack printed its port. */
    readonly startupMs: number;
    readonly packDir: string;
    private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    private readonly exitWaiters = new Set<(why: string) => void>();
    private stopping = false;
    private peakRssSeenKB = NaN;

    private constructor(
        packDir: string,
        private readonly child: ChildProcess,
        private readonly client: any,
        startupMs: number,
        private readonly output: { tail: () => string },
        private readonly callTimeoutMs: number,
    ) {
        this.packDir = packDir;
        this.startupMs = startupMs;
        child.on("exit", (code, signal) => {
            this.sampleRss();
            this.exited = { code, signal };
            const why = this.describeExit();
            for (const w of this.exitWaiters) w(why);
        });
    }

    /** Spawn the pack and connect to it. Rejects with a `PackHostError` (step `start`) if it does not come up. */
    static async start(packDir: string, opts: PackHostOptions = {}): Promise<PackHost> {
        const dir = path.resolve(packDir);
        if (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) {
            throw new PackHostError(`policy pack \`${dir}\` has no PulumiPolicy.yaml: pass a CrossGuard policy pack folder`, "start");
        }
        // A pack with its own node_modules runs its own @pulumi/pulumi, as under the CLI.
        let runner: string;
        try {
            runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir, pulumiDir] });
        } catch {
            throw new PackHostError("cannot find `@pulumi/pulumi/cmd/run-policy-pack`: install @pulumi/pulumi next to the policy pack", "start");
        }
        const project = opts.project ?? "nhi-guard";
        const stack = opts.stack ?? "dev";
        const dryRun = String(opts.dryRun ?? true);
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PULUMI_CONFIG: JSON.stringify(opts.config ?? {}),
            PULUMI_NODEJS_PROJECT: project,
            PULUMI_NODEJS_STACK: stack,
            PULUMI_NODEJS_DRY_RUN: dryRun,
            PULUMI_NODEJS_ORGANIZATION: opts.organization ?? "organization",
            ...opts.env,
        };
        // The engine address is only dialled when PULUMI_NODEJS_ENGINE is set, and we do not set it:
        // policy log output then goes to the pack's own stdout, which we drain.
        delete env.PULUMI_NODEJS_ENGINE;

        const t0 = process.hrtime.bigint();
        const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
        let tail = "";
        const keep = (d: Buffer | string) => {
            tail = (tail + d.toString()).slice(-OUTPUT_TAIL_BYTES);
        };
        child.stderr!.on("data", keep);
        const output = { tail: () => tail };

        const startTimeoutMs = opts.startTimeoutMs ?? timeoutFromEnv("NHI_GUARD_START_TIMEOUT_MS") ?? 60000;
        const port = await new Promise<number>((resolve, reject) => {
            let first = "";
            const timer = setTimeout(() => {
                child.kill("SIGKILL");
                reject(new PackHostError(`policy pack \`${dir}\` did not start within ${seconds(startTimeoutMs)}${lastLine(tail)}`, "start"));
            }, startTimeoutMs);
            const onData = (d: Buffer) => {
                first += d.toString();
                const nl = first.indexOf("\n");
                if (nl < 0) return;
                child.stdout!.off("data", onData);
                child.stdout!.on("data", keep);
                keep(first.slice(nl + 1));
                clearTimeout(timer);
                const line = first.slice(0, nl).trim();
                const n = /^\d+$/.test(line) ? Number(line) : NaN;
                if (!(n > 0 && n < 65536)) {
                    child.kill("SIGKILL");
                    reject(new PackHostError(`policy pack \`${dir}\` printed \`${line.slice(0, 120)}\` instead of its port`, "start"));
                } else resolve(n);
            };
            child.stdout!.on("data", onData);
            child.once("error", (e) => {
                clearTimeout(timer);
                reject(new PackHostError(`cannot start policy pack \`${dir}\`: ${e.message}`, "start"));
            });
            child.once("exit", (code, signal) => {
                clearTimeout(timer);
                reject(new PackHostError(`policy pack \`${dir}\` exited (${signal ?? `code ${code}`}) before serving${lastLine(tail)}`, "start"));
            });
        });
        const startupMs = Number(process.hrtime.bigint() - t0) / 1e6;
        const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
            "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
        });
        const host = new PackHost(dir, child, client, startupMs, output, opts.callTimeoutMs ?? timeoutFromEnv("NHI_GUARD_CALL_TIMEOUT_MS") ?? 120000);
        host.sampleRss();
        return host;
    }

    /** The child's process id (tests kill it to check the gate fails closed). */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** The pack's peak resident set size in kB (`VmHWM`), sampled while it runs and at exit. */
    get peakRssKB(): number {
        this.sampleRss();
        return this.peakRssSeenKB;
    }

    /** The last lines the pack wrote to stdout/stderr (policy `console.log`, crash traces). */
    outputTail(): string {
        return this.output.tail();
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        return decodeAnalyzerInfo(await this.call("getAnalyzerInfo", new Empty(), "GetAnalyzerInfo"));
    }

    /** What the CLI does before analysing: GetAnalyzerInfo, merge initial and user config, Configure. */
    async configure(userConfig: PolicyPackConfig = {}): Promise<AnalyzerInfo> {
        const info = await this.getAnalyzerInfo();
        await this.call("configure", configureRequest(info, userConfig), "Configure");
        return info;
    }

    async analyze(input: AnalyzerInput): Promise<AnalyzeResult> {
        return decodeAnalyzeResponse(await this.call("analyze", analyzeRequest(input), `Analyze ${input.urn}`));
    }

    async analyzeStack(inputs: AnalyzerInput[]): Promise<AnalyzeResult> {
        return decodeAnalyzeResponse(await this.call("analyzeStack", analyzeStackRequest(inputs), "AnalyzeStack"));
    }

    /** Close the channel and end the pack; resolves once it has exited. */
    async stop(): Promise<void> {
        this.stopping = true;
        this.sampleRss();
        this.client.close();
        if (this.exited) return;
        await new Promise<void>((resolve) => {
            const t = setTimeout(() => this.child.kill("SIGKILL"), 5000);
            this.child.once("exit", () => {
                clearTimeout(t);
                resolve();
            });
            this.child.kill("SIGTERM");
        });
    }

    /**
     * One RPC that fails closed: it rejects with a `PackHostError` naming the step if the pack has
     * died, dies during the call, errs, or does not answer in time.
     */
    private call(method: string, request: unknown, step: string): Promise<any> {
        if (this.exited) return Promise.reject(new PackHostError(`${step}: ${this.describeExit()}`, step));
        this.sampleRss();
        return new Promise((resolve, reject) => {
            let settled = false;
            const done = (f: () => void) => {
                if (settled) return;
                settled = true;
                this.exitWaiters.delete(onExit);
                f();
            };
            const onExit = (why: string) => done(() => reject(new PackHostError(`${step}: ${why}`, step)));
            this.exitWaiters.add(onExit);
            const deadline = new Date(Date.now() + this.callTimeoutMs);
            this.client[method](request, { deadline }, (err: any, resp: any) => {
                if (!err) return done(() => resolve(resp));
                // If the pack died, its exit explains the failure better than UNAVAILABLE does.
                setTimeout(() => {
                    done(() => {
                        const detail = this.exited
                            ? this.describeExit()
                            : err.code === grpc.status.DEADLINE_EXCEEDED
                              ? `policy pack did not answer within ${seconds(this.callTimeoutMs)}`
                              : `policy pack failed: ${firstLine(err.details || err.message)}`;
                        reject(new PackHostError(`${step}: ${detail}`, step));
                    });
                }, this.exited ? 0 : 200);
            });
        });
    }

    private describeExit(): string {
        const e = this.exited;
        if (!e) return "policy pack is running";
        if (this.stopping) return "policy pack was stopped";
        return `policy pack exited unexpectedly (${e.signal ?? `code ${e.code}`})${lastLine(this.output.tail())}`;
    }

    private sampleRss(): void {
        const kb = readStatusKB(this.child.pid, "VmHWM");
        if (kb > 0 && !(kb <= this.peakRssSeenKB)) this.peakRssSeenKB = kb;
    }
}

function readStatusKB(pid: number | undefined, field: string): number {
    if (!pid) return NaN;
    try {
        const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        return m ? Number(m[1]) : NaN;
    } catch {
        return NaN;
    }
}

/** `120 s`, or `1.5 s` for the short limits tests set (never "0 s"). */
function seconds(ms: number): string {
    return `${ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10} s`;
}

function firstLine(s: string): string {
    return String(s ?? "").split("\n").find((l) => l.trim()) ?? "";
}

/** The pack's last meaningful output line, to explain a crash in one line. */
function lastLine(tail: string): string {
    const lines = tail.split("\n").map((l) => l.trim()).filter((l) => l && !/^at /.test(l));
    const l = lines.find((x) => /Error|error:/.test(x)) ?? lines[lines.length - 1];
    return l ? `: ${l.slice(0, 300)}` : "";
}
