/**
 * The preview's model of data sources (invokes), keyed by invoke token:
 *
 * - computed as the provider computes them where it makes no cloud call (policy documents,
 *   `getArn`, `getPartition`, `getServicePrincipal`, `getDefaultTags` from provider config, the GCP
 *   IAM policy);
 * - the account context (./accountContext.ts) where the provider would ask the cloud who it is,
 *   per explicit provider where one is named (its region, its assumed role's account);
 * - lookups by name whose ARN follows from the name and the account (the account's OIDC provider
 *   for a URL, a bucket), reported as modelled;
 * - unknown otherwise (./unknownResult.ts), never the invoke's own arguments. Each such token is
 *   recorded, so a program that cannot run without the value fails with exit 3 naming it.
 *
 * A `--data-source TOKEN=FILE.json` override (./overrides.ts) is laid over the result: over the
 * computed fields of a modelled data source, over the unknown fields of an unmodelled one.
 */
import { AnalysisError } from "../../errors";
import { AccountContext, CONTEXT_TOKENS, DataSourceOverrides, accountContext, providerConfig } from "./accountContext";
import * as aws from "./aws";
import * as azure from "./azure";
import * as gcp from "./gcp";
import { DataSourceInputError, POLICY_DOCUMENT_TOKEN, getPolicyDocument } from "./awsPolicyDocument";
import { IAM_POLICY_TOKEN, getIAMPolicy } from "./gcpIamPolicy";
import { unknownResult } from "./unknownResult";

export { accountContext, AccountContext, DataSourceOverrides } from "./accountContext";
export { parseDataSourceOverrides } from "./overrides";

/** A modelled data source; `undefined` when these arguments leave the answer to the cloud (then unknown). */
type Handler = (args: Record<string, any>, ctx: AccountContext, config: Readonly<Record<string, string>>) => Record<string, unknown> | undefined;

const OIDC_PROVIDER_TOKEN = "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider";
const BUCKET_TOKEN = "aws:s3/getBucket:getBucket";
/** Lookups answered from the name and the account (see ./aws.ts): the report says the answer is modelled. */
const LOOKUPS: ReadonlySet<string> = new Set([OIDC_PROVIDER_TOKEN, BUCKET_TOKEN]);

/** Every modelled token. The rest are unknown. */
export const DATA_SOURCES: Readonly<Record<string, Handler>> = {
    [POLICY_DOCUMENT_TOKEN]: (a) => getPolicyDocument(a),
    "aws:index/getArn:getArn": (a) => aws.getArn(a),
    "aws:index/getPartition:getPartition": aws.getPartition,
    "aws:index/getServicePrincipal:getServicePrincipal": aws.getServicePrincipal,
    "aws:index/getDefaultTags:getDefaultTags": aws.getDefaultTags,
    [CONTEXT_TOKENS.awsCallerIdentity]: aws.getCallerIdentity,
    [CONTEXT_TOKENS.awsRegion]: aws.getRegion,
    [CONTEXT_TOKENS.awsAvailabilityZones]: aws.getAvailabilityZones,
    [CONTEXT_TOKENS.azureClientConfig]: azure.azureNativeClientConfig,
    [CONTEXT_TOKENS.azureadClientConfig]: azure.azureadClientConfig,
    [IAM_POLICY_TOKEN]: (a) => getIAMPolicy(a),
    [CONTEXT_TOKENS.gcpClientConfig]: gcp.getClientConfig,
    [CONTEXT_TOKENS.gcpProject]: gcp.getProject,
    [CONTEXT_TOKENS.gcpClientOpenIdUserInfo]: gcp.getClientOpenIdUserInfo,
    [OIDC_PROVIDER_TOKEN]: aws.getOpenIdConnectProvider,
    [BUCKET_TOKEN]: aws.getBucket,
};

export interface MockCall {
    token: string;
    inputs: Record<string, any>;
    /** `<provider urn>::<id>` when the invoke names a provider (`{ provider }` or a parent's). */
    provider?: string;
}

/** What the mock monitor holds for each registered resource (`MockMonitor.getRegisteredResources`). */
export type RegisteredResources = () => ReadonlyMap<string, { urn: string; state?: Record<string, unknown> }> | undefined;

/**
 * The program's mock monitor, which records every resource with the state the mock returned: the
 * same `@pulumi/pulumi` the gate runs the program with (the program's own, else the gate's).
 */
function programMonitorResources(programDir: string): RegisteredResources {
    return () => {
        for (const paths of [[programDir], [__dirname]]) {
            try {
                const runtime = require(require.resolve("@pulumi/pulumi", { paths })).runtime;
                const monitor = runtime.getMonitor?.();
                if (typeof monitor?.getRegisteredResources === "function") return monitor.getRegisteredResources();
            } catch {
                /* next */
            }
        }
        return undefined;
    };
}

/** An invoke failure the SDK can show: its mock monitor rethrows `new Error(err.details)`. */
function invokeError(token: string, message: string): Error {
    const text = `invocation of ${token} returned an error: ${message}`;
    return Object.assign(new Error(text), { details: text });
}

/** Failures that an unknown value dereferenced by the program produces. */
function looksLikeMissingValue(e: unknown): boolean {
    const err = e as any;
    const message = String(err?.message ?? err ?? "");
    return err instanceof TypeError || err?.name === "TypeError" || err instanceof RangeError || /undefined|unknown|not a function|not iterable|Cannot read/i.test(message);
}

