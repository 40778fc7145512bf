/**
 * The pack shares one deserialized copy of a request's properties, one facts reading per resource
 * and one stack index per AnalyzeStack between its policies (requestCache.ts). These tests pin that
 * the sharing is active with the installed @pulumi/policy (else the pack silently gets 6-9x slower)
 * and that it never mixes two requests.
 */
import { lookup } from "../../contract/catalogue";
import { loadPack, mandatory, of, resource, type PackHarness } from "../helpers/pack";

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
