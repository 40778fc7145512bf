/**
 * Resource policies through real Analyze requests: compliant, violating, unknown at preview, and
 * the boundaries of each limit (exactly at it passes, one second or day over fails).
 */
import { UNKNOWN, secret } from "../../cli/analyzer/protocol";
import { advisory, mandatory, of, resource, component, type PackHarness, packPinnedAt } from "../helpers/pack";
import { GOOD_TAGS, NOW, T, document, githubTrust, role, rolePolicy } from "./estate";
import { KEYS, pem } from "../contract/secrets/keys";

const pack = packPinnedAt(NOW);

async function messages(policy: string, input: Parameters<PackHarness["analyze"]>[0]) {
    const ds = of(await pack.analyze(input), policy);
    return { mandatory: mandatory(ds).map((d) => d.message), advisory: advisory(ds).map((d) => d.message) };
}

describe("nhi-owner-required", () => {
    const P = "nhi-owner-required";
    test.each([
        ["a team slug", { "nhi:owner": "platform-team" }],
        ["an e-mail address", { "nhi:owner": "ai-platform@example.com" }],
        ["a key spelt in another case, value padded", { " NHI:Owner ": " platform-team " }],
        ["a secret owner value (unwrapped for the pack)", { "nhi:owner": secret("platform-team") }],
    ])("passes with %s", async (_why, tags) => {
        expect(await messages(P, role("r", { tags }))).toEqual({ mandatory: [], advisory: [] });
    });
    test.each([
        ["no owner", {}, /has no owner; set the `nhi:owner` tag/],
        ["an empty owner", { "nhi:owner": "" }, /has no owner/],
        ["a placeholder owner", { "nhi:owner": "TBD" }, /names nobody/],
        ["an owner with spaces", { "nhi:owner": "the platform team" }, /neither a team slug nor an e-mail/],
        ["an owner hidden behind a zero-width space", { "nhi:owner": "platform\u200b-team" }, /unreadable owner: .*invisible/],
        ["a look-alike key (Cyrillic o)", { "nhi:\u043ewner": "platform-team" }, /has no owner/],
    ])("fails with %s", async (_why, tags, message) => {
        const m = await messages(P, role("r", { tags }));
        expect(m.mandatory).toEqual([expect.stringMatching(message)]);
        expect(m.mandatory[0]).toMatch(/^IAM role "r" /);
    });
    test("applies to credentials that carry annotations, not to types outside the catalogue", async () => {
        expect((await messages(P, resource({ type: T.bucket, name: "b", props: { tags: {} } }))).mandatory).toEqual([]);
        expect((await messages(P, resource({ type: T.secret, name: "s", props: { tags: {} } }))).mandatory).toEqual([]); // a secret is no identity
    });
    test("ownerPattern config narrows what counts as an owner", async () => {
        await pack.configure({ [P]: { ownerPattern: "^team-[a-z]+$" } });
        expect((await messages(P, role("r", { tags: { "nhi:owner": "platform-team" } }))).mandatory).toEqual([expect.stringMatching(/pattern \^team-\[a-z\]\+\$/)]);
        expect((await messages(P, role("r", { tags: { "nhi:owner": "team-platform" } }))).mandatory).toEqual([]);
    });
    test("an owner unknown at preview is advisory, an unknown tag map too", async () => {
        for (const tags of [{ "nhi:owner": UNKNOWN }, UNKNOWN]) {
            const m = await messages(P, role("r", { tags }));
            expect(m.mandatory).toEqual([]);
            expect(m.advisory).toEqual([expect.stringMatching(/^Unverified: IAM role "r": its owner is unknown until the update/)]);
        }
    });
    test("an unknown ARN (a handle, not a checked value) changes nothing", async () => {
        expect(await messages(P, role("r", { arn: UNKNOWN }))).toEqual({ mandatory: [], advisory: [] });
    });
});

