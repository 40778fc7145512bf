/**
 * Work the pack used to redo for each of its policies on every request, now done once: a policy's
 * settings (config and exemptions) per Configure, the unknown-checking proxy per properties object
 * (requestCache.ts), the governing-component check for the last URNs asked (scope.ts), the error a
 * not-applicable reason is thrown with (run.ts). These tests pin that each cache is active and that
 * none can carry one config, request, URN or reason into another.
 */
import * as configModule from "../../policy-packs/nhi-guard/src/config";
import { shareDeserialization } from "../../policy-packs/nhi-guard/src/requestCache";
import { underGovernedComponent } from "../../policy-packs/nhi-guard/src/scope";
import { advisory, component, loadPack, mandatory, of, resource, urnOf, type PackHarness } from "../helpers/pack";

const ROLE = "aws:iam/role:Role";
const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const role = (name: string, owner: string) => resource({ type: ROLE, name, props: { assumeRolePolicy: trust, tags: { "nhi:owner": owner, "nhi:expires-at": "2099-01-01" } } });
const OWNER = "nhi-owner-required";
const exemption = { resource: "legacy-*", reason: "Vendor integration without an owner until Q3", approvedBy: "security-team", expires: "2099-01-01", policy: OWNER };

let pack: PackHarness;
beforeAll(async () => {
    pack = await loadPack();
});
afterEach(async () => {
    jest.restoreAllMocks();
    await pack.configure({});
});

const ownerFindings = async (name: string, owner: string) => {
    const ds = of(await pack.analyze(role(name, owner)), OWNER);
    return { mandatory: mandatory(ds).length, exempted: advisory(ds).filter((d) => d.message.startsWith("Exempted:")).length };
};

describe("a policy's settings, read once per Configure", () => {
    it("reads each policy's config once, not once per request", async () => {
        await pack.configure({ [OWNER]: { ownerPattern: "^team-" } });
        const read = jest.spyOn(configModule, "readConfig");
        await pack.analyze(role("one", "team-a"));
        const perFirstRequest = read.mock.calls.length;
        expect(perFirstRequest).toBeGreaterThan(0);
        await pack.analyze(role("two", "team-a"));
        await pack.analyze(role("three", "team-a"));
        expect(read).toHaveBeenCalledTimes(perFirstRequest);
    });

    it("reads it again after every Configure, so two configs never mix", async () => {
        expect(await ownerFindings("a", "platform-team")).toEqual({ mandatory: 0, exempted: 0 });
        await pack.configure({ [OWNER]: { ownerPattern: "^team-" } });
        expect(await ownerFindings("a", "platform-team")).toEqual({ mandatory: 1, exempted: 0 });
        await pack.configure({ [OWNER]: { ownerPattern: "^platform-" } });
        expect(await ownerFindings("a", "platform-team")).toEqual({ mandatory: 0, exempted: 0 });
        await pack.configure({ [OWNER]: { ownerPattern: "^team-" } });
        expect(await ownerFindings("a", "platform-team")).toEqual({ mandatory: 1, exempted: 0 });
    });

    it("applies the exemptions of the config in force, before and after a change", async () => {
        await pack.configure({ all: { exemptions: [exemption] }, [OWNER]: { ownerPattern: "^team-" } });
        expect(await ownerFindings("legacy-role", "platform-team")).toEqual({ mandatory: 0, exempted: 1 });
        await pack.configure({ [OWNER]: { ownerPattern: "^team-" } });
        expect(await ownerFindings("legacy-role", "platform-team")).toEqual({ mandatory: 1, exempted: 0 });
        await pack.configure({ [OWNER]: { ownerPattern: "^team-", exemptions: [exemption] } });
        expect(await ownerFindings("legacy-role", "platform-team")).toEqual({ mandatory: 0, exempted: 1 });
    });

    it("reports a config problem on every request it applies to, not only the first", async () => {
        await pack.configure({ [OWNER]: { ownerPattern: "(" } });
        for (const name of ["x", "y"]) {
            const notes = mandatory(of(await pack.analyze(role(name, "platform-team")), OWNER)).filter((d) => d.message.includes("`nhi-owner-required.ownerPattern`"));
            expect(notes).toHaveLength(1);
        }
    });
});

