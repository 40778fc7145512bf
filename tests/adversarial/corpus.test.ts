/**
 * Bypass corpus: spellings of a violation that must still be caught, each sent through the pack's
 * real Analyze / AnalyzeStack handlers. Every table also holds compliant controls, so a check that
 * reported everything (or nothing) would fail here too.
 */
import { UNKNOWN } from "../../cli/analyzer/protocol";
import type { AnalyzerInput } from "../../cli/analyzer/protocol";
import { advisory, component, loadPack, mandatory, of, pinClock, resource, type PackHarness } from "../helpers/pack";
import { GOOD_TAGS, NOW, OIDC, T, githubTrust, role } from "../pack/estate";

let pack: PackHarness;
beforeAll(async () => {
    pinClock(NOW);
    pack = await loadPack();
});
afterAll(() => jest.useRealTimers());

const LP = "nhi-least-privilege";
const SA = "nhi-no-standing-access";
const TP = "nhi-trust-pinned";
const HA = "nhi-human-approval";

/** Ends before GOOD_TAGS' expiry (2026-06-30), so a grant carrying it is compliant. */
const UNTIL = { DateLessThan: { "aws:CurrentTime": "2026-06-01T00:00:00Z" } };
const allow = (extra: Record<string, unknown>) => ({ Effect: "Allow", Resource: "*", Condition: UNTIL, ...extra });
const asText = (statements: unknown) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** An inline policy inside an AI tool's component, attached to its role: judged by the resource policies. */
function governedGrant(policy: unknown, name = "grant"): AnalyzerInput {
    const c = component("tool");
    return resource({ type: T.rolePolicy, name, parent: c, props: { role: "tool", policy } });
}

async function findings(policy: string, input: AnalyzerInput) {
    const ds = of(await pack.analyze(input), policy);
    return { mandatory: mandatory(ds).map((d) => d.message), advisory: advisory(ds).map((d) => d.message) };
}

