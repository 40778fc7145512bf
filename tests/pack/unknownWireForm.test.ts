/**
 * What really reaches the pack at preview when a program builds an input from another resource's
 * output, checked with the SDK's own serialization (`setMocks` in preview mode, the monitor's wire
 * request): `pulumi.interpolate` and `pulumi.jsonStringify` around an unknown give ONE unknown
 * string, while a document written as an object keeps its known members and carries the sentinel
 * only where the output sits. The pack then judges the known parts and lists the rest as unverified.
 */
import * as pulumi from "@pulumi/pulumi";
import { installMocks, UNKNOWN, type MockEstate, type Registration } from "../helpers/mocks";
import { advisory, loadPack, mandatory, of, resource, type PackHarness } from "../helpers/pack";

let estate: MockEstate;
let pack: PackHarness;

beforeAll(async () => {
    estate = await installMocks({ preview: true });
    pack = await loadPack();
});

/** Any resource by its type token, without loading a cloud SDK (its typings mark the base class abstract). */
class Declared extends pulumi.CustomResource {}

/** A resource by its type token; `outputs` are computed by the provider (unknown at preview). */
function declare(type: string, name: string, inputs: Record<string, unknown>, outputs: string[] = []): pulumi.CustomResource & Record<string, pulumi.Output<string>> {
    const props: Record<string, unknown> = { ...inputs };
    for (const o of outputs) props[o] = undefined;
    return new Declared(type, name, props) as any;
}

const SOON = new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10);
const tags = { "nhi:owner": "platform-team", "nhi:expires-at": SOON, "nhi:tool": "claude-code", "nhi:access": "read" };
const HOST = "token.actions.githubusercontent.com";
const trustOf = (arn: pulumi.Input<string>, sub: string) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Federated: arn }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { [`${HOST}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${HOST}:sub`]: sub } } }],
});

const input = (r: Registration) => resource({ type: r.type, name: r.name, props: r.inputs });

describe("a program at preview, as the SDK serializes it", () => {
    let regs: Record<string, Registration>;
    beforeAll(async () => {
        const oidc = declare("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "github", { url: `https://${HOST}`, clientIdLists: ["sts.amazonaws.com"], tags }, ["arn"]);
        declare("aws:iam/role:Role", "stringified", { assumeRolePolicy: pulumi.jsonStringify(trustOf(oidc.arn, "repo:acme/*")), maxSessionDuration: 43200, tags });
        declare("aws:iam/role:Role", "as-object", { assumeRolePolicy: trustOf(oidc.arn, "repo:acme/*"), tags });
        const pool = declare("gcp:iam/workloadIdentityPool:WorkloadIdentityPool", "pool", { workloadIdentityPoolId: "github" }, ["name"]);
        declare("gcp:serviceaccount/iAMMember:IAMMember", "wif", {
            serviceAccountId: "projects/p/serviceAccounts/tool@p.iam.gserviceaccount.com",
            role: "roles/iam.workloadIdentityUser",
            member: pulumi.interpolate`principal://iam.googleapis.com/${pool.name}/subject/repo:acme/app:environment:prod`,
        });
        await estate.settled();
        regs = Object.fromEntries(estate.registrations.map((r) => [r.name, r]));
    });

    it("sends an interpolated or stringified string with an unknown part as wholly unknown", () => {
        expect(regs["stringified"].inputs.assumeRolePolicy).toBe(UNKNOWN);
        expect(regs["wif"].inputs.member).toBe(UNKNOWN);
    });

    it("sends an object document with the sentinel only where the output sits", () => {
        const doc = regs["as-object"].inputs.assumeRolePolicy;
        expect(doc.Statement[0].Principal.Federated).toBe(UNKNOWN);
        expect(doc.Statement[0].Condition.StringLike[`${HOST}:sub`]).toBe("repo:acme/*");
    });

    it("the stringified trust is unverified while the role's session length is still judged", async () => {
        const result = await pack.analyze(input(regs["stringified"]));
        expect(mandatory(of(result, "nhi-short-sessions"))).toHaveLength(1);
        expect(mandatory(of(result, "nhi-trust-pinned"))).toEqual([]);
        expect(advisory(of(result, "nhi-trust-pinned"))[0].message).toMatch(/^Unverified: IAM role "stringified": its trust is unknown until the update/);
    });

    it("the object trust is judged on its known condition: the wildcard subject violates", async () => {
        const result = await pack.analyze(input(regs["as-object"]));
        expect(mandatory(of(result, "nhi-trust-pinned")).map((d) => d.message)).toEqual([expect.stringMatching(/"repo:acme\/\*" has a wildcard in the owner\/repository/)]);
    });

    it("the pinned GCP member built from the pool's name is unverified, not 'not pinned'", async () => {
        const result = await pack.analyze(input(regs["wif"]));
        expect(mandatory(result.diagnostics)).toEqual([]);
        expect(advisory(of(result, "nhi-trust-pinned")).map((d) => d.message)).toEqual([expect.stringMatching(/^Unverified: .*"wif": part of its trust is unknown until the update \(`member`/)]);
    });
});