describe("one unknown-checking proxy per shared properties copy", () => {
    // @pulumi/policy's own modules, as server.js calls them (through the module objects).
    /* eslint-disable @typescript-eslint/no-var-requires */
    const proxies = require("@pulumi/policy/proxy");
    const deserialize = require("@pulumi/policy/deserialize") as { deserializeProperties: (s: object, secrets: boolean) => any };
    const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
    /* eslint-enable @typescript-eslint/no-var-requires */
    // What server.js does for each policy: deserialize the request's Struct, then wrap the copy
    // (both read from the module objects at the call, as the patches replace them there).
    const deserializeProperties = (struct: object, secrets: boolean) => deserialize.deserializeProperties(struct, secrets);
    const asPolicyGets = (struct: object) => proxies.unknownCheckingProxy(deserializeProperties(struct, false));

    it("is active with the installed @pulumi/policy: every policy of a request gets the same proxy", () => {
        expect(shareDeserialization()).toBe(true);
        const struct = Struct.fromJavaScript({ a: { b: 1 } });
        const first = asPolicyGets(struct);
        expect(asPolicyGets(struct)).toBe(first);
        expect(asPolicyGets(Struct.fromJavaScript({ a: { b: 1 } }))).not.toBe(first);
    });

    it("never hands one object's proxy out for another", () => {
        shareDeserialization();
        const struct = Struct.fromJavaScript({ name: "one" });
        const copy = deserializeProperties(struct, false);
        // Something else wrapped before the shared copy is: a proxy over exactly that object.
        const other = { name: "other" };
        expect(proxies.unknownCheckingProxy(other).name).toBe("other");
        expect(proxies.unknownCheckingProxy(copy).name).toBe("one");
        // A remediation's copy (secrets wrapped, may be changed) is never shared.
        expect(deserializeProperties(struct, true)).not.toBe(copy);
    });

    it("behaves as a fresh proxy: unknown values still throw with their own path, other values pass through", () => {
        shareDeserialization();
        const struct = Struct.fromJavaScript({ tags: { owner: proxies.unknownStringValue }, name: "r" });
        const first = asPolicyGets(struct);
        expect(first.name).toBe("r");
        expect(() => first.tags.owner).toThrow(proxies.UnknownValueError);
        const again = asPolicyGets(struct);
        expect(again).toBe(first);
        try {
            void again.tags.owner;
            throw new Error("no UnknownValueError");
        } catch (e) {
            expect((e as { props: string[] }).props).toEqual(["tags", "owner"]);
        }
        expect(proxies.unknownCheckingProxy("text")).toBe("text");
        expect(proxies.unknownCheckingProxy(undefined)).toBeUndefined();
    });
});

describe("the governing component of a URN", () => {
    it("is answered for each URN, however the questions alternate", () => {
        const governed = resource({ type: ROLE, name: "r", parent: component("tool") }).urn;
        const plain = urnOf(ROLE, "r");
        for (const urn of [governed, plain, governed, governed, plain, plain]) expect(underGovernedComponent(urn)).toBe(urn === governed);
    });

    it("stays right past the number of answers it keeps", () => {
        const urns = Array.from({ length: 150 }, (_, i) => (i % 3 ? urnOf(ROLE, `r${i}`) : resource({ type: ROLE, name: `r${i}`, parent: component(`tool${i}`) }).urn));
        for (const round of [1, 2]) for (const [i, urn] of urns.entries()) expect([round, i, underGovernedComponent(urn)]).toEqual([round, i, i % 3 === 0]);
    });
});

describe("a not-applicable reason, thrown again rather than made again", () => {
    const reasons = (r: { notApplicable: { policyName: string; reason: string }[] }) => Object.fromEntries(r.notApplicable.map((n) => [n.policyName, n.reason]));
    const uncatalogued = (type: string, name: string) => resource({ type, name, props: { description: name } });

    it("gives each request the reasons of its own resource, however types alternate", async () => {
        const bucket = reasons(await pack.analyze(uncatalogued("aws:s3/bucket:Bucket", "a")));
        const queue = reasons(await pack.analyze(uncatalogued("aws:sqs/queue:Queue", "b")));
        expect(bucket[OWNER]).toBe("nhi-guard reads no facts from aws:s3/bucket:Bucket");
        expect(queue[OWNER]).toBe("nhi-guard reads no facts from aws:sqs/queue:Queue");
        // In flight together, then one after the other again: each answer is its own resource's.
        const [q, b] = await Promise.all([pack.analyze(uncatalogued("aws:sqs/queue:Queue", "c")), pack.analyze(uncatalogued("aws:s3/bucket:Bucket", "d"))]);
        expect(reasons(q)).toEqual(queue);
        expect(reasons(b)).toEqual(bucket);
        // A catalogued identity that is no AI tool's has its own reason, per policy.
        const ci = reasons(await pack.analyze(role("ci", "ci-team")));
        expect(ci["nhi-short-sessions"]).toMatch(/^not an AI tool's IAM role /);
        expect(reasons(await pack.analyze(uncatalogued("aws:s3/bucket:Bucket", "e")))).toEqual(bucket);
    });

    it("stays right past the number of reasons it keeps", async () => {
        const types = Array.from({ length: 300 }, (_, i) => `acme:index/kind${i}:Kind${i}`);
        for (const round of [1, 2]) {
            for (const type of [types[0], ...types.slice(250)]) {
                expect([round, reasons(await pack.analyze(uncatalogued(type, "x")))[OWNER]]).toEqual([round, `nhi-guard reads no facts from ${type}`]);
            }
            if (round === 1) for (const type of types.slice(1, 250)) await pack.analyze(uncatalogued(type, "x"));
        }
    });
});