describe("nhi-expiry-required", () => {
    const P = "nhi-expiry-required";
    const withExpiry = (expiresAt: unknown) => role("r", { tags: { ...GOOD_TAGS, "nhi:expires-at": expiresAt } });
    test.each([
        ["a date within the year", "2026-06-30"],
        ["exactly maxLifetimeDays (365) away", "2027-01-01T00:00:00Z"],
        ["one second from now", "2026-01-01T00:00:01Z"],
    ])("passes with %s", async (_why, expiresAt) => {
        expect(await messages(P, withExpiry(expiresAt))).toEqual({ mandatory: [], advisory: [] });
    });
    test.each([
        ["one second over the limit", "2027-01-01T00:00:01Z", /more than 365 days away; set .* to 2027-01-01T00:00:00Z or earlier/],
        ["exactly now", "2026-01-01T00:00:00Z", /expired at 2026-01-01T00:00:00Z/],
        ["in the past", "2025-12-31", /expired at 2025-12-31T00:00:00Z/],
        ["a date that does not exist", "2026-02-30", /not a UTC date/],
        ["a local time", "2026-06-30T10:00:00", /not a UTC date/],
        ["nothing", undefined, /has no expiry/],
    ])("fails with %s", async (_why, expiresAt, message) => {
        expect((await messages(P, withExpiry(expiresAt))).mandatory).toEqual([expect.stringMatching(message)]);
    });
    test("maxLifetimeDays config moves the boundary", async () => {
        await pack.configure({ [P]: { maxLifetimeDays: 30 } });
        expect((await messages(P, withExpiry("2026-01-31"))).mandatory).toEqual([]);
        expect((await messages(P, withExpiry("2026-01-31T00:00:01Z"))).mandatory).toEqual([expect.stringMatching(/more than 30 days away/)]);
    });
    test("an expiry unknown at preview is advisory", async () => {
        const m = await messages(P, withExpiry(UNKNOWN));
        expect(m).toEqual({ mandatory: [], advisory: [expect.stringMatching(/^Unverified: IAM role "r": its expiry is unknown until the update/)] });
    });
});

