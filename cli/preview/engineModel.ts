/**
 * What the Pulumi engine would hand to analyzers for a program's registrations. A program run
 * under mocks talks to a mock monitor, which gets several things wrong or leaves them out; this
 * module applies the engine's own rules so the pack sees what it would see under `pulumi preview`.
 */
import { AnalyzerInput, RESOURCE_SIG, SPECIAL_SIG_KEY, UNKNOWN, secret } from "../analyzer/protocol";
import type { SourceLocation } from "../report/model";

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

export const isProviderType = (type: string) => type.startsWith(PROVIDER_TYPE_PREFIX);

/**
 * The engine's URN: a child's type is qualified by its parent's *full* qualified type
 * (`A$B$type`), except directly under the root stack. The mock monitor only uses the parent's last
 * segment and does not special-case the stack, so its URNs are wrong below the first level.
 */
export function engineUrn(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
    let qualified = type;
    if (parentUrn) {
        const parentQualified = parentUrn.split("::")[2] ?? "";
        const parentType = parentQualified.split("$").pop();
        if (parentType !== ROOT_STACK_TYPE) qualified = `${parentQualified}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The engine names a package's default provider after its version: `default_7_48_0`, or `default` without one. */
export function defaultProviderName(version?: string): string {
    if (!version) return "default";
    const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([^+]+))?(?:\+(.+))?$/.exec(version);
    if (!m) return "default";
    let name = `default_${m[1]}_${m[2]}_${m[3]}`;
    if (m[4]) name += "_" + m[4].split(".").join("_");
    if (m[5]) name += "_" + m[5].split(".").join("_");
    return name;
}

/** A provider reference is `<urn>::<id>`; the id may itself be the unknown sentinel at preview. */
export function providerRefUrn(ref: string): string {
    const i = ref.lastIndexOf("::");
    return i > 0 ? ref.slice(0, i) : ref;
}

/**
 * The engine runs analyzers without `KeepResources`, so a resource reference reaches a policy as
 * the referenced resource's id (custom) or URN (component); an unknown id stays unknown. Keys
 * starting with `__` are internal to the SDK and the engine drops them.
 */
export function downgradeReferences(value: unknown, urnOf: (mockUrn: string) => string): unknown {
    if (Array.isArray(value)) return value.map((e) => downgradeReferences(e, urnOf));
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[SPECIAL_SIG_KEY] === RESOURCE_SIG) {
            if (o.id !== undefined) return o.id === "" ? UNKNOWN : o.id;
            return urnOf(String(o.urn));
        }
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o)) if (!k.startsWith("__")) out[k] = downgradeReferences(v, urnOf);
        return out;
    }
    return value;
}

/** One RegisterResource request as the SDK sent it, with the mock monitor's URN for it. */
export interface Registration {
    mockUrn: string;
    type: string;
    name: string;
    custom: boolean;
    /** Mock URN of the parent ("" for the root stack). */
    parent: string;
    /** `<mock urn>::<id>` of an explicit provider, or "". */
    provider: string;
    version: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Inputs in wire form, as serialized by the SDK (secret/unknown sentinels, resource references). */
    inputs: Record<string, unknown>;
    protect: boolean;
    ignoreChanges: string[];
    additionalSecretOutputs: string[];
    aliases: string[];
    deleteBeforeReplace?: boolean;
    /**
     * A multi-language component (`remote` in the request): its provider constructs its children
     * during the deployment, so under mocks none of them is ever registered.
     */
    remote?: boolean;
    /** The line of the user's repository that declares it (./sourceLocations.ts). */
    declared?: SourceLocation;
    /**
     * The deployment's view (./deployedOutputs.ts): the id and the outputs the provider would add
     * to the inputs once created. Absent in the literal preview view and for components.
     */
    deployed?: DeployedOutputs;
}

export interface DeployedOutputs {
    /** "" when even the deployment's id depends on a value that is unknown. */
    id: string;
    /**
     * Keyed by output name, in wire form: modelled values are plain (minted credentials stay
     * unknown), an echoed structure keeps its unknown and secret markers.
     */
    outputs: Record<string, unknown>;
}

/** A resource as the engine would describe it, in registration order. */
export interface ModelledResource extends AnalyzerInput {
    custom: boolean;
    /** URN of its provider, explicit or default. */
    providerUrn?: string;
    deployed?: DeployedOutputs;
    remote?: boolean;
    declared?: SourceLocation;
}

export interface EngineModelOptions {
    project: string;
    stack: string;
    /** Stack config (`<pkg>:<key>` -> value) that default providers take their inputs from. */
    config?: Record<string, string>;
    /** Config keys whose values are secrets. */
    secretKeys?: string[];
}

/**
 * Turns captured registrations into the engine's view: engine URNs, parents, dependencies and
 * property dependencies rewritten to them, references downgraded, and a default provider
 * inserted before the first resource that uses it (the engine registers it on demand).
 */
export function modelRegistrations(regs: Registration[], opts: EngineModelOptions): ModelledResource[] {
    const urnByMock = new Map<string, string>();
    const urnOf = (mock: string) => urnByMock.get(mock) ?? mock;
    const out: ModelledResource[] = [];
    const byUrn = new Map<string, ModelledResource>();
    const secretKeys = new Set(opts.secretKeys ?? []);

    for (const reg of regs) {
        const parent = reg.parent ? urnOf(reg.parent) : undefined;
        const urn = engineUrn(opts.stack, opts.project, parent, reg.type, reg.name);
        urnByMock.set(reg.mockUrn, urn);

        let providerUrn = reg.provider ? urnOf(providerRefUrn(reg.provider)) : undefined;
        if (reg.custom && !isProviderType(reg.type) && !providerUrn) {
            const pkg = reg.type.split(":")[0];
            const name = defaultProviderName(reg.version || undefined);
            providerUrn = `urn:pulumi:${opts.stack}::${opts.project}::${PROVIDER_TYPE_PREFIX}${pkg}::${name}`;
            if (!byUrn.has(providerUrn)) {
                const provider: ModelledResource = {
                    type: `${PROVIDER_TYPE_PREFIX}${pkg}`,
                    urn: providerUrn,
                    name,
                    custom: true,
                    props: defaultProviderInputs(pkg, reg.version, opts.config ?? {}, secretKeys),
                    dependencies: [],
                    propertyDependencies: {},
                    options: { protect: false, ignoreChanges: [], additionalSecretOutputs: [], aliases: [] },
                };
                byUrn.set(providerUrn, provider);
                out.push(provider);
            }
        }

        const resource: ModelledResource = {
            type: reg.type,
            urn,
            name: reg.name,
            custom: reg.custom,
            parent,
            providerUrn,
            props: downgradeReferences(reg.inputs, urnOf) as Record<string, unknown>,
            dependencies: reg.dependencies.map(urnOf),
            propertyDependencies: Object.fromEntries(Object.entries(reg.propertyDependencies).map(([k, urns]) => [k, urns.map(urnOf)])),
            options: {
                protect: reg.protect,
                ignoreChanges: reg.ignoreChanges,
                additionalSecretOutputs: reg.additionalSecretOutputs,
                aliases: reg.aliases,
                deleteBeforeReplace: reg.deleteBeforeReplace,
            },
            ...(reg.deployed ? { deployed: reg.deployed } : {}),
            ...(reg.remote ? { remote: true } : {}),
            ...(reg.declared ? { declared: reg.declared } : {}),
        };
        byUrn.set(urn, resource);
        out.push(resource);
    }

    for (const r of out) {
        const p = r.providerUrn ? byUrn.get(r.providerUrn) : undefined;
        if (p) r.provider = { type: p.type, urn: p.urn, name: p.name, props: p.props };
    }
    return out;
}

/** A default provider is configured from the stack's `<pkg>:*` config, plus its plugin version. */
function defaultProviderInputs(pkg: string, version: string, config: Record<string, string>, secretKeys: Set<string>): Record<string, unknown> {
    const inputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) {
        if (!k.startsWith(`${pkg}:`)) continue;
        const key = k.slice(pkg.length + 1);
        inputs[key] = secretKeys.has(k) ? secret(v) : v;
    }
    if (version) inputs.version = version;
    return inputs;
}

/**
 * AnalyzeStack sees outputs. In the deployment view they are the inputs plus what the provider
 * would add (modelled, ./deployedOutputs.ts); in the literal preview view they are approximated by
 * the inputs, and a custom resource's `id` is unknown (the provider has not created it).
 */
export function previewOutputs(r: ModelledResource): AnalyzerInput {
    if (!r.custom || isProviderType(r.type)) return r;
    if (r.deployed) return { ...r, props: { ...r.props, ...r.deployed.outputs, id: r.deployed.id || UNKNOWN } };
    return { ...r, props: { ...r.props, id: UNKNOWN } };
}
