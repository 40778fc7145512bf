/**
 * The pack shares one deserialized copy of a request's properties, one facts reading per resource
 * and one stack index per AnalyzeStack between its policies (requestCache.ts). These tests pin that
 * the sharing is active with the installed @pulumi/policy (else the pack silently gets 6-9x slower)
 * and that it never mixes two requests.
 */
import fc from "fast-check";
import { UNKNOWN, secret } from "../../cli/analyzer/protocol";
import { lookup } from "../../contract/catalogue";
import { unproxied } from "../../contract/facts";
import { advisory, loadPack, mandatory, of, resource, type PackHarness } from "../helpers/pack";

// Internal to @pulumi/policy (no type declaration): the proxy its handlers wrap properties in.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy: (o: object) => Record<string, unknown> };

const ROLE = "aws:iam/role:Role";
const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const role = (name: string, owner?: string) =>
    resource({ type: ROLE, name, props: { assumeRolePolicy: trust, tags: owner ? { "nhi:owner": owner, "nhi:expires-at": "2099-01-01" } : {} } });

let pack: PackHarness;
beforeAll(async () => {
    pack = await loadPack();
});
afterEach(() => jest.restoreAllMocks());

describe("work shared between the pack's policies", () => {
    it("reads a resource's facts once per Analyze, however many policies ask", async () => {
        const read = jest.spyOn(lookup(ROLE)!, "read");
        await pack.analyze(role("one", "platform-team"));
        expect(read).toHaveBeenCalledTimes(1);
        await pack.analyze(role("two", "platform-team"));
        expect(read).toHaveBeenCalledTimes(2);
    });

    it("reads each resource once per AnalyzeStack, for all stack policies", async () => {
        const read = jest.spyOn(lookup(ROLE)!, "read");
        await pack.analyzeStack([role("a", "platform-team"), role("b", "platform-team"), role("c", "platform-team")]);
        expect(read).toHaveBeenCalledTimes(3);
    });

    it("never carries one request's facts into the next one with the same URN", async () => {
        expect(mandatory(of(await pack.analyze(role("same", "platform-team")), "nhi-owner-required"))).toEqual([]);
        expect(mandatory(of(await pack.analyze(role("same")), "nhi-owner-required"))).toHaveLength(1);
        expect(mandatory(of(await pack.analyze(role("same", "platform-team")), "nhi-owner-required"))).toEqual([]);
    });

    it("never reuses one stack's index for another stack of the same URNs", async () => {
        const tool = resource({ type: ROLE, name: "tool", props: { assumeRolePolicy: trust, tags: { "nhi:owner": "platform-team", "nhi:expires-at": "2099-01-01", "nhi:tool": "claude-code" } } });
        const grant = (condition?: object) =>
            resource({
                type: "aws:iam/rolePolicy:RolePolicy",
                name: "read-docs",
                props: { role: "tool", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::docs/*", ...(condition ? { Condition: condition } : {}) }] } },
                propertyDependencies: { role: [tool] },
            });
        const dated = await pack.analyzeStack([tool, grant({ DateLessThan: { "aws:CurrentTime": "2098-01-01T00:00:00Z" } })]);
        const standing = await pack.analyzeStack([tool, grant()]);
        expect(mandatory(of(dated, "nhi-no-standing-access"))).toEqual([]);
        expect(mandatory(of(standing, "nhi-no-standing-access"))).toHaveLength(1);
    });
});

describe("reading a copy with no unknown value plain", () => {
    const TOOL_TAGS = { "nhi:owner": "platform-team", "nhi:expires-at": "2099-01-01", "nhi:tool": "claude-code", "nhi:access": "read" };
    /** Whether the reader was handed the plain copy (true) or @pulumi/policy's proxy (false). */
    async function readPlain(props: Record<string, unknown>): Promise<boolean> {
        const read = jest.spyOn(lookup(ROLE)!, "read");
        await pack.analyze(resource({ type: ROLE, name: "tool", props }));
        expect(read).toHaveBeenCalledTimes(1);
        const given = read.mock.calls[0][0];
        return unproxied(given) === given;
    }

    it("hands the readers the plain copy when the request holds no unknown", async () => {
        expect(await readPlain({ assumeRolePolicy: trust, tags: TOOL_TAGS })).toBe(true);
    });

    it.each([
        ["wholly unknown", { assumeRolePolicy: UNKNOWN, tags: TOOL_TAGS }],
        ["one tag", { assumeRolePolicy: trust, tags: { ...TOOL_TAGS, team: UNKNOWN } }],
        ["deep in a list", { assumeRolePolicy: trust, tags: TOOL_TAGS, inlinePolicies: [{ name: "x", policy: UNKNOWN }] }],
        ["inside a secret", { assumeRolePolicy: trust, tags: TOOL_TAGS, description: secret(UNKNOWN) }],
    ])("reads through the proxy when a value is unknown (%s)", async (_what, props) => {
        expect(await readPlain(props)).toBe(false);
    });

    it("reads through the proxy when an input carries a key the proxy answers itself", async () => {
        // A hostile program cannot hand the readers a decoy target: the proxy answers the key, not the input.
        const decoy = { assumeRolePolicy: trust, tags: TOOL_TAGS };
        expect(await readPlain({ assumeRolePolicy: trust, tags: TOOL_TAGS, __getSpecialProxyTarget: decoy })).toBe(false);
        const result = await pack.analyze(resource({ type: ROLE, name: "tool", props: { assumeRolePolicy: "not json", tags: TOOL_TAGS, __getSpecialProxyTarget: decoy } }));
        expect(mandatory(of(result, "nhi-trust-pinned")).map((d) => d.message).join("\n")).toMatch(/not valid JSON/);
    });

    it("still reports an unknown as unverified, never as a finding, and judges the known parts", async () => {
        const result = await pack.analyze(resource({ type: ROLE, name: "tool", props: { assumeRolePolicy: trust, tags: { ...TOOL_TAGS, "nhi:owner": UNKNOWN, "nhi:expires-at": "2001-01-01" } } }));
        expect(mandatory(of(result, "nhi-owner-required"))).toEqual([]);
        expect(advisory(of(result, "nhi-owner-required")).map((d) => d.message).join("\n")).toMatch(/^Unverified:/);
        expect(mandatory(of(result, "nhi-expiry-required"))).toHaveLength(1);
    });

    it("reads the same facts plain as through the proxy, for any known role", () => {
        const text = fc.string({ maxLength: 12 });
        const value = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
        const statement = fc.record({
            Effect: fc.constantFrom("Allow", "Deny", "allow", 7),
            Principal: fc.oneof(fc.constant("*"), fc.record({ Service: fc.constantFrom("lambda.amazonaws.com", "*") }), fc.record({ Federated: fc.constantFrom("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", "cognito-identity.amazonaws.com") })),
            Action: fc.oneof(fc.constantFrom("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"), fc.array(text, { maxLength: 3 })),
            Condition: fc.option(fc.dictionary(fc.constantFrom("StringEquals", "StringLike", "ForAllValues:StringLike"), fc.dictionary(fc.constantFrom("token.actions.githubusercontent.com:sub", "token.actions.githubusercontent.com:aud", "aws:SourceAccount"), fc.oneof(text, fc.constantFrom("repo:acme/app:environment:prod", "sts.amazonaws.com", "repo:acme/*"))))),
        });
        const document = fc.record({ Version: fc.constant("2012-10-17"), Statement: fc.array(statement, { minLength: 0, maxLength: 3 }) });
        const props = fc.record(
            {
                name: text,
                assumeRolePolicy: fc.oneof(document, document.map((d) => JSON.stringify(d)), text),
                maxSessionDuration: fc.oneof(fc.integer({ min: 0, max: 100000 }), text),
                tags: fc.dictionary(fc.oneof(fc.constantFrom("nhi:owner", "nhi:expires-at", "nhi:tool", "nhi:access", "nhi:purpose"), text), value),
                inlinePolicies: fc.array(fc.record({ name: text, policy: fc.oneof(document.map((d) => JSON.stringify(d)), text) }), { maxLength: 2 }),
                description: text,
            },
            { requiredKeys: [] },
        );
        const entry = lookup(ROLE)!;
        fc.assert(
            fc.property(props, (p) => {
                const copy = JSON.parse(JSON.stringify(p));
                expect(entry.read(copy)).toEqual(entry.read(unknownCheckingProxy(JSON.parse(JSON.stringify(p)))));
            }),
            { numRuns: 300 },
        );
    });
});