describe("nhi-no-long-lived-credentials", () => {
    const P = "nhi-no-long-lived-credentials";
    const bedrockKey = (credentialAgeDays?: unknown) => resource({ type: T.serviceCredential, name: "k", props: { userName: "u", serviceName: "bedrock.amazonaws.com", credentialAgeDays } });
    test("a static access key is always a violation", async () => {
        expect((await messages(P, resource({ type: T.accessKey, name: "key", props: { user: "bot" } }))).mandatory).toEqual([expect.stringMatching(/^IAM access key "key" is a long-lived credential that never expires; use federated trust/)]);
    });
    test.each([
        ["exactly maxCredentialDays", 90, []],
        ["one day over", 91, [/stays valid for 91 days, more than 90/]],
        ["no lifetime (never expires)", undefined, [/never expires/]],
    ])("a Bedrock API key with %s", async (_why, days, expected) => {
        expect((await messages(P, bedrockKey(days))).mandatory).toEqual(expected.map((e) => expect.stringMatching(e)));
    });
    test("maxCredentialDays config moves the boundary", async () => {
        await pack.configure({ [P]: { maxCredentialDays: 7 } });
        expect((await messages(P, bedrockKey(7))).mandatory).toEqual([]);
        expect((await messages(P, bedrockKey(8))).mandatory).toHaveLength(1);
    });
    test("a lifetime unknown at preview is advisory", async () => {
        expect(await messages(P, bedrockKey(UNKNOWN))).toEqual({ mandatory: [], advisory: [expect.stringMatching(/^Unverified: IAM service-specific credential "k": when it expires is unknown until the update \(`credentialAgeDays`/)] });
    });
    test("an unknown user (a link) does not make the key advisory", async () => {
        expect((await messages(P, resource({ type: T.accessKey, name: "key", props: { user: UNKNOWN } }))).mandatory).toHaveLength(1);
    });
});

describe("nhi-short-sessions", () => {
    const P = "nhi-short-sessions";
    test.each([
        ["the default (absent)", undefined, []],
        ["exactly maxSessionSeconds", 3600, []],
        ["one second over", 3601, [/allows sessions of 3601 s, more than 3600 s/]],
        ["twelve hours", 43200, [/43200 s/]],
    ])("an AI tool's role with %s", async (_why, maxSessionDuration, expected) => {
        expect((await messages(P, role("r", { maxSessionDuration }))).mandatory).toEqual(expected.map((e) => expect.stringMatching(e)));
    });
    test("a role that is no AI tool's is out of scope unless scope is `all`", async () => {
        const plain = role("r", { maxSessionDuration: 43200, tags: { "nhi:owner": "platform-team" } });
        expect((await messages(P, plain)).mandatory).toEqual([]);
        await pack.configure({ [P]: { scope: "all" } });
        expect((await messages(P, plain)).mandatory).toHaveLength(1);
    });
    test("a role inside an nhi-guard component is in scope without a tool tag", async () => {
        const r = role("r", { maxSessionDuration: 7200, tags: {} }, component("reviewer"));
        expect(r.urn).toContain("nhi-guard:aws:AiToolIdentity$aws:iam/role:Role");
        expect((await messages(P, r)).mandatory).toHaveLength(1);
    });
    test("a session length unknown at preview is advisory", async () => {
        expect(await messages(P, role("r", { maxSessionDuration: "3eeb2bf0-c639-47a8-9e75-3b44932eb421" }))).toEqual({ mandatory: [], advisory: [expect.stringMatching(/^Unverified: .*its session length is unknown until the update/)] });
    });
    test("a Roles Anywhere profile's sessions count too", async () => {
        const profile = resource({ type: T.profile, name: "p", props: { durationSeconds: 7200, roleArns: [], tags: GOOD_TAGS } });
        expect((await messages(P, profile)).mandatory).toEqual([expect.stringMatching(/7200 s/)]);
    });
});

describe("nhi-trust-pinned", () => {
    const P = "nhi-trust-pinned";
    test("one exact GitHub environment subject with the audience passes", async () => {
        expect(await messages(P, role("r"))).toEqual({ mandatory: [], advisory: [] });
    });
    test.each([
        ["a wildcard repository", "repo:acme/*:environment:ai-review", /wildcard in the owner\/repository/],
        ["any ref of the repository", "repo:acme/app:*", /wildcard/],
    ])("fails with %s", async (_why, sub, message) => {
        const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": sub } } }] });
        expect((await messages(P, role("r", { assumeRolePolicy: trust }))).mandatory).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
    });
    test("the `*` principal fails", async () => {
        const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }] });
        expect((await messages(P, role("r", { assumeRolePolicy: trust }))).mandatory).toEqual(expect.arrayContaining([expect.stringMatching(/^IAM role "r" is not pinned to one subject: .*`\*` principal/)]));
    });
    test("no audience fails", async () => {
        const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:sub": "repo:acme/app:environment:ai-review" } } }] });
        expect((await messages(P, role("r", { assumeRolePolicy: trust }))).mandatory).toEqual([expect.stringMatching(/aud/)]);
    });
    test("a trust policy unknown at preview is advisory", async () => {
        expect(await messages(P, role("r", { assumeRolePolicy: UNKNOWN }))).toEqual({ mandatory: [], advisory: [expect.stringMatching(/^Unverified: IAM role "r": its trust is unknown until the update \(`assumeRolePolicy`/)] });
    });
});

