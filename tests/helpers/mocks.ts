/**
 * Pulumi mocks for component tests, shared by every cloud's suites.
 *
 * `installMocks` installs `pulumi.runtime.setMocks` in update or preview mode and records every
 * registration from the raw monitor request (the mock callback alone lacks the parent and the
 * dependencies): type, name, parent, inputs, dependencies. Await it in `beforeAll` and require the
 * program module after it (static imports are hoisted above `setMocks`).
 *
 * Update mode echoes inputs and adds the computed outputs a provider would (ARNs, names, IDs), so
 * outputs resolve. Preview mode echoes inputs only: IDs and computed outputs stay unknown, as in a
 * real `pulumi preview`, and `apply` never runs on them: use `peek`, never `await` through `apply`.
 */
import * as pulumi from "@pulumi/pulumi";

/** The engine's unknown sentinel: how an input unknown at preview is recorded. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

export const MOCK_ACCOUNT = "123456789012";
export const MOCK_REGION = "us-east-1";

export interface Registration {
    type: string;
    name: string;
    /** The mock URN (wrong below the first component level, as every mock URN is). */
    urn: string;
    custom: boolean;
    /** The parent's logical name; undefined at the root. */
    parent?: string;
    /** Inputs as plain values: secrets unwrapped, resource references as their ID or URN, unknowns as `UNKNOWN`. */
    inputs: Record<string, any>;
    /** Top-level input names whose value is (or contains) a secret. */
    secretInputs: string[];
    /** Logical names of the resources this one depends on. */
    dependencies: string[];
    /** Per input, the logical names of the resources its value came from. */
    propertyDependencies: Record<string, string[]>;
}

/** Computed outputs a provider would add in update mode, per registration; undefined for none. */
export type ComputedOutputs = (args: { type: string; name: string; inputs: Record<string, any> }) => Record<string, unknown> | undefined;

export interface MockOptions {
    preview: boolean;
    project?: string;
    stack?: string;
    /** More computed outputs (another cloud's types); consulted before the built-in AWS ones. */
    outputs?: ComputedOutputs;
}

export interface MockEstate {
    /** Every registration so far, in the order the monitor answered them. */
    readonly registrations: Registration[];
    /** Resolves once no registration is in flight and none has started for a few turns of the event loop. */
    settled(): Promise<void>;
    /** The one registration of `type` named `name`; throws listing what exists when there is none. */
    get(type: string, name: string): Registration;
    ofType(type: string): Registration[];
    childrenOf(parentName: string): Registration[];
}

/** The state an AWS provider would compute for the types the AWS components create. */
export const awsComputedOutputs: ComputedOutputs = ({ type, name, inputs }) => {
    const physical = (inputs.name as string | undefined) ?? `${name}-1a2b3c4`;
    const path = (inputs.path as string | undefined) ?? "/";
    switch (type) {
        case "aws:iam/role:Role":
            return { name: physical, arn: `arn:aws:iam::${MOCK_ACCOUNT}:role${path}${physical}`, uniqueId: `AROA${name.length}MOCK` };
        case "aws:iam/policy:Policy":
            return { name: physical, arn: `arn:aws:iam::${MOCK_ACCOUNT}:policy${path}${physical}` };
        case "aws:iam/user:User":
            return { name: physical, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user${path}${physical}` };
        case "aws:iam/rolePolicy:RolePolicy":
            return { name: physical };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/${String(inputs.url ?? "").replace(/^https:\/\//, "")}` };
        case "aws:secretsmanager/secret:Secret":
            return { name: physical, arn: `arn:aws:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT}:secret:${physical}-AbCdEf` };
        case "aws:lambda/function:Function":
            return { name: physical, arn: `arn:aws:lambda:${MOCK_REGION}:${MOCK_ACCOUNT}:function:${physical}` };
        case "aws:bedrock/agentcoreWorkloadIdentity:AgentcoreWorkloadIdentity":
            return { name: physical, workloadIdentityArn: `arn:aws:bedrock-agentcore:${MOCK_REGION}:${MOCK_ACCOUNT}:workload-identity-directory/default/workload-identity/${physical}` };
        default:
            return undefined;
    }
};

