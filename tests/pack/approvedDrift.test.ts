/**
 * nhi-approved-drift through real AnalyzeStack requests: the deployed stack's capabilities travel in
 * policy config (as `nhi-guard baseline --capabilities` writes them) and the stack under analysis is
 * compared with them; the gated kinds need an approval, unknown parts are unverified.
 */
import { UNKNOWN } from "../../cli/analyzer/protocol";
import type { AnalyzerInput, PolicyPackConfig } from "../../cli/analyzer/protocol";
import { capabilityBaseline } from "../../cli/drift";
import { advisory, mandatory, of, resource, packPinnedAt } from "../helpers/pack";
import { GOOD_TAGS, NOW, T, document, githubTrust, role, rolePolicy } from "./estate";

const P = "nhi-approved-drift";
const pack = packPinnedAt(NOW);

/** The "benign assistant": a read-only reviewer role with one inline read grant. */
function assistant(tags: Record<string, unknown> = GOOD_TAGS, extra: Record<string, unknown> = {}, actions = ["s3:GetObject"]) {
    const r = role("reviewer", { tags, ...extra });
    return [r, rolePolicy("read", "reviewer", document({ sid: "Read", actions, until: "2026-06-01T00:00:00Z" }), { to: r })];
}
/** The assistant with its read grant on `resource` (what the statement's `Resource` says). */
function onDocs(resource: string) {
    const r = role("reviewer", { tags: GOOD_TAGS });
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: ["s3:GetObject"], Resource: resource, Condition: { DateLessThan: { "aws:CurrentTime": "2026-06-01T00:00:00Z" } } }] });
    return [r, rolePolicy("read", "reviewer", doc, { to: r })];
}
const accessKey = (to: AnalyzerInput) => resource({ type: T.accessKey, name: "reviewer-key", props: { user: "reviewer" }, propertyDependencies: { user: [to] } });

async function drift(deployed: AnalyzerInput[], changed: AnalyzerInput[], options: Record<string, unknown> = {}) {
    await pack.configure({ [P]: { capabilityBaseline: capabilityBaseline(deployed, "prod"), ...options } } as PolicyPackConfig);
    const ds = of(await pack.analyzeStack(changed), P);
    return { mandatory: mandatory(ds).map((d) => [d.urn, d.message] as const), advisory: advisory(ds).map((d) => [d.urn, d.message] as const) };
}