/** The report's note for data sources answered with unknown, so their absence is never silent. */
export function unknownDataSourcesNote(tokens: readonly string[]): string {
    const list = tokens.map((t) => `\`${t}\``).join(", ");
    return (
        `data source${tokens.length === 1 ? "" : "s"} ${list} need${tokens.length === 1 ? "s" : ""} the cloud and ${tokens.length === 1 ? "was" : "were"} unknown offline: ` +
        "inputs built from an Output form are unverified, strings built from a promise form hold a placeholder; " +
        "give the results with `--data-source TOKEN=FILE.json` to analyse them"
    );
}

export class PreviewDataSources {
    readonly context: AccountContext;
    private readonly unknown: string[] = [];
    private readonly lookedUp: string[] = [];
    private readonly byProvider = new Map<string, { ctx: AccountContext; config: Readonly<Record<string, string>> }>();
    private readonly registered: RegisteredResources;

    constructor(
        private readonly config: Readonly<Record<string, string>>,
        private readonly overrides: DataSourceOverrides = {},
        private readonly programDir: string = process.cwd(),
        registered?: RegisteredResources,
    ) {
        this.context = accountContext(config, overrides);
        this.registered = registered ?? programMonitorResources(programDir);
    }

    /**
     * The context an invoke sees: an explicit provider's region, account (through its assumed role)
     * or project override the stack's. Its URN is the engine's; below the first level the mock keys
     * it differently, so it is also matched by type and name.
     */
    contextFor(provider: string | undefined): AccountContext {
        return this.providerView(provider).ctx;
    }

    /** The context and the config (stack keys overlaid with the provider's inputs) an invoke sees. */
    private providerView(provider: string | undefined): { ctx: AccountContext; config: Readonly<Record<string, string>> } {
        if (!provider || !provider.startsWith("urn:pulumi:")) return { ctx: this.context, config: this.config };
        const urn = provider.slice(0, provider.lastIndexOf("::"));
        const cached = this.byProvider.get(urn);
        if (cached) return cached;
        const parts = urn.split("::");
        const type = (parts[2] ?? "").split("$").pop() ?? "";
        const pkg = /^pulumi:providers:(.+)$/.exec(type)?.[1];
        const resources = this.registered();
        const entry =
            resources?.get(urn) ??
            [...(resources?.values() ?? [])].find((r) => {
                const p = r.urn.split("::");
                return p[3] === parts[3] && (p[2] ?? "").split("$").pop() === type;
            });
        const config = pkg && entry?.state ? providerConfig(this.config, pkg, entry.state) : this.config;
        const view = { ctx: config === this.config ? this.context : accountContext(config, this.overrides), config };
        this.byProvider.set(urn, view);
        return view;
    }

    /** What the report should say about this run's data sources (tokens sorted: invokes resolve in no fixed order). */
    notes(): string[] {
        const out = this.unknown.length ? [unknownDataSourcesNote([...this.unknown].sort())] : [];
        if (this.lookedUp.length) {
            out.push(
                `data source${this.lookedUp.length === 1 ? "" : "s"} ${[...this.lookedUp].sort().map((t) => `\`${t}\``).join(", ")} answered with the account's resource of that name ` +
                    "(its ARN from the account context, not a real lookup): give `--data-source TOKEN=FILE.json` to pin the real one",
            );
        }
        return out;
    }

    /** The tokens answered with unknown, in the order the program first invoked them. */
    get unknownTokens(): readonly string[] {
        return this.unknown;
    }

    /** The mock's `call`: the result the SDK deserializes (unknown fields as the sentinel). */
    call = (a: MockCall): Record<string, unknown> => {
        const handler = DATA_SOURCES[a.token];
        const override = this.overrides[a.token];
        let result: Record<string, unknown> | undefined;
        if (handler) {
            try {
                const view = this.providerView(a.provider);
                result = handler(a.inputs ?? {}, view.ctx, view.config);
            } catch (e) {
                if (e instanceof DataSourceInputError) throw invokeError(a.token, e.message);
                throw e;
            }
            if (result && LOOKUPS.has(a.token) && !override && !this.lookedUp.includes(a.token)) this.lookedUp.push(a.token);
        }
        if (!result) {
            result = unknownResult(a.token, this.programDir);
            if (!override && !this.unknown.includes(a.token)) this.unknown.push(a.token);
        }
        return override ? { ...result, ...override } : result;
    };

    /**
     * The program failed: if it had been handed unknown data-source results and failed the way a
     * missing value fails, the analysis could not complete (exit 3) for want of those values.
     */
    failure(e: unknown): AnalysisError | undefined {
        if (!this.unknown.length || !looksLikeMissingValue(e)) return undefined;
        const err = e as any;
        const message = String(err?.message ?? err ?? "").split("\n")[0].trim();
        const tokens = this.unknown.map((t) => `\`${t}\``).join(", ");
        const first = this.unknown[0];
        return new AnalysisError(
            `the program could not run without the result of ${tokens}, which only the cloud has (${message}): ` +
                `give ${this.unknown.length === 1 ? "it" : "each"} with \`--data-source ${first}=FILE.json\` (a JSON object of its result fields)`,
        );
    }
}
