/**
 * Stack policies (and the stack halves of resource + stack policies) through real AnalyzeStack
 * requests: links through property dependencies and through handles, attached documents,
 * boundaries, components, and unknowns at preview.
 */
import { UNKNOWN } from "../../cli/analyzer/protocol";
import type { AnalyzerInput } from "../../cli/analyzer/protocol";
import { advisory, component, mandatory, of, resource, packPinnedAt } from "../helpers/pack";
import { ACCOUNT, GOOD_TAGS, NOW, T, attachment, document, managedPolicy, role, rolePolicy } from "./estate";

const pack = packPinnedAt(NOW);

async function stack(policy: string, inputs: AnalyzerInput[]) {
    const ds = of(await pack.analyzeStack(inputs), policy);
    return { mandatory: mandatory(ds).map((d) => [d.urn, d.message] as const), advisory: advisory(ds).map((d) => [d.urn, d.message] as const) };
}

const EXPIRY = "2026-06-30T00:00:00Z"; // GOOD_TAGS' expires-at
const AFTER = "2026-07-01T00:00:00Z";
const ONE_SECOND_AFTER = "2026-06-30T00:00:01Z";

describe("nhi-no-standing-access (stack)", () => {
    const P = "nhi-no-standing-access";
    test.each([
        ["ends exactly at the identity's expiry", EXPIRY, []],
        ["ends before it", "2026-03-01T00:00:00Z", []],
        ["ends one second after it", ONE_SECOND_AFTER, [/ends at 2026-06-30T00:00:01Z, after the identity expires at 2026-06-30T00:00:00Z/]],
    ])("a grant from outside any component that %s", async (_why, until, expected) => {
        const r = role("reviewer");
        const rp = rolePolicy("read", "reviewer", document({ sid: "Read", actions: ["s3:GetObject"], until }), { to: r });
        const out = await stack(P, [r, rp]);
        expect(out.mandatory).toEqual(expected.map((e) => [rp.urn, expect.stringMatching(e)]));
    });
    test("a standing grant made outside the component is only visible to the stack policy", async () => {
        const r = role("reviewer");
        const rp = rolePolicy("forever", "reviewer", document({ sid: "Read", actions: ["s3:GetObject"] }), { to: r });
        expect(of(await pack.analyze(rp), P)).toEqual([]);
        expect((await stack(P, [r, rp])).mandatory).toEqual([[rp.urn, expect.stringMatching(/^IAM role inline policy "forever" grants AI tool identity IAM role "reviewer": statement "Read" never ends/)]]);
    });
    test("linked by handle (role name) when there is no property dependency", async () => {
        const r = role("reviewer");
        const rp = rolePolicy("late", "reviewer", document({ actions: ["s3:GetObject"], until: AFTER }));
        expect((await stack(P, [r, rp])).mandatory).toEqual([[rp.urn, expect.stringMatching(/after the identity expires/)]]);
    });
    test("a property dependency wins over a misleading name", async () => {
        const tool = role("reviewer");
        const other = role("ci", { tags: { "nhi:owner": "ci-team" } });
        // The name says "ci" (not an AI tool) but the engine says the value came from the reviewer role.
        const rp = rolePolicy("p", "ci", document({ actions: ["s3:GetObject"] }), { to: tool });
        expect((await stack(P, [tool, other, rp])).mandatory).toEqual([[rp.urn, expect.stringMatching(/AI tool identity IAM role "reviewer"/)]]);
    });
    test("a standing grant inside the component is reported once, by the resource policy", async () => {
        const c = component("reviewer");
        const r = role("reviewer", {}, c);
        const rp = rolePolicy("forever", "reviewer", document({ actions: ["s3:GetObject"] }), { to: r, parent: c });
        expect(mandatory(of(await pack.analyze(rp), P))).toHaveLength(1);
        expect((await stack(P, [c, r, rp])).mandatory).toEqual([]);
    });
    test("grants to identities that are no AI tool's are out of scope unless scope is `all`", async () => {
        const r = role("ci", { tags: { "nhi:owner": "ci-team", "nhi:expires-at": "2026-06-30" } });
        const standing = rolePolicy("standing", "ci", document({ actions: ["s3:GetObject"] }), { to: r });
        const late = rolePolicy("late", "ci", document({ actions: ["s3:GetObject"], until: AFTER }), { to: r });
        expect((await stack(P, [r, standing, late])).mandatory).toEqual([]);
        expect(of(await pack.analyze(standing), P)).toEqual([]);
        await pack.configure({ [P]: { scope: "all" } });
        // With scope `all` a grant's own dates are the resource policy's; its identity's expiry the stack's.
        expect(mandatory(of(await pack.analyze(standing), P))).toHaveLength(1);
        expect((await stack(P, [r, standing, late])).mandatory).toEqual([[late.urn, expect.stringMatching(/after the identity expires/)]]);
    });
    test("an attached customer policy is judged by its document; an AWS-managed one is standing", async () => {
        const r = role("reviewer");
        const dated = managedPolicy("dated", document({ sid: "Read", actions: ["s3:GetObject"], until: EXPIRY }));
        const late = managedPolicy("late", document({ sid: "Late", actions: ["s3:GetObject"], until: AFTER }));
        const a1 = attachment("a1", "reviewer", `arn:aws:iam::${ACCOUNT}:policy/dated`, { to: r, policy: dated });
        const a2 = attachment("a2", "reviewer", `arn:aws:iam::${ACCOUNT}:policy/late`); // linked by handles only
        const a3 = attachment("a3", "reviewer", "arn:aws:iam::aws:policy/ReadOnlyAccess", { to: r });
        const out = await stack(P, [r, dated, late, a1, a2, a3]);
        expect(out.mandatory).toEqual([
            [a2.urn, expect.stringMatching(/\(from IAM managed policy "late"\): statement "Late" ends at 2026-07-01T00:00:00Z, after the identity expires/)],
            [a3.urn, expect.stringMatching(/managed policy arn:aws:iam::aws:policy\/ReadOnlyAccess never ends/)],
        ]);
    });
    test("a dated permissions boundary caps an AWS-managed policy", async () => {
        const boundary = managedPolicy("boundary", document({ actions: ["*"], until: EXPIRY }));
        const r = role("reviewer", { permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/boundary` });
        const a = attachment("ro", "reviewer", "arn:aws:iam::aws:policy/ReadOnlyAccess", { to: r });
        expect((await stack(P, [boundary, r, a])).mandatory).toEqual([]);
        const lateBoundary = managedPolicy("boundary", document({ actions: ["*"], until: AFTER }));
        expect((await stack(P, [lateBoundary, r, a])).mandatory).toEqual([[a.urn, expect.stringMatching(/ends at 2026-07-01T00:00:00Z, after the identity expires/)]]);
        const undated = managedPolicy("boundary", document({ actions: ["*"] }));
        expect((await stack(P, [undated, r, a])).mandatory).toEqual([[a.urn, expect.stringMatching(/never ends/)]]);
    });
    test("an unknown role name (a link) is resolved through property dependencies without an advisory", async () => {
        const r = role("reviewer", { name: UNKNOWN, arn: UNKNOWN });
        const rp = rolePolicy("late", UNKNOWN, document({ actions: ["s3:GetObject"], until: AFTER }), { to: r });
        expect(await stack(P, [r, rp])).toEqual({ mandatory: [[rp.urn, expect.stringMatching(/after the identity expires/)]], advisory: [] });
    });
    test("an unknown document of a grant to an AI tool is advisory, on that grant only", async () => {
        const r = role("reviewer");
        const rp = rolePolicy("computed", "reviewer", UNKNOWN, { to: r });
        const fine = rolePolicy("fine", "reviewer", document({ actions: ["s3:GetObject"], until: EXPIRY }), { to: r });
        const out = await stack(P, [r, rp, fine]);
        expect(out.mandatory).toEqual([]);
        expect(out.advisory).toEqual([[rp.urn, expect.stringMatching(/^Unverified: IAM role inline policy "computed": .*unknown until the update \(`policy`/)]]);
    });
});

describe("nhi-least-privilege (stack)", () => {
    const P = "nhi-least-privilege";
    test("findings per item, for a grant from outside the component", async () => {
        const r = role("reviewer");
        const rp = rolePolicy("wide", "reviewer", document({ sid: "Wide", actions: ["s3:*", "s3:GetObject"], until: EXPIRY }), { to: r });
        const out = await stack(P, [r, rp]);
        expect(out.mandatory).toEqual([[rp.urn, expect.stringMatching(/: Action::s3:\* in statement "Wide": a wildcard grants/)]]);
    });
    test("documents reached through attachments", async () => {
        const r = role("reviewer");
        const doc = managedPolicy("admin-ish", document({ sid: "Iam", actions: ["iam:PassRole"], until: EXPIRY }));
        const a = attachment("a", "reviewer", `arn:aws:iam::${ACCOUNT}:policy/admin-ish`, { to: r, policy: doc });
        const out = await stack(P, [r, doc, a]);
        expect(out.mandatory).toEqual([[a.urn, expect.stringMatching(/Action::iam:PassRole in statement "Iam" of IAM managed policy "admin-ish": a privilege-escalation action/)]]);
    });
    test("AdministratorAccess attached from outside is an admin-role finding; read-only passes", async () => {
        const r = role("reviewer");
        const admin = attachment("admin", "reviewer", "arn:aws:iam::aws:policy/AdministratorAccess", { to: r });
        const ro = attachment("ro", "reviewer", "arn:aws:iam::aws:policy/ReadOnlyAccess", { to: r });
        expect((await stack(P, [r, admin, ro])).mandatory).toEqual([[admin.urn, expect.stringMatching(/Policy::arn:aws:iam::aws:policy\/AdministratorAccess .*administrator/)]]);
    });
    test("the same grant inside the component is reported by the resource policy, not again by the stack", async () => {
        const c = component("reviewer");
        const r = role("reviewer", {}, c);
        const rp = rolePolicy("wide", "reviewer", document({ actions: ["s3:*"], until: EXPIRY }), { to: r, parent: c });
        expect(mandatory(of(await pack.analyze(rp), P)).map((d) => d.message)).toEqual([expect.stringMatching(/Action::s3:\*/)]);
        expect((await stack(P, [c, r, rp])).mandatory).toEqual([]);
    });
    test("an unreadable document fails closed", async () => {
        const r = role("reviewer");
        const rp = rolePolicy("broken", "reviewer", "{not json", { to: r });
        expect((await stack(P, [r, rp])).mandatory).toEqual([[rp.urn, expect.stringMatching(/cannot be read .*privileges cannot be verified/)]]);
    });
});

describe("nhi-declared-access", () => {
    const P = "nhi-declared-access";
    test.each([
        ["a read identity with read actions", "read", ["s3:GetObject", "s3:ListBucket"], []],
        ["a read identity gaining write", "read", ["s3:GetObject", "s3:PutObject"], [/declared `access=read`, write access through statement "S": `s3:PutObject`; remove the write, or declare `access=write`/]],
        ["a write identity with write actions", "write", ["s3:PutObject"], []],
    ])("%s", async (_why, access, actions, expected) => {
        const r = role("reviewer", { tags: { ...GOOD_TAGS, "nhi:access": access } });
        const rp = rolePolicy("p", "reviewer", document({ sid: "S", actions, until: EXPIRY }), { to: r });
        expect((await stack(P, [r, rp])).mandatory).toEqual(expected.map((e) => [rp.urn, expect.stringMatching(e)]));
    });
    test("inline grants and attached documents count too", async () => {
        const doc = managedPolicy("writer", document({ sid: "W", actions: ["dynamodb:PutItem"], until: EXPIRY }));
        const r = role("reviewer", { inlinePolicies: [{ name: "inline", policy: document({ sid: "I", actions: ["sqs:SendMessage"], until: EXPIRY }) }] });
        const a = attachment("a", "reviewer", `arn:aws:iam::${ACCOUNT}:policy/writer`, { to: r, policy: doc });
        const out = await stack(P, [doc, r, a]);
        expect(out.mandatory).toEqual(
            expect.arrayContaining([
                [a.urn, expect.stringMatching(/`dynamodb:PutItem`/)],
                [r.urn, expect.stringMatching(/`sqs:SendMessage`/)],
            ]),
        );
        expect(out.mandatory).toHaveLength(2);
    });
    test("an access level that is none of read/write/admin cannot be verified", async () => {
        const r = role("reviewer", { tags: { ...GOOD_TAGS, "nhi:access": "readonly" } });
        expect((await stack(P, [r])).mandatory).toEqual([[r.urn, expect.stringMatching(/not `read`, `write` or `admin`/)]]);
    });
    test("an unknown document of a grant to a read identity is advisory", async () => {
        const r = role("reviewer");
        const rp = rolePolicy("computed", "reviewer", UNKNOWN, { to: r });
        expect(await stack(P, [r, rp])).toEqual({ mandatory: [], advisory: [[rp.urn, expect.stringMatching(/^Unverified: .*unknown until the update \(`policy`/)]] });
    });
});

describe("nhi-no-shadow-access", () => {
    const P = "nhi-no-shadow-access";
    const c = component("reviewer");
    const r = role("reviewer", {}, c);
    test("a grant in the identity's component passes; one from outside, found through dependencies, fails", async () => {
        const inside = rolePolicy("declared", UNKNOWN, document({ actions: ["s3:GetObject"], until: EXPIRY }), { to: r, parent: c });
        const outside = rolePolicy("bolted-on", UNKNOWN, document({ actions: ["s3:PutObject"], until: EXPIRY }), { to: r });
        expect((await stack(P, [c, r, inside, outside])).mandatory).toEqual([[outside.urn, expect.stringMatching(/^IAM role inline policy "bolted-on" grants access to AI tool identity IAM role "reviewer" from outside its component \(nhi-guard:aws:AiToolIdentity "reviewer"\)/)]]);
    });
    test("found by name too, and credentials and trust count", async () => {
        const byName = attachment("extra", "reviewer", "arn:aws:iam::aws:policy/ReadOnlyAccess");
        const profile = resource({ type: "aws:iam/instanceProfile:InstanceProfile", name: "ec2", props: { role: "reviewer" } });
        const out = await stack(P, [c, r, byName, profile]);
        expect(out.mandatory.map(([u]) => u).sort()).toEqual([byName.urn, profile.urn].sort());
        expect(out.mandatory.find(([u]) => u === profile.urn)![1]).toMatch(/adds a way to act as AI tool identity/);
    });
    test("identities outside any component have nothing declared to shadow", async () => {
        const plain = role("plain");
        const rp = rolePolicy("p", "plain", document({ actions: ["s3:GetObject"], until: EXPIRY }), { to: plain });
        expect((await stack(P, [plain, rp])).mandatory).toEqual([]);
    });
});

describe("nhi-secret-rotation-required", () => {
    const P = "nhi-secret-rotation-required";
    const c = component("reviewer");
    const s = resource({ type: T.secret, name: "vendor-key", parent: c, props: { name: "vendor-key", arn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:vendor-key`, tags: GOOD_TAGS } });
    const rotation = (days: unknown, opts: { enabled?: boolean; linked?: boolean } = {}) =>
        resource({
            type: T.rotation,
            name: "rot",
            parent: c,
            props: { secretId: opts.linked === false ? "vendor-key" : UNKNOWN, rotationRules: { automaticallyAfterDays: days }, rotationEnabled: opts.enabled ?? true },
            propertyDependencies: opts.linked === false ? {} : { secretId: [s] },
        });
    test.each([
        ["rotating exactly every maxRotationDays", rotation(30), []],
        ["rotating every 31 days", rotation(31), [/does not rotate within 30 days \(Secrets Manager rotation "rot" rotates every 31 days\)/]],
        ["a disabled rotation", rotation(7, { enabled: false }), [/"rot" is disabled/]],
        ["a rotation linked by name", rotation(7, { linked: false }), []],
    ])("a secret with %s", async (_why, rot, expected) => {
        expect((await stack(P, [c, s, rot])).mandatory).toEqual(expected.map((e) => [s.urn, expect.stringMatching(e)]));
    });
    test("a secret with no rotation at all", async () => {
        expect((await stack(P, [c, s])).mandatory).toEqual([[s.urn, expect.stringMatching(/nothing rotates it and it does not expire/)]]);
    });
    test("secrets that are no AI tool's are out of scope unless scope is `all`", async () => {
        const plain = resource({ type: T.secret, name: "db", props: { name: "db" } });
        expect((await stack(P, [plain])).mandatory).toEqual([]);
        await pack.configure({ [P]: { scope: "all" } });
        expect((await stack(P, [plain])).mandatory).toHaveLength(1);
    });
    test("a rotation schedule unknown at preview is advisory", async () => {
        const out = await stack(P, [c, s, rotation(UNKNOWN)]);
        // Listed on the secret, whose rotation is what cannot be shown; the reason names the rotation's input.
        expect(out.mandatory).toEqual([]);
        expect(out.advisory).toEqual([[s.urn, expect.stringMatching(/^Unverified: .*whether it rotates within 30 days is unknown until the update \(`rot: rotationRules/)]]);
    });
});

describe("nhi-human-approval (stack)", () => {
    const P = "nhi-human-approval";
    const env = (props: Record<string, unknown>) => resource({ type: T.environment, name: "env", props: { repository: "app", environment: "ai-review", ...props } });
    test.each([
        ["required reviewers and no self-review", { reviewers: [{ teams: [42] }], preventSelfReview: true }, []],
        ["no reviewers", { preventSelfReview: true }, [/requires no human reviewer/]],
        ["self-review allowed", { reviewers: [{ users: [7] }], preventSelfReview: false }, [/lets the author approve their own deployment/]],
    ])("an AI tool trusting an environment with %s", async (_why, props, expected) => {
        const r = role("reviewer");
        const out = await stack(P, [r, env(props)]);
        expect(out.mandatory).toEqual(expected.map((e) => [r.urn, expect.stringMatching(e)]));
    });
    test("an environment that is not in the stack is unverified, not passed (the gate's --strict fails it)", async () => {
        const r = role("reviewer");
        const out = await stack(P, [r]);
        expect(out.mandatory).toEqual([]);
        expect(out.advisory).toEqual([[r.urn, expect.stringMatching(/^Unverified: .*`acme\/app` environment `ai-review` .* not declared in this stack.*--with-export.*externallyManagedEnvironments/)]]);
    });
    test("an environment of another owner's repository of the same name does not count", async () => {
        const r = role("reviewer");
        const other = env({ repository: "someone-else/app", reviewers: [{ teams: [1] }], preventSelfReview: true });
        expect((await stack(P, [r, other])).advisory).toEqual([[r.urn, expect.stringMatching(/^Unverified: .*not declared in this stack/)]]);
    });
});