/** Reads an Output without hanging on an unknown (`apply` never fires on one at preview). */
export async function peek<T>(output: pulumi.Output<T>): Promise<{ known: boolean; secret: boolean; value: T | undefined }> {
    const o = output as any;
    const known: boolean = await o.isKnown;
    const secret: boolean = await o.isSecret;
    return { known, secret, value: known ? await o.promise() : undefined };
}

/** The value of an Output that must be known; fails the test instead of hanging when it is not. */
export async function known<T>(output: pulumi.Output<T>): Promise<T> {
    const { known: isKnown, value } = await peek(output);
    if (!isKnown) throw new Error("expected a known value, got an unknown one");
    return value as T;
}

function plain(value: any, secret: { found: boolean }): any {
    if (Array.isArray(value)) return value.map((v) => plain(v, secret));
    if (value && typeof value === "object") {
        if (value[SIG_KEY] === SECRET_SIG) {
            secret.found = true;
            return plain(value.value, secret);
        }
        if (value[SIG_KEY] === RESOURCE_SIG) return value.id !== undefined && value.id !== "" ? value.id : value.urn;
        const out: Record<string, any> = {};
        for (const [k, v] of Object.entries(value)) out[k] = plain(v, secret);
        return out;
    }
    return value;
}

export async function installMocks(options: MockOptions): Promise<MockEstate> {
    const registrations: Registration[] = [];
    const nameByUrn = new Map<string, string>();
    let inFlight = 0;
    let started = 0;

    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
                if (options.preview) return { id: undefined, state: args.inputs };
                const computed = options.outputs?.(args) ?? awsComputedOutputs(args) ?? {};
                return { id: `${args.name}-id`, state: { ...args.inputs, ...computed } };
            },
            call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
        },
        options.project ?? "nhi-guard-test",
        options.stack ?? "test",
        options.preview,
    );

    const monitor: any = pulumi.runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
        inFlight++;
        started++;
        return register(req, (err: any, resp: any) => {
            inFlight--;
            if (!err) {
                const urn: string = resp.getUrn();
                nameByUrn.set(urn, req.getName());
                const names = (urns: string[]) => urns.map((u) => nameByUrn.get(u) ?? u);
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
                    propertyDependencies[key] = names(deps.getUrnsList());
                });
                const wire: Record<string, any> = req.getObject()?.toJavaScript() ?? {};
                const inputs: Record<string, any> = {};
                const secretInputs: string[] = [];
                for (const [key, value] of Object.entries(wire)) {
                    const secret = { found: false };
                    inputs[key] = plain(value, secret);
                    if (secret.found) secretInputs.push(key);
                }
                const parentUrn: string = req.getParent();
                registrations.push({
                    type: req.getType(),
                    name: req.getName(),
                    urn,
                    custom: req.getCustom(),
                    parent: parentUrn ? nameByUrn.get(parentUrn) : undefined,
                    inputs,
                    secretInputs,
                    dependencies: names(req.getDependenciesList()),
                    propertyDependencies,
                });
            }
            callback(err, resp);
        });
    };

    return {
        registrations,
        async settled() {
            let quietTurns = 0;
            let seen = started;
            while (quietTurns < 5) {
                await new Promise((resolve) => setTimeout(resolve, 0));
                if (inFlight === 0 && started === seen) quietTurns++;
                else quietTurns = 0;
                seen = started;
            }
        },
        get(type: string, name: string) {
            const found = registrations.filter((r) => r.type === type && r.name === name);
            if (found.length !== 1) {
                const known = registrations.map((r) => `${r.type}::${r.name}`).join(", ");
                throw new Error(`expected one ${type} named ${name}, found ${found.length}; registered: ${known}`);
            }
            return found[0];
        },
        ofType(type: string) {
            return registrations.filter((r) => r.type === type);
        },
        childrenOf(parentName: string) {
            return registrations.filter((r) => r.parent === parentName);
        },
    };
}