describe("policy documents: least privilege", () => {
    const compliant: [string, unknown][] = [
        ["a read action, JSON text", asText([allow({ Action: "s3:GetObject" })])],
        ["the same as an object with a single statement", { Statement: allow({ Action: ["s3:GetObject"] }) }],
        ["element names in other cases", asText([{ effect: "allow", action: "s3:GetObject", resource: "*", condition: UNTIL }])],
        ["a Deny of everything next to a narrow Allow (Deny grants nothing)", asText([allow({ Action: "s3:GetObject" }), { Effect: "Deny", Action: "*", Resource: "*" }])],
        ["a Deny of an escalation action", asText([{ Effect: "Deny", Action: "iam:PassRole", Resource: "*" }, allow({ Action: "s3:ListBucket" })])],
    ];
    test.each(compliant)("passes: %s", async (_why, policy) => {
        expect((await findings(LP, governedGrant(policy))).mandatory).toEqual([]);
    });

    const violating: [string, unknown, RegExp][] = [
        ["escalation as a string", asText([allow({ Action: "iam:PassRole" })]), /Action::iam:PassRole/],
        ["escalation in another case", asText([allow({ Action: "IAM:PassRole" })]), /Action::IAM:PassRole/],
        ["escalation all lower case, padded", asText([allow({ Action: [" iam:passrole "] })]), /escalation|grant itself more/],
        ["escalation in an object document", { Statement: [allow({ Action: ["s3:GetObject", "iam:AttachRolePolicy"] })] }, /Action::iam:AttachRolePolicy/],
        ["escalation in a single statement object", { Statement: allow({ Action: "iam:CreatePolicyVersion" }) }, /Action::iam:CreatePolicyVersion/],
        ["escalation behind `Statement` and `Action` in lower case", JSON.stringify({ statement: [{ effect: "Allow", action: "iam:PutRolePolicy", resource: "*" }] }), /iam:PutRolePolicy/],
        ["a service wildcard", asText([allow({ Action: "s3:*" })]), /Action::s3:\* .*wildcard/],
        ["a bare `*`", asText([allow({ Action: "*" })]), /Action::\*/],
        ["`*:*`", asText([allow({ Action: "*:*" })]), /Action::\*:\*/],
        ["a `?` wildcard covering iam:PassRole", asText([allow({ Action: "iam:P?ssRole" })]), /Action::iam:P\?ssRole/],
        ["a prefix wildcard covering escalation", asText([allow({ Action: "iam:Put*" })]), /Action::iam:Put\*/],
        ["NotAction allow", asText([allow({ NotAction: "s3:GetObject" })]), /NotAction::s3:GetObject/],
        ["NotAction in an object document, as a list", { Statement: [allow({ NotAction: ["s3:*", "ec2:*"] })] }, /NotAction::s3:\*,ec2:\*/],
        ["NotResource allow with an escalation action", asText([{ Effect: "Allow", Action: "iam:PassRole", NotResource: "arn:aws:iam::123456789012:role/x", Condition: UNTIL }]), /Action::iam:PassRole/],
        ["credential exposure in another case", asText([allow({ Action: "STS:assumerole" })]), /Action::STS:assumerole.*credential-exposure/],
        ["an Effect spelt in lower case and padded", asText([{ Effect: " allow ", Action: "iam:PassRole", Resource: "*", Condition: UNTIL }]), /iam:PassRole/],
        ["no Effect at all (counts as granting)", asText([{ Action: "iam:PassRole", Resource: "*", Condition: UNTIL }]), /iam:PassRole|cannot be read/],
        ["a duplicated Sid hiding a second statement", asText([allow({ Sid: "Read", Action: "s3:GetObject" }), allow({ Sid: "Read", Action: "iam:PassRole" })]), /statement "Read" \(#2\).*|iam:PassRole in statement "Read" \(#2\)/],
        ["`Action` and `ACTION` in one statement", asText([allow({ Action: "s3:GetObject", ACTION: "iam:PassRole" })]), /gives `Action` 2 times/],
        ["`Effect` given as Deny and as allow", asText([{ Effect: "Deny", effect: "Allow", Action: "iam:*", Resource: "*" }]), /gives `Effect` 2 times/],
        ["`Statement` given twice", JSON.stringify({ Statement: [allow({ Action: "s3:GetObject" })], STATEMENT: [allow({ Action: "*" })] }), /gives `Statement` 2 times/],
        ["an action list with a number in it", asText([allow({ Action: ["s3:GetObject", 7] })]), /cannot be read/],
        ["a document that is not JSON", "{ Statement: [", /cannot be read .*not valid JSON/],
        ["the escalation hidden among Deny statements", asText([{ Effect: "Deny", Action: "s3:*", Resource: "*" }, allow({ Action: "iam:UpdateAssumeRolePolicy" })]), /iam:UpdateAssumeRolePolicy/],
    ];
    test.each(violating)("fails: %s", async (_why, policy, expected) => {
        const m = (await findings(LP, governedGrant(policy))).mandatory;
        expect(m.length).toBeGreaterThan(0);
        expect(m.join("\n")).toMatch(expected);
    });
});

describe("policy documents: time bounds", () => {
    const compliant: [string, Record<string, unknown>][] = [
        ["DateLessThan", { DateLessThan: { "aws:CurrentTime": "2026-06-01T00:00:00Z" } }],
        ["DateLessThanEquals", { DateLessThanEquals: { "aws:CurrentTime": "2026-06-01T00:00:00Z" } }],
        ["DateLessThanIfExists", { DateLessThanIfExists: { "aws:CurrentTime": "2026-06-01T00:00:00Z" } }],
        ["ForAnyValue: with an array of dates", { "ForAnyValue:DateLessThan": { "aws:CurrentTime": ["2026-03-01T00:00:00Z", "2026-05-01"] } }],
        ["the key in upper case", { DateLessThan: { "AWS:CURRENTTIME": "2026-06-01T00:00:00Z" } }],
        ["another time zone", { DateLessThan: { "aws:CurrentTime": "2026-06-01T02:00:00+02:00" } }],
    ];
    test.each(compliant)("a grant ending with %s passes", async (_why, Condition) => {
        expect((await findings(SA, governedGrant(asText([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition }])))).mandatory).toEqual([]);
    });

    const standing: [string, unknown][] = [
        ["no condition", undefined],
        ["DateGreaterThan (a start, not an end)", { DateGreaterThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } }],
        ["DateLessThan on another key", { DateLessThan: { "aws:EpochTime": "2026-06-01T00:00:00Z" } }],
        ["ForAllValues: (passes when the key is absent)", { "ForAllValues:DateLessThan": { "aws:CurrentTime": "2026-06-01T00:00:00Z" } }],
        ["a date that does not exist", { DateLessThan: { "aws:CurrentTime": "2026-02-30T00:00:00Z" } }],
        ["a local time (no zone)", { DateLessThan: { "aws:CurrentTime": "2026-06-01T00:00:00" } }],
        ["an array with one unreadable date (values are ORed)", { "ForAnyValue:DateLessThan": { "aws:CurrentTime": ["2026-03-01T00:00:00Z", "someday"] } }],
        ["an empty list of dates", { DateLessThan: { "aws:CurrentTime": [] } }],
        ["an epoch number", { DateLessThan: { "aws:CurrentTime": 1780000000 } }],
        ["a condition that is not an object", "DateLessThan aws:CurrentTime 2026-06-01"],
    ];
    test.each(standing)("a grant with %s is standing", async (_why, Condition) => {
        const s = { Effect: "Allow", Action: "s3:GetObject", Resource: "*", ...(Condition === undefined ? {} : { Condition }) };
        const m = (await findings(SA, governedGrant(asText([s])))).mandatory;
        expect(m).toEqual([expect.stringMatching(/never ends|cannot be read/)]);
    });

    // The stack compares each end with the identity's own expiry (GOOD_TAGS: 2026-06-30).
    const late: [string, Record<string, unknown>][] = [
        ["DateLessThanEquals far in the future", { DateLessThanEquals: { "aws:CurrentTime": "9999-12-31T23:59:59Z" } }],
        ["...IfExists a year late", { DateLessThanIfExists: { "aws:CurrentTime": "2027-06-30" } }],
        ["ForAnyValue: with one late date among early ones (the latest wins)", { "ForAnyValue:DateLessThan": { "aws:CurrentTime": ["2026-03-01T00:00:00Z", "2030-01-01T00:00:00Z"] } }],
        ["an offset that moves the end past the expiry", { DateLessThan: { "aws:CurrentTime": "2026-06-29T23:00:00-02:00" } }],
    ];
    test.each(late)("a grant from outside the component ending with %s outlives the identity", async (_why, Condition) => {
        const r = role("tool");
        const grant = resource({ type: T.rolePolicy, name: "late", props: { role: "tool", policy: asText([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition }]) }, propertyDependencies: { role: [r] } });
        const ds = mandatory(of(await pack.analyzeStack([r, grant]), SA));
        expect(ds.map((d) => [d.urn, d.message])).toEqual([[grant.urn, expect.stringMatching(/after the identity expires at 2026-06-30T00:00:00Z/)]]);
    });
});

