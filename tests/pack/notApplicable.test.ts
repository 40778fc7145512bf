/**
 * notApplicable through real Analyze requests: Pulumi Cloud's compliance view tells a policy that
 * did not apply to a resource from one that passed, so a policy says which it was.
 */
import { of, resource, packPinnedAt } from "../helpers/pack";
import { GOOD_TAGS, NOW, T, role } from "./estate";

const pack = packPinnedAt(NOW);

const reasonOf = (r: { notApplicable: { policyName: string; reason: string }[] }, policy: string) => r.notApplicable.find((n) => n.policyName === policy)?.reason;

test("a resource type nhi-guard has no reader for: the identity policies do not apply, the secret scan does", async () => {
    const r = await pack.analyze(resource({ type: T.bucket, name: "docs", props: { bucket: "docs" } }));
    expect(reasonOf(r, "nhi-owner-required")).toBe("nhi-guard reads no facts from aws:s3/bucket:Bucket");
    expect(reasonOf(r, "nhi-short-sessions")).toBe("nhi-guard reads no facts from aws:s3/bucket:Bucket");
    expect(reasonOf(r, "nhi-no-plaintext-secrets")).toBeUndefined();
});

test("an identity that is no AI tool's: the AI-tool policies do not apply, unless config scope is all", async () => {
    const ci = role("ci", { tags: { "nhi:owner": "ci-team", "nhi:expires-at": "2026-06-30" }, maxSessionDuration: 43200 });
    const r = await pack.analyze(ci);
    expect(reasonOf(r, "nhi-short-sessions")).toMatch(/^not an AI tool's IAM role \(no `tool` annotation, no nhi-guard component\)/);
    expect(of(r, "nhi-short-sessions")).toEqual([]);
    // The owner policy applies to every identity and passed: neither a finding nor not-applicable.
    expect(reasonOf(r, "nhi-owner-required")).toBeUndefined();
    expect(of(r, "nhi-owner-required")).toEqual([]);

    await pack.configure({ "nhi-short-sessions": { scope: "all" } });
    const all = await pack.analyze(ci);
    expect(reasonOf(all, "nhi-short-sessions")).toBeUndefined();
    expect(of(all, "nhi-short-sessions").map((d) => d.enforcementLevel)).toEqual(["mandatory"]);
});

test("an AI tool's compliant role passed (no not-applicable), and a violating one reports", async () => {
    const ok = await pack.analyze(role("reviewer", { tags: GOOD_TAGS }));
    expect(reasonOf(ok, "nhi-short-sessions")).toBeUndefined();
    expect(of(ok, "nhi-short-sessions")).toEqual([]);
    const long = await pack.analyze(role("reviewer", { tags: GOOD_TAGS, maxSessionDuration: 43200 }));
    expect(reasonOf(long, "nhi-short-sessions")).toBeUndefined();
    expect(of(long, "nhi-short-sessions")).toHaveLength(1);
});
