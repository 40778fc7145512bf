/**
 * In-process harness for the nhi-guard pack: @pulumi/policy's own gRPC handlers (Configure,
 * GetAnalyzerInfo, Analyze, AnalyzeStack), driven with the protobuf requests the gate sends
 * (`cli/analyzer/protocol.ts`), without a child process. `serve()` is called with a gRPC server
 * that registers the handlers but never listens, so policy config goes through the same
 * module-level store it uses when served.
 */
import * as fs from "fs";
import * as path from "path";
import {
    AnalyzeResult,
    AnalyzerInfo,
    AnalyzerInput,
    Diagnostic,
    Empty,
    PolicyPackConfig,
    analyzeRequest,
    analyzeStackRequest,
    configureRequest,
    decodeAnalyzeResponse,
    decodeAnalyzerInfo,
} from "../../cli/analyzer/protocol";
import { pinClock } from "./clock";

const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [policyDir] }));
export const PACK_DIR = path.resolve(__dirname, "../../policy-packs/nhi-guard");
export const PACK_VERSION: string = require(path.join(PACK_DIR, "package.json")).version;

type Handler = (call: { request: unknown }, callback: (err: unknown, resp?: any) => void) => void;
let handlers: Record<string, Handler> | undefined;

/** @pulumi/policy serves one pack per process (per jest module registry); capture its handlers once. */
function captureHandlers(): Record<string, Handler> {
    if (handlers) return handlers;
    const proto = grpc.Server.prototype;
    const { addService, bindAsync } = proto;
    let captured: Record<string, Handler> | undefined;
    proto.addService = function (_service: unknown, implementation: Record<string, Handler>) {
        captured = implementation;
    };
    proto.bindAsync = function () {};
    try {
        const { serve } = require("@pulumi/policy/server");
        const { PACK_NAME, packArgs } = require("../../policy-packs/nhi-guard/src/pack");
        serve(PACK_NAME, PACK_VERSION, "advisory", packArgs());
    } finally {
        proto.addService = addService;
        proto.bindAsync = bindAsync;
    }
    if (!captured) throw new Error("@pulumi/policy did not register its Analyzer service");
    handlers = captured;
    return captured;
}

function call(method: string, request: unknown): Promise<any> {
    const h = captureHandlers()[method];
    return new Promise((resolve, reject) => h({ request }, (err, resp) => (err ? reject(err) : resolve(resp))));
}

export interface PackHarness {
    info: AnalyzerInfo;
    /** Sends Configure as the CLI does after GetAnalyzerInfo (schema defaults filled in). */
    configure(config?: PolicyPackConfig): Promise<void>;
    analyze(input: AnalyzerInput): Promise<AnalyzeResult>;
    analyzeStack(inputs: AnalyzerInput[]): Promise<AnalyzeResult>;
}

export async function loadPack(config: PolicyPackConfig = {}): Promise<PackHarness> {
    const info = decodeAnalyzerInfo(await call("getAnalyzerInfo", new Empty()));
    const harness: PackHarness = {
        info,
        configure: async (c = {}) => {
            await call("configure", configureRequest(info, c));
        },
        analyze: async (input) => decodeAnalyzeResponse(await call("analyze", analyzeRequest(input))),
        analyzeStack: async (inputs) => decodeAnalyzeResponse(await call("analyzeStack", analyzeStackRequest(inputs))),
    };
    await harness.configure(config);
    return harness;
}

/**
 * The pack for one test file, with the clock pinned at `now`: loaded before the file's tests, its
 * config reset to the defaults after each test, real timers back afterwards. Usable once the
 * file's tests run (the pack loads in `beforeAll`).
 */
export function packPinnedAt(now: Date): PackHarness {
    let loaded: PackHarness | undefined;
    const pack = (): PackHarness => {
        if (!loaded) throw new Error("packPinnedAt: the pack is loaded in beforeAll; use it inside a test");
        return loaded;
    };
    beforeAll(async () => {
        pinClock(now);
        loaded = await loadPack();
    });
    afterAll(() => jest.useRealTimers());
    afterEach(() => pack().configure({}));
    return {
        get info() {
            return pack().info;
        },
        configure: (config) => pack().configure(config),
        analyze: (input) => pack().analyze(input),
        analyzeStack: (inputs) => pack().analyzeStack(inputs),
    };
}

// ---- building resources ---------------------------------------------------------------------

export const STACK = "dev";
export const PROJECT = "estate";

/** A URN as the engine makes it: the type qualified by every ancestor's type below the stack. */
export function urnOf(type: string, name: string, parent?: AnalyzerInput): string {
    const qualified = parent ? `${parent.urn.split("::")[2]}$${type}` : type;
    return `urn:pulumi:${STACK}::${PROJECT}::${qualified}::${name}`;
}

export interface ResourceSpec {
    type: string;
    name: string;
    props?: Record<string, unknown>;
    parent?: AnalyzerInput;
    propertyDependencies?: Record<string, AnalyzerInput[]>;
}

export function resource(spec: ResourceSpec): AnalyzerInput {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [k, deps] of Object.entries(spec.propertyDependencies ?? {})) propertyDependencies[k] = deps.map((d) => d.urn);
    return {
        type: spec.type,
        name: spec.name,
        urn: urnOf(spec.type, spec.name, spec.parent),
        props: spec.props ?? {},
        parent: spec.parent?.urn,
        dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        propertyDependencies,
    };
}

/** An nhi-guard component (no properties of its own). */
export function component(name: string, cloud = "aws", type = "AiToolIdentity"): AnalyzerInput {
    return resource({ type: `nhi-guard:${cloud}:${type}`, name });
}

/** Diagnostics of one policy. */
export function of(result: AnalyzeResult, policy: string): Diagnostic[] {
    return result.diagnostics.filter((d) => d.policyName === policy);
}

export const mandatory = (ds: Diagnostic[]) => ds.filter((d) => d.enforcementLevel === "mandatory");
export const advisory = (ds: Diagnostic[]) => ds.filter((d) => d.enforcementLevel === "advisory");

export { pinClock };

// ---- auditing a fixture export ----------------------------------------------------------------

export interface Finding {
    /** The resource's name (the last part of its URN). */
    resource: string;
    policy: string;
    level: string;
    message: string;
}

/**
 * Audits a fixture export as the gate does (inputs to Analyze, outputs to AnalyzeStack) through
 * the pack's own handlers. The caller pins the clock first, so the fixture's dates never rot.
 */
export async function auditFixture(file: string): Promise<Finding[]> {
    // Loaded lazily: most pack tests never read an export.
    const { planAudit } = await import("../../cli/audit/stackExport");
    const pack = await loadPack();
    const plan = planAudit(JSON.parse(fs.readFileSync(file, "utf8")), path.basename(file));
    const name = (urn: string) => urn.split("::").pop()!;
    const collect = (urn: string, ds: Diagnostic[]) => ds.map((d) => ({ resource: name(d.urn || urn), policy: d.policyName, level: d.enforcementLevel, message: d.message }));
    const findings: Finding[] = [];
    for (const r of plan.analyze) findings.push(...collect(r.urn, (await pack.analyze(r)).diagnostics));
    findings.push(...collect("", (await pack.analyzeStack(plan.analyzeStack)).diagnostics));
    return findings;
}

/** The policies with a mandatory finding on a resource, sorted. */
export function mandatoryPoliciesOn(findings: Finding[], resource: string): string[] {
    return [...new Set(findings.filter((f) => f.resource === resource && f.level === "mandatory").map((f) => f.policy))].sort();
}
