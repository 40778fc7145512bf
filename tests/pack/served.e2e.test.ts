/**
 * The compiled pack (`dist/index.js`, built by jest's global setup) served as the Pulumi CLI
 * serves it, through `@pulumi/pulumi/cmd/run-policy-pack` in its own process, and spoken to over
 * gRPC: GetAnalyzerInfo -> Configure -> Analyze per resource -> AnalyzeStack, on a small estate with
 * one compliant AI tool and the usual ways to get one wrong.
 */
import { UNKNOWN, type AnalyzeResult, type AnalyzerInput } from "../../cli/analyzer/protocol";
import { PackHost } from "../../cli/analyzer/packHost";
import { formatDay } from "../../contract/dates";
import { PACK_DIR, component, resource } from "../helpers/pack";
import { ACCOUNT, T, attachment, document, githubTrust, rolePolicy } from "./estate";

const DAY = 86_400_000;
const expiry = formatDay(new Date(Date.now() + 30 * DAY));
const until = `${expiry}T00:00:00Z`;
const tags = { "nhi:owner": "platform-team", "nhi:expires-at": expiry, "nhi:tool": "claude-code", "nhi:access": "read" };

const reviewer = component("pr-reviewer");
const role = resource({ type: T.role, name: "pr-reviewer-role", parent: reviewer, props: { name: "pr-reviewer-role", tags, assumeRolePolicy: githubTrust(), maxSessionDuration: 3600 } });
const grant = rolePolicy("pr-reviewer-read", UNKNOWN, document({ sid: "ReadDocs", actions: ["s3:GetObject"], until }), { to: role, parent: reviewer });
const env = resource({ type: T.environment, name: "ai-review", props: { repository: "app", environment: "ai-review", reviewers: [{ teams: [42] }], preventSelfReview: true } });
// The usual mistakes, made outside the component:
const shadow = rolePolicy("hotfix-write", "pr-reviewer-role", document({ sid: "Hotfix", actions: ["s3:PutObject"] }), { to: role });
const admin = attachment("legacy-admin", "pr-reviewer-role", "arn:aws:iam::aws:policy/AdministratorAccess", { to: role });
const key = resource({ type: T.accessKey, name: "bot-key", props: { user: "bot" } });
const leaky = resource({ type: T.bucket, name: "artifacts", props: { tags: { ci: "AKIA2QZ7RBV4MXKTP6WN" } } }); // not AWS's EXAMPLE key: a documentation key is no finding
const estate: AnalyzerInput[] = [reviewer, role, grant, env, shadow, admin, key, leaky];

let host: PackHost;
beforeAll(async () => {
    host = await PackHost.start(PACK_DIR, { dryRun: true });
});
afterAll(async () => {
    await host?.stop();
});

const byPolicy = (r: AnalyzeResult, level: string) =>
    r.diagnostics
        .filter((d) => d.enforcementLevel === level)
        .map((d) => d.policyName)
        .sort();

test("GetAnalyzerInfo and Configure: the served pack describes itself as the registry does", async () => {
    const info = await host.configure({
        "nhi-no-long-lived-credentials": {
            exemptions: [{ resource: "bot-key", reason: "Legacy vendor without OIDC support", approvedBy: "security-team", expires: formatDay(new Date(Date.now() + 7 * DAY)) }],
        },
    });
    expect(info.name).toBe("nhi-guard");
    expect(info.policies).toHaveLength(16);
    expect(info.policies.find((p) => p.name === "nhi-short-sessions")!.configSchema!.properties!.maxSessionSeconds.default).toBe(3600);
    expect(host.startupMs).toBeLessThan(30_000);
});

test("Analyze: the compliant AI tool passes; each mistake is caught by its policy", async () => {
    const results = new Map<AnalyzerInput, AnalyzeResult>();
    for (const r of estate) results.set(r, await host.analyze(r));
    for (const clean of [reviewer, role, grant, env]) expect(results.get(clean)!.diagnostics).toEqual([]);
    // Resource policies cannot tell the shadow grant reaches an AI tool; the stack policies can.
    expect(results.get(shadow)!.diagnostics).toEqual([]);
    expect(byPolicy(results.get(key)!, "mandatory")).toEqual([]);
    expect(results.get(key)!.diagnostics).toEqual([expect.objectContaining({ policyName: "nhi-no-long-lived-credentials", enforcementLevel: "advisory", message: expect.stringMatching(/^Exempted: IAM access key "bot-key"/), urn: "" })]);
    expect(results.get(leaky)!.diagnostics).toEqual([
        expect.objectContaining({ policyName: "nhi-no-plaintext-secrets", enforcementLevel: "mandatory", message: expect.stringContaining("`tags.ci` holds what looks like an AWS access key ID (ending `…P6WN`)") }),
    ]);
    expect(JSON.stringify([...results.values()])).not.toContain("AKIAIOSFODNN7EX");
});

test("AnalyzeStack: shadow and standing grants are reported on the offending resources' URNs", async () => {
    const r = await host.analyzeStack(estate);
    const found = r.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => `${d.policyName} ${d.urn.split("::").pop()}`).sort();
    expect(found).toEqual([
        "nhi-declared-access hotfix-write",
        "nhi-declared-access legacy-admin",
        // s3:PutObject on every bucket: AWS lets it be scoped to one.
        "nhi-least-privilege hotfix-write",
        "nhi-least-privilege legacy-admin",
        "nhi-no-shadow-access hotfix-write",
        "nhi-no-shadow-access legacy-admin",
        "nhi-no-standing-access hotfix-write",
        "nhi-no-standing-access legacy-admin",
    ]);
    expect(r.diagnostics.filter((d) => d.enforcementLevel === "advisory")).toEqual([]);
});

test("Values unknown at preview, served: known inputs are still judged, unknown ones listed as unverified, none a violation", async () => {
    // As `pulumi preview` sends them: a trust built with jsonStringify around an OIDC provider's ARN
    // (wholly unknown), next to a known session length; an environment whose reviewer list comes
    // from a team made in the same program.
    const ci = resource({ type: T.role, name: "ci-role", parent: reviewer, props: { name: "ci-role", tags, assumeRolePolicy: UNKNOWN, maxSessionDuration: 43200 } });
    const pending = resource({ type: T.environment, name: "pending", props: { repository: "app", environment: "pending", reviewers: UNKNOWN, preventSelfReview: false } });
    const role = await host.analyze(ci);
    expect(role.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.policyName)).toEqual(["nhi-short-sessions"]);
    expect(role.diagnostics.filter((d) => d.enforcementLevel === "advisory").map((d) => [d.policyName, d.message.replace(/ \(.*$/, "")])).toEqual([["nhi-trust-pinned", 'Unverified: IAM role "ci-role": its trust is unknown until the update']]);
    const env = await host.analyze(pending);
    expect(env.diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.message])).toEqual([
        ["nhi-human-approval", "mandatory", expect.stringMatching(/^repository environment "pending" lets a machine approve its own change: .*`preventSelfReview: true`/)],
        ["nhi-human-approval", "advisory", expect.stringMatching(/^Unverified: repository environment "pending": part of its approval settings is unknown until the update \(`reviewers`/)],
    ]);
    // Nothing falls back to @pulumi/policy's whole-policy "can't run ... during preview".
    expect(JSON.stringify([role, env])).not.toContain("can't run policy");
});
