/**
 * Every credential an AI tool holds is governed (issue 15): Bedrock long-term API keys and other
 * IAM service-specific credentials, IAM SSH keys and signing certificates, GCP HMAC keys and
 * unrestricted API keys, each through real Analyze requests (in-process, @pulumi/policy's own
 * handlers) with a compliant twin, a violating case and an unknown-value case.
 */
import type { AnalyzerInput } from "../../cli/analyzer/protocol";
import { UNKNOWN } from "../../cli/analyzer/protocol";
import { PackHarness, advisory, component, loadPack, mandatory, of, resource } from "../helpers/pack";

const T = {
    user: "aws:iam/user:User",
    specific: "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
    sshKey: "aws:iam/sshKey:SshKey",
    certificate: "aws:iam/signingCertificate:SigningCertificate",
    hmac: "gcp:storage/hmacKey:HmacKey",
    apiKey: "gcp:projects/apiKey:ApiKey",
};
const POLICY = "nhi-no-long-lived-credentials";

let pack: PackHarness;
beforeAll(async () => {
    pack = await loadPack();
});

const parent = component("agent");
const gcpParent = component("data-agent", "gcp");
const EMAIL = "data-agent@acme-data.iam.gserviceaccount.com";
const analyze = async (input: AnalyzerInput) => of(await pack.analyze(input), POLICY);
/** A credential for the tool's IAM user, linked by property dependency as `user.name` would be. */
function forUser(type: string, name: string, property: string, props: Record<string, unknown>): AnalyzerInput {
    const user = resource({ type: T.user, name: "agent-user", parent, props: { name: "agent-user", tags: { "nhi:owner": "platform-team", "nhi:tool": "claude-code" } } });
    return resource({ type, name, parent, props: { [property]: UNKNOWN, ...props }, propertyDependencies: { [property]: [user] } });
}

describe("Bedrock long-term API keys (IAM service-specific credentials for bedrock.amazonaws.com)", () => {
    const bedrock = (props: Record<string, unknown>) => forUser(T.specific, "bedrock-key", "userName", { serviceName: "bedrock.amazonaws.com", ...props });

    it("passes a key whose credentialAgeDays is within maxCredentialDays (90), the boundary included", async () => {
        expect(await analyze(bedrock({ credentialAgeDays: 30 }))).toEqual([]);
        expect(await analyze(bedrock({ credentialAgeDays: 90 }))).toEqual([]);
    });

    it("reports a key valid for longer than maxCredentialDays", async () => {
        const ds = mandatory(await analyze(bedrock({ credentialAgeDays: 91 })));
        expect(ds.map((d) => d.message)).toEqual([expect.stringMatching(/IAM service-specific credential "bedrock-key" stays valid for 91 days, more than 90/)]);
    });

    it("reports a key without credentialAgeDays as never expiring", async () => {
        expect(mandatory(await analyze(bedrock({}))).map((d) => d.message)).toEqual([expect.stringMatching(/long-lived credential that never expires/)]);
    });

    it("leaves a key whose credentialAgeDays is unknown at preview unverified, never a violation", async () => {
        const ds = await analyze(bedrock({ credentialAgeDays: UNKNOWN }));
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds).map((d) => d.message)).toEqual([expect.stringMatching(/^Unverified: .*`credentialAgeDays`/)]);
    });
});

describe("other service-specific credentials (CodeCommit, Keyspaces)", () => {
    it("reports them as long-lived: credentialAgeDays does not apply outside Bedrock", async () => {
        const ds = mandatory(await analyze(forUser(T.specific, "git-creds", "userName", { serviceName: "codecommit.amazonaws.com", credentialAgeDays: 30 })));
        expect(ds.map((d) => d.message)).toEqual([expect.stringMatching(/"git-creds" is a long-lived credential/)]);
    });

    it("leaves a credential whose service is unknown at preview unverified", async () => {
        const ds = await analyze(forUser(T.specific, "creds", "userName", { serviceName: UNKNOWN }));
        expect(mandatory(ds)).toEqual([]);
        expect(advisory(ds).map((d) => d.message)).toEqual([expect.stringMatching(/^Unverified: .*`serviceName`/)]);
    });
});

describe("IAM SSH keys and signing certificates on the tool's user", () => {
    it.each([
        [T.sshKey, "username", { encoding: "SSH", publicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG" }, "IAM SSH public key"],
        [T.certificate, "userName", { certificateBody: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" }, "IAM signing certificate"],
    ])("reports %s as a long-lived credential", async (type, property, props, kind) => {
        const ds = mandatory(await analyze(forUser(type, "agent-cred", property, props)));
        expect(ds.map((d) => d.message)).toEqual([expect.stringContaining(`${kind} "agent-cred" is a long-lived credential that never expires`)]);
    });

    it("reports the key once and invents no owner violation for a type that has no tags to carry one", async () => {
        const result = await pack.analyze(forUser(T.sshKey, "agent-ssh", "username", { encoding: "SSH", publicKey: "ssh-ed25519 AAAA" }));
        expect(mandatory(of(result, POLICY))).toHaveLength(1);
        // No tags input exists on SshKey: owner/expiry policies must not invent a violation from a field the type lacks.
        expect(mandatory(of(result, "nhi-owner-required"))).toEqual([]);
    });
});

describe("GCP HMAC keys and API keys", () => {
    it("reports an HMAC key for the tool's service account as long-lived", async () => {
        const ds = mandatory(await analyze(resource({ type: T.hmac, name: "agent-hmac", parent: gcpParent, props: { serviceAccountEmail: EMAIL, project: "acme-data" } })));
        expect(ds.map((d) => d.message)).toEqual([expect.stringMatching(/^HMAC key "agent-hmac" is a long-lived credential/)]);
    });

    it("says an API key without restrictions is unrestricted, and a restricted twin is only long-lived", async () => {
        const open = mandatory(await analyze(resource({ type: T.apiKey, name: "open-key", parent: gcpParent, props: { displayName: "agent" } })));
        expect(open.map((d) => d.message)).toEqual([expect.stringMatching(/long-lived credential .* it is unrestricted \(any API, any caller\): set `restrictions`/)]);
        const restricted = mandatory(
            await analyze(resource({ type: T.apiKey, name: "scoped-key", parent: gcpParent, props: { displayName: "agent", restrictions: { apiTargets: [{ service: "generativelanguage.googleapis.com" }], serverKeyRestrictions: { allowedIps: ["203.0.113.4"] } } } })),
        );
        expect(restricted.map((d) => d.message)).toEqual([expect.not.stringMatching(/unrestricted/)]);
    });

    it("does not call an API key whose restrictions are unknown at preview unrestricted", async () => {
        const ds = mandatory(await analyze(resource({ type: T.apiKey, name: "key", parent: gcpParent, props: { displayName: "agent", restrictions: UNKNOWN } })));
        expect(ds.map((d) => d.message)).toEqual([expect.not.stringMatching(/unrestricted/)]);
    });
});
