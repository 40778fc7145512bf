/**
 * A grant whose identity is named only by a value unknown at preview, with no property dependency
 * that resolves it, cannot be judged: it is listed as unverified (so `--strict` fails on it), never
 * passed in silence. Once the name is known (audit), it is linked by name and judged.
 */
import { UNKNOWN } from "../../cli/analyzer/protocol";
import { advisory, component, loadPack, mandatory, of, resource, type PackHarness } from "../helpers/pack";

const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const dated = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::docs/*", Condition: { DateLessThan: { "aws:CurrentTime": "2098-01-01T00:00:00Z" } } }] };

let pack: PackHarness;
beforeAll(async () => {
    pack = await loadPack();
});

const governed = component("reviewer");
const role = resource({ type: "aws:iam/role:Role", name: "reviewer-role", parent: governed, props: { name: "reviewer-role", assumeRolePolicy: trust, tags: { "nhi:owner": "platform-team", "nhi:expires-at": "2099-01-01", "nhi:tool": "claude-code" } } });
// Something that is not an identity, whose output names the role (an instance profile's role, a lookup).
const lookup = resource({ type: "random:index/randomPet:RandomPet", name: "indirection" });

describe("grants whose identity is unknown at preview", () => {
    it("are listed as unverified by nhi-no-shadow-access", async () => {
        const grant = resource({ type: "aws:iam/rolePolicy:RolePolicy", name: "side-grant", props: { role: UNKNOWN, policy: dated }, propertyDependencies: { role: [lookup] } });
        const result = await pack.analyzeStack([governed, role, lookup, grant]);
        const shadow = of(result, "nhi-no-shadow-access");
        expect(mandatory(shadow)).toEqual([]);
        expect(advisory(shadow)).toEqual([expect.objectContaining({ urn: grant.urn, message: expect.stringMatching(/^Unverified: .*side-grant.*`role`.*not known at preview/) })]);
    });

    it("are judged once the name is known, and then found to be shadow access", async () => {
        const grant = resource({ type: "aws:iam/rolePolicy:RolePolicy", name: "side-grant", props: { role: "reviewer-role", policy: dated } });
        const shadow = of(await pack.analyzeStack([governed, role, grant]), "nhi-no-shadow-access");
        expect(mandatory(shadow)).toEqual([expect.objectContaining({ urn: grant.urn })]);
        expect(advisory(shadow)).toEqual([]);
    });

    it("name a role outside the stack: nothing to judge, nothing listed", async () => {
        const grant = resource({ type: "aws:iam/rolePolicy:RolePolicy", name: "elsewhere", props: { role: "role-in-another-stack", policy: dated } });
        expect(of(await pack.analyzeStack([governed, role, grant]), "nhi-no-shadow-access")).toEqual([]);
    });
});