describe("nhi-approved-drift", () => {
    test("the deployed stack compared with its own baseline has no changes", async () => {
        const stack = assistant();
        expect(await drift(stack, stack)).toEqual({ mandatory: [], advisory: [] });
    });

    test("without a baseline in config nothing is compared", async () => {
        const ds = of(await pack.analyzeStack(assistant({ ...GOOD_TAGS, "nhi:access": "write" })), P);
        expect(ds).toEqual([]);
    });

    test("declared access raised from read to write is mandatory until approved", async () => {
        const deployed = assistant();
        const changed = assistant({ ...GOOD_TAGS, "nhi:access": "write" });
        const out = await drift(deployed, changed);
        expect(out.mandatory).toEqual([[changed[0].urn, expect.stringMatching(/IAM role "reviewer": declared access raised from `read` to `write` compared with the deployed baseline; record an approval in `driftApprovals` \(\{ identity: "aws:iam\/role:Role::reviewer", kind: "access-raised"/)]]);
        const approval = { identity: "aws:iam/role:Role::reviewer", kind: "access-raised", approvedBy: "security-team", reason: "reviews now push fixup commits" };
        expect((await drift(deployed, changed, { driftApprovals: [approval] })).mandatory).toEqual([]);
        // An approval of another kind, or for another identity, does not cover it.
        expect((await drift(deployed, changed, { driftApprovals: [{ ...approval, kind: "trust-widened" }] })).mandatory).toHaveLength(1);
        expect((await drift(deployed, changed, { driftApprovals: [{ ...approval, identity: "aws:iam/role:Role::other" }] })).mandatory).toHaveLength(1);
    });

    test("access lowered (write to read) is not a change to approve", async () => {
        const deployed = assistant({ ...GOOD_TAGS, "nhi:access": "write" });
        expect((await drift(deployed, assistant())).mandatory).toEqual([]);
    });

    test("a new credential is mandatory by default; a widened grant only when config names it", async () => {
        const deployed = assistant();
        const [r, p] = assistant(GOOD_TAGS, {}, ["s3:GetObject", "s3:PutObject"]);
        const key = accessKey(r);
        const out = await drift(deployed, [r, p, key]);
        expect(out.mandatory).toEqual([[r.urn, expect.stringMatching(/new credential `IAM access key aws:iam\/accessKey:AccessKey::reviewer-key`/)]]);
        const wider = await drift(deployed, [r, p], { approvalRequiredFor: ["grant-widened"] });
        expect(wider.mandatory).toEqual([[r.urn, expect.stringMatching(/grant aws:iam\/rolePolicy:RolePolicy::read widened: adds `s3:PutObject`/)]]);
    });

    test("a grant that reaches new resources (docs/* widened to *) is a widened grant, gated when config names it", async () => {
        const deployed = onDocs("arn:aws:s3:::acme-docs/*");
        const changed = onDocs("*");
        expect((await drift(deployed, changed)).mandatory).toEqual([]);
        expect((await drift(deployed, changed, { approvalRequiredFor: ["grant-widened"] })).mandatory).toEqual([
            [changed[0].urn, expect.stringMatching(/grant aws:iam\/rolePolicy:RolePolicy::read widened: `s3:GetObject` now also on `\*` compared with the deployed baseline/)],
        ]);
        // Narrowed back to one prefix under the deployed one: nothing to approve.
        expect((await drift(deployed, onDocs("arn:aws:s3:::acme-docs/public/*"), { approvalRequiredFor: ["grant-widened"] })).mandatory).toEqual([]);
    });

    test("a baseline written before grants recorded resources is still read, and never makes a resource change a widening", async () => {
        const baseline = capabilityBaseline(onDocs("arn:aws:s3:::acme-docs/*"), "prod");
        for (const c of baseline.identities) for (const g of Object.values(c.grants)) delete g.resources;
        const changed = onDocs("*");
        await pack.configure({ [P]: { capabilityBaseline: baseline, approvalRequiredFor: ["grant-widened"] } } as PolicyPackConfig);
        expect(of(await pack.analyzeStack(changed), P)).toEqual([]);
        await pack.configure({ [P]: { capabilityBaseline: { ...baseline, identities: baseline.identities.map((c) => ({ ...c, grants: { inline: { actions: [], roles: [], resources: ["*"] } } })) } } } as PolicyPackConfig);
        expect(mandatory(of(await pack.analyzeStack(changed), P)).map((d) => d.message)).toEqual([expect.stringMatching(/`identities\[0\]\.grants\.inline\.resources` must map each action or role to a list of resources/)]);
    });

    test("trust widened to a branch is gated when config names it", async () => {
        const deployed = assistant();
        const changed = assistant(GOOD_TAGS, { assumeRolePolicy: githubTrust("repo:acme/app:ref:refs/heads/main") });
        expect((await drift(deployed, changed)).mandatory).toEqual([]);
        expect((await drift(deployed, changed, { approvalRequiredFor: ["trust-widened"] })).mandatory).toEqual([
            [changed[0].urn, expect.stringMatching(/now also trusts `repo:acme\/app:ref:refs\/heads\/main`/)],
        ]);
    });

    test.each([
        ["the same day", "2026-06-30", false],
        ["one day later", "2026-07-01", true],
        ["earlier", "2026-05-01", false],
    ])("expiry %s (boundary)", async (_why, expires, reported) => {
        const changed = assistant({ ...GOOD_TAGS, "nhi:expires-at": expires });
        const out = await drift(assistant(), changed, { approvalRequiredFor: ["expiry-extended"] });
        expect(out.mandatory).toEqual(reported ? [[changed[0].urn, expect.stringMatching(/expiry pushed out from 2026-06-30 to 2026-07-01/)]] : []);
    });

    test("access unknown at preview is unverified, never a violation", async () => {
        const changed = assistant({ ...GOOD_TAGS, "nhi:access": UNKNOWN });
        const out = await drift(assistant(), changed);
        expect(out.mandatory).toEqual([]);
        expect(out.advisory).toEqual([[changed[0].urn, expect.stringMatching(/^Unverified: IAM role "reviewer": whether it has `access-raised` compared with the deployed baseline, since its `access` is unknown at preview/)]]);
    });

    test("an identity that is no AI tool's is out of scope", async () => {
        const tags = { "nhi:owner": "ci-team", "nhi:access": "read" };
        const deployed = assistant(tags);
        expect((await drift(deployed, assistant({ ...tags, "nhi:access": "write" }))).mandatory).toEqual([]);
        expect((await drift(deployed, assistant({ ...tags, "nhi:access": "write" }), { scope: "all" })).mandatory).toHaveLength(1);
    });

    test("a malformed baseline is a finding naming the key, not a silent pass", async () => {
        await pack.configure({ [P]: { capabilityBaseline: { version: 1, identities: [{ identity: "x" }] } } } as PolicyPackConfig);
        const ds = mandatory(of(await pack.analyzeStack(assistant()), P));
        expect(ds.map((d) => d.message)).toEqual([expect.stringMatching(/policy config `nhi-approved-drift.capabilityBaseline` `identities\[0\].identity` and `identities\[0\].name` must be strings/)]);
    });
});