describe("nhi-no-plaintext-secrets", () => {
    const P = "nhi-no-plaintext-secrets";
    // Real formats (issue 16: gitleaks' rules); random each run, so no test depends on one value.
    const AWS_KEY = KEYS["AWS access key ID"]();
    const GH = KEYS["GitHub personal access token"]();
    const FINE_GRAINED = KEYS["GitHub fine-grained personal access token"]();
    const ANTHROPIC = KEYS["Anthropic API key"]();
    const OPENAI = KEYS["OpenAI API key"]();
    const SLACK = KEYS["Slack bot token"]();
    const PEM = pem("RSA");
    test.each([
        ["an AWS key in a tag", T.role, { tags: { ...GOOD_TAGS, deployKey: AWS_KEY } }, "tags.deployKey", "AWS access key ID", AWS_KEY.slice(-4)],
        ["a GitHub token in a description", T.role, { tags: GOOD_TAGS, description: `token ${GH}` }, "description", "GitHub personal access token", GH.slice(-4)],
        ["a fine-grained PAT in a bucket's tags", T.bucket, { tags: { ci: FINE_GRAINED } }, "tags.ci", "GitHub fine-grained personal access token", FINE_GRAINED.slice(-4)],
        ["an Anthropic key in an SSM insecureValue", T.ssmParameter, { type: "String", insecureValue: ANTHROPIC }, "insecureValue", "Anthropic API key", ANTHROPIC.slice(-4)],
        ["an OpenAI key in GCP labels", "gcp:storage/bucket:Bucket", { labels: { k: OPENAI } }, "labels.k", "OpenAI API key", OPENAI.slice(-4)],
        ["a Slack token in notes", "azuread:index/application:Application", { displayName: "a", notes: SLACK }, "notes", "Slack bot token", SLACK.slice(-4)],
    ])("flags %s, naming field, kind and only the last four characters", async (_why, type, props, field, kind, tail) => {
        const m = await messages(P, resource({ type, name: "x", props }));
        expect(m.mandatory).toEqual([expect.stringContaining(`\`${field}\` holds what looks like ${/^[AEIOU]/.test(kind) ? "an" : "a"} ${kind} (ending \`…${tail}\`)`)]);
        const secretValue = Object.values(JSON.parse(JSON.stringify(props))).flatMap((v: any) => (typeof v === "string" ? [v] : Object.values(v))).find((v: any) => typeof v === "string" && v.endsWith(tail)) as string;
        expect(m.mandatory[0]).not.toContain(secretValue.slice(0, -4).slice(-12));
    });
    test("a PEM private key is flagged without any of its characters", async () => {
        const m = await messages(P, resource({ type: T.bucket, name: "b", props: { tags: { key: PEM } } }));
        expect(m.mandatory).toEqual([expect.stringMatching(/`tags.key` holds what looks like a private key in plain text; revoke it/)]);
        expect(m.mandatory[0]).not.toContain(PEM.split("\n")[1].slice(0, 8));
    });
    test.each([
        ["ordinary tags", { tags: { team: "platform", "nhi:owner": "platform-team" } }],
        ["words that contain the prefixes", { description: "task-management for sk-learn, AKIA is a prefix, ghp_short" }],
        ["a secret marked input outside the scanned fields", { secretString: secret(ANTHROPIC) }],
        ["an unknown description", { description: UNKNOWN }],
        ["an unknown tag value", { tags: { a: UNKNOWN } }],
    ])("passes %s", async (_why, props) => {
        expect(await messages(P, resource({ type: T.secret, name: "s", props }))).toEqual({ mandatory: [], advisory: [] });
    });
    test("an unknown policy document elsewhere does not stop the scan (nor make it advisory)", async () => {
        const m = await messages(P, role("r", { assumeRolePolicy: UNKNOWN, tags: { ...GOOD_TAGS, k: AWS_KEY } }));
        expect(m).toEqual({ mandatory: [expect.stringMatching(/`tags.k`/)], advisory: [] });
    });
});

describe("nhi-human-approval (resource)", () => {
    const P = "nhi-human-approval";
    test("workflows that may approve pull requests fail; false passes", async () => {
        const wp = (can: unknown) => resource({ type: T.workflowPermissions, name: "wp", props: { repository: "app", defaultWorkflowPermissions: "read", canApprovePullRequestReviews: can } });
        expect((await messages(P, wp(true))).mandatory).toEqual([expect.stringMatching(/^repository workflow permissions "wp" lets a machine approve its own change: .*canApprovePullRequestReviews/)]);
        expect((await messages(P, wp(false))).mandatory).toEqual([]);
    });
});

describe("resource policies do not fire on grants outside an AI tool's scope", () => {
    test("an unknown policy document of an unrelated role policy is no advisory for scoped policies", async () => {
        const rp = rolePolicy("unrelated", "ci-role", UNKNOWN);
        const result = await pack.analyze(rp);
        expect(of(result, "nhi-no-standing-access")).toEqual([]);
        expect(of(result, "nhi-least-privilege")).toEqual([]);
    });
    test("the same document inside a component is judged (and advisory while unknown)", async () => {
        const rp = rolePolicy("grant", "r", UNKNOWN, { parent: component("reviewer") });
        expect(advisory(of(await pack.analyze(rp), "nhi-no-standing-access"))).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Unverified: .*what it grants is unknown until the update/) })]);
        const dated = rolePolicy("grant", "r", document({ actions: ["s3:GetObject"], until: "2026-06-01T00:00:00Z" }), { parent: component("reviewer") });
        expect(of(await pack.analyze(dated), "nhi-no-standing-access")).toEqual([]);
    });
});

test("the trust fixture is what the AWS reader calls pinned", () => {
    expect(JSON.parse(githubTrust()).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toBe("repo:acme/app:environment:ai-review");
});