describe("trust policies", () => {
    const statement = (principal: unknown, extra: Record<string, unknown> = {}) => ({
        assumeRolePolicy: asText([{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", ...extra }]),
    });
    test("controls: a pinned GitHub subject and one service principal pass", async () => {
        expect((await findings(TP, role("r"))).mandatory).toEqual([]);
        expect((await findings(TP, role("r", statement({ Service: "lambda.amazonaws.com" })))).mandatory).toEqual([]);
    });
    const violating: [string, Record<string, unknown>, RegExp][] = [
        ["Principal `*`", statement("*"), /`\*` principal/],
        ['{"AWS": "*"}', statement({ AWS: "*" }), /`\*` principal/],
        ['{"AWS": ["*"]}', statement({ AWS: ["*"] }), /`\*` principal/],
        ['{"aws": " * "} (case and spaces)', statement({ aws: " * " }), /`\*` principal/],
        ["an account root ARN", statement({ AWS: "arn:aws:iam::123456789012:root" }), /trusts every identity in the account/],
        ["an account root ARN in upper case, another partition", statement({ AWS: "ARN:AWS-US-GOV:IAM::123456789012:ROOT" }), /trusts every identity in the account/],
        ["a bare account ID", statement({ AWS: "123456789012" }), /trusts every identity in the account/],
        ["a wildcard role path", statement({ AWS: "arn:aws:iam::123456789012:role/*" }), /has a wildcard/],
        ["NotPrincipal with Allow", { assumeRolePolicy: asText([{ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::123456789012:role/x" }, Action: "sts:AssumeRole" }]) }, /NotPrincipal/],
        ["two principals", statement({ Service: ["lambda.amazonaws.com", "ec2.amazonaws.com"] }), /names 2 subjects/],
        ["`Principal` and `PRINCIPAL`", { assumeRolePolicy: asText([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, PRINCIPAL: "*", Action: "sts:AssumeRole" }]) }, /gives `Principal` 2 times/],
        ["GitHub OIDC with no `sub`", { assumeRolePolicy: asText([{ Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } }]) }, /without a `token.actions.githubusercontent.com:sub` condition/],
        ["GitHub OIDC `sub` with a wildcard repository", { assumeRolePolicy: githubTrust("repo:acme/*:environment:prod").replace('"StringEquals"', '"StringLike"') }, /wildcard in the owner\/repository/],
        ["GitHub OIDC `sub` under IfExists", { assumeRolePolicy: asText([{ Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringEqualsIfExists: { "token.actions.githubusercontent.com:sub": "repo:acme/app:environment:prod" } } }]) }, /also passes when the claim is absent/],
        ["GitHub OIDC `sub` under ForAnyValue:StringLike with a wildcard", { assumeRolePolicy: asText([{ Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, "ForAnyValue:StringLike": { "token.actions.githubusercontent.com:sub": ["repo:acme/app:*"] } } }]) }, /has a wildcard/],
    ];
    test.each(violating)("fails: %s", async (_why, props, expected) => {
        const m = (await findings(TP, role("r", props))).mandatory;
        expect(m.length).toBeGreaterThan(0);
        expect(m.join("\n")).toMatch(expected);
    });
});

describe("annotations", () => {
    const OWN = "nhi-owner-required";
    const EXP = "nhi-expiry-required";
    const withTags = (tags: Record<string, unknown>) => role("r", { tags });
    const base = { ...GOOD_TAGS } as Record<string, unknown>;
    const without = (key: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));

    test.each([
        ["the canonical keys", base],
        ["keys in upper case", { ...without("nhi:owner"), "NHI:OWNER": "platform-team" }],
        ["keys with surrounding spaces", { ...without("nhi:owner"), "  nhi:owner\t": "platform-team" }],
        ["values with surrounding spaces", { ...without("nhi:owner"), "nhi:owner": "  platform-team  " }],
    ])("accepted: %s", async (_why, tags) => {
        expect((await findings(OWN, withTags(tags))).mandatory).toEqual([]);
        expect((await findings(EXP, withTags(tags))).mandatory).toEqual([]);
    });

    test.each([
        ["a Cyrillic о in the key", { ...without("nhi:owner"), "nhi:\u043ewner": "platform-team" }],
        ["a Greek ο in the key", { ...without("nhi:owner"), "nhi:\u03bfwner": "platform-team" }],
        ["a fullwidth colon in the key", { ...without("nhi:owner"), "nhi\uff1aowner": "platform-team" }],
        ["a dotless ı in the key", { ...without("nhi:owner"), "nh\u0131:owner": "platform-team" }],
        ["a zero-width space in the key", { ...without("nhi:owner"), "nhi:owner\u200b": "platform-team" }],
        ["an empty value", { ...without("nhi:owner"), "nhi:owner": "" }],
        ["a blank value", { ...without("nhi:owner"), "nhi:owner": "   " }],
        ["a bell character in the value", { ...without("nhi:owner"), "nhi:owner": "platform\u0007team" }],
        ["a right-to-left override in the value", { ...without("nhi:owner"), "nhi:owner": "\u202emaet-mroftalp" }],
        ["two spellings with different values", { ...base, "NHI:Owner": "other-team" }],
        ["a value that is not a string", { ...without("nhi:owner"), "nhi:owner": 42 }],
    ])("no owner: %s", async (_why, tags) => {
        expect((await findings(OWN, withTags(tags))).mandatory).toHaveLength(1);
    });

    test.each([
        ["a date that does not exist", "2026-02-30"],
        ["the 31st of April", "2026-04-31"],
        ["another time zone", "2026-06-30T00:00:00+02:00"],
        ["a local time", "2026-06-30T00:00:00"],
        ["far in the future", "9999-12-31"],
        ["a year beyond four digits", "+02026-06-30"],
        ["a date with a control character", "2026-06-30\u0000"],
        ["a date with a zero-width joiner", "2026-06\u200d-30"],
        ["a past date", "2025-12-31"],
        ["prose", "end of Q2"],
        ["empty", ""],
    ])("no valid expiry: %s", async (_why, expiresAt) => {
        expect((await findings(EXP, withTags({ ...base, "nhi:expires-at": expiresAt }))).mandatory).toHaveLength(1);
    });
});

describe("structure: where a grant comes from", () => {
    const escalating = asText([allow({ Action: "iam:PassRole" })]);
    const standingDoc = asText([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]);
    const stack = async (policy: string, inputs: AnalyzerInput[]) => {
        const ds = of(await pack.analyzeStack(inputs), policy);
        return { mandatory: mandatory(ds).map((d) => [d.urn, d.message] as const), advisory: advisory(ds).map((d) => [d.urn, d.message] as const) };
    };
    const governedRole = () => {
        const c = component("tool");
        return { c, r: role("tool", {}, c) };
    };

    test("from a sibling component: shadow access, least privilege and standing access all see it", async () => {
        const { c, r } = governedRole();
        const other = component("other");
        const g = resource({ type: T.rolePolicy, name: "sneak", parent: other, props: { role: "tool", policy: escalating }, propertyDependencies: { role: [r] } });
        expect((await stack("nhi-no-shadow-access", [c, r, other, g])).mandatory.map(([u]) => u)).toContain(g.urn);
        // Inside a governed component, the resource policy judges its own entries (once, not again in the stack).
        expect((await findings(LP, g)).mandatory).toEqual([expect.stringMatching(/Action::iam:PassRole/)]);
        expect((await stack(LP, [c, r, other, g])).mandatory).toEqual([]);
    });
    test("from the stack root, linked only by the role's name", async () => {
        const { c, r } = governedRole();
        const g = resource({ type: T.rolePolicy, name: "root-grant", props: { role: "tool", policy: standingDoc } });
        expect((await stack(SA, [c, r, g])).mandatory).toEqual([[g.urn, expect.stringMatching(/never ends/)]]);
        expect((await stack("nhi-no-shadow-access", [c, r, g])).mandatory.map(([u]) => u)).toContain(g.urn);
    });
    test("through an explicit provider", async () => {
        const { c, r } = governedRole();
        const g: AnalyzerInput = {
            ...resource({ type: T.rolePolicy, name: "via-provider", props: { role: "tool", policy: escalating }, propertyDependencies: { role: [r] } }),
            provider: { type: "pulumi:providers:aws", urn: "urn:pulumi:dev::estate::pulumi:providers:aws::other-account", name: "other-account", props: { region: "eu-west-1" } },
        };
        expect((await stack(LP, [c, r, g])).mandatory).toEqual([[g.urn, expect.stringMatching(/Action::iam:PassRole/)]]);
    });
    test("through a role reference unknown at preview: the property dependency still links it", async () => {
        const { c, r } = governedRole();
        const g = resource({ type: T.rolePolicy, name: "late-bound", props: { role: UNKNOWN, policy: standingDoc }, propertyDependencies: { role: [r] } });
        expect((await stack(SA, [c, r, g])).mandatory).toEqual([[g.urn, expect.stringMatching(/never ends/)]]);
    });
    test("a policy document unknown at preview is listed as unverified, never passed", async () => {
        const { c, r } = governedRole();
        const g = resource({ type: T.rolePolicy, name: "unknown-doc", props: { role: "tool", policy: UNKNOWN }, propertyDependencies: { role: [r] } });
        const out = await stack(SA, [c, r, g]);
        expect(out.mandatory).toEqual([]);
        expect(out.advisory).toEqual([[g.urn, expect.stringMatching(/^Unverified: /)]]);
    });
    test("aliases and a renamed parent: the grant is judged where it is now", async () => {
        const c = component("tool-renamed");
        const r = role("tool", {}, c);
        const g: AnalyzerInput = {
            ...resource({ type: T.rolePolicy, name: "moved", parent: c, props: { role: "tool", policy: escalating }, propertyDependencies: { role: [r] } }),
            options: { aliases: ["urn:pulumi:dev::estate::aws:iam/rolePolicy:RolePolicy::moved", "urn:pulumi:dev::estate::nhi-guard:aws:AiToolIdentity$aws:iam/rolePolicy:RolePolicy::moved"] },
        };
        expect((await findings(LP, g)).mandatory).toEqual([expect.stringMatching(/Action::iam:PassRole/)]);
        // Moved out of the component (an alias keeps its old URN): the stack still reaches the role.
        const out = resource({ type: T.rolePolicy, name: "moved-out", props: { role: "tool", policy: escalating }, propertyDependencies: { role: [r] } });
        expect((await stack(LP, [c, r, { ...out, options: { aliases: [g.urn] } }])).mandatory).toEqual([[out.urn, expect.stringMatching(/Action::iam:PassRole/)]]);
    });
});

describe("other clouds", () => {
    const member = (condition: unknown, role = "roles/storage.objectViewer") => {
        const c = component("tool", "gcp");
        return resource({ type: "gcp:projects/iAMMember:IAMMember", name: "m", parent: c, props: { project: "p", role, member: "serviceAccount:tool@p.iam.gserviceaccount.com", condition } });
    };
    const bound = 'request.time < timestamp("2026-06-01T00:00:00Z")';
    test("GCP control: a bounded condition passes", async () => {
        expect((await findings(SA, member({ title: "t", expression: bound }))).mandatory).toEqual([]);
    });
    test.each([
        ["`|| true`", `${bound} || true`],
        ["`|| true` inside parentheses around the bound", `(${bound}) || true`],
        ["`true ||` first", `true || ${bound}`],
        ["a ternary", `${bound} ? true : true`],
        ["a comment hiding the rest", `${bound} // || true`],
        ["a negated start instead of an end", '!(request.time >= timestamp("2026-06-01T00:00:00Z"))'],
        ["a date that does not exist", 'request.time < timestamp("2026-02-30T00:00:00Z")'],
        ["a bare date (CEL wants a date-time)", 'request.time < timestamp("2026-06-01")'],
        ["an escape in the literal", 'request.time < timestamp("2026-06-01T00:00:00Z\\u0000")'],
        ["no condition", undefined],
    ])("GCP: a condition with %s is standing", async (_why, expression) => {
        const m = (await findings(SA, member(expression === undefined ? undefined : { title: "t", expression }))).mandatory;
        expect(m).toEqual([expect.stringMatching(/never ends/)]);
    });
    test.each([["roles/owner"], ["roles/editor"], [" roles/editor "]])("GCP: %s is an admin role", async (role) => {
        expect((await findings(LP, member({ title: "t", expression: bound }, role))).mandatory).toEqual([expect.stringMatching(/Role::roles\/(owner|editor)/)]);
    });

    const assignment = (description: string) => {
        const c = component("tool", "azure");
        return resource({
            type: "azure-native:authorization:RoleAssignment",
            name: "ra",
            parent: c,
            props: { principalId: "p", roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7", scope: "/subscriptions/s/resourceGroups/g", description },
        });
    };
    test("Azure control: one expires-at passes", async () => {
        expect((await findings(SA, assignment("owner=platform-team;expires-at=2026-06-01"))).mandatory).toEqual([]);
    });
    test.each([
        ["two expires-at with different values", "expires-at=2026-06-01;expires-at=2099-01-01"],
        ["two expires-at in different cases", "expires-at=2026-06-01;EXPIRES-AT=2099-01-01"],
        ["one with the nhi: prefix", "nhi:expires-at=2026-06-01;expires-at=2099-01-01"],
        ["the early one hidden inside another value", "owner=platform-team expires-at=2026-06-01;expires-at=2099-01-01"],
        ["the early one hidden with the nhi: prefix", "owner=platform-team nhi:expires-at=2026-06-01;expires-at=2099-01-01"],
        ["two on one segment", "expires-at=2026-06-01 expires-at=2099-01-01"],
        ["separated by a carriage return", "expires-at=2026-06-01\rexpires-at=2099-01-01"],
        ["a date that does not exist", "expires-at=2026-02-30"],
    ])("Azure: a description with %s gives no end", async (_why, description) => {
        expect((await findings(SA, assignment(description))).mandatory).toEqual([expect.stringMatching(/never ends \(/)]);
    });

    const goodRuleset = { target: "branch", enforcement: "active", rules: { pullRequest: { requiredApprovingReviewCount: 1 } } };
    const ruleset = (bypassActors: unknown[]) => resource({ type: "github:index/repositoryRuleset:RepositoryRuleset", name: "rs", props: { ...goodRuleset, bypassActors } });
    test("GitHub control: a machine limited to pull requests and a human that always bypasses pass", async () => {
        expect((await findings(HA, ruleset([{ actorType: "Integration", actorId: 1, bypassMode: "pullRequest" }, { actorType: "Team", actorId: 2, bypassMode: "always" }]))).mandatory).toEqual([]);
    });
    test.each([
        ["`always`", "Integration", "always"],
        ["`ALWAYS`", "Integration", "ALWAYS"],
        ["actor type in upper case", "INTEGRATION", "always"],
        ["actor type in lower case", "deploykey", "Always"],
        ["`exempt`", "Integration", "exempt"],
        ["`Exempt`", "User", "Exempt"],
        ["a mode nobody knows", "Integration", "sometimes"],
    ])("GitHub: a machine bypass spelt %s is caught", async (_why, actorType, bypassMode) => {
        expect((await findings(HA, ruleset([{ actorType, actorId: 9, bypassMode }]))).mandatory).toEqual([expect.stringMatching(/may (always )?bypass the ruleset/)]);
    });
});
