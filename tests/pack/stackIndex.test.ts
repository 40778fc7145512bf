/**
 * The stack index is built once per AnalyzeStack request and what stack policies derive from it
 * alone (the trust reaching each identity, the grant holders and their entries) is worked out once
 * and shared (stackIndex.ts `memo`). These tests pin that the sharing is active, that it never
 * carries one request or one policy's scope into another, and that an index does not outlive its
 * request (it kept the previous request's whole graph alive until the next one).
 */
import * as v8 from "v8";
import * as vm from "vm";
import type { PolicyResource } from "@pulumi/policy";
import type { AnalyzerInput } from "../../cli/analyzer/protocol";
import { StackIndex } from "../../policy-packs/nhi-guard/src/stackIndex";
import { advisory, loadPack, of, pinClock, type PackHarness } from "../helpers/pack";
import { GOOD_TAGS, NOW, OIDC, role } from "./estate";

const GH = "token.actions.githubusercontent.com";
const trustedFrom = (name: string, environments: string[], tags: Record<string, string> = GOOD_TAGS) =>
    role(name, {
        tags,
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: environments.map((e) => ({
                Effect: "Allow",
                Principal: { Federated: OIDC },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com", [`${GH}:sub`]: `repo:acme/app:environment:${e}` } },
            })),
        }),
    });
const UNTAGGED = { "nhi:owner": "platform-team", "nhi:expires-at": "2026-06-30" };
const ISOLATION = "nhi-environment-isolation";
const REUSE = "nhi-no-identity-reuse";

let pack: PackHarness;
beforeAll(async () => {
    pinClock(NOW);
    pack = await loadPack();
});
afterEach(async () => {
    jest.restoreAllMocks();
    await pack.configure({});
});
afterAll(() => jest.useRealTimers());

/** What the policy reports, by resource name. */
const reported = (ds: { urn?: string }[]) => ds.map((d) => d.urn?.split("::").pop());

describe("one stack index per request", () => {
    const policyResource = (type: string, name: string, props: Record<string, unknown>) =>
        ({ type, name, urn: `urn:pulumi:dev::estate::${type}::${name}`, props, propertyDependencies: {}, dependencies: [] }) as unknown as PolicyResource;

    it("is reused while every resource's properties are the same objects, and rebuilt otherwise", () => {
        const props = [{ name: "a" }, { name: "b" }];
        const resources = () => props.map((p, i) => policyResource("aws:iam/role:Role", `r${i}`, p));
        const index = StackIndex.of(resources());
        // Each policy gets its own resource objects over the shared properties: the same request.
        expect(StackIndex.of(resources())).toBe(index);
        // Same URNs, another copy of the properties: another request.
        expect(StackIndex.of(props.map((p, i) => policyResource("aws:iam/role:Role", `r${i}`, { ...p })))).not.toBe(index);
        // One properties object changed, or one resource fewer: another request.
        expect(StackIndex.of([resources()[0], policyResource("aws:iam/role:Role", "r1", { name: "b" })])).not.toBe(index);
        expect(StackIndex.of(resources().slice(0, 1))).not.toBe(index);
    });

    it("derives what its policies share once per index", () => {
        const index = StackIndex.of([policyResource("aws:iam/role:Role", "r", { name: "r" })]);
        const derive = jest.fn((i: StackIndex) => i.entries.length);
        expect(index.memo(derive)).toBe(1);
        expect(index.memo(derive)).toBe(1);
        expect(derive).toHaveBeenCalledTimes(1);
        expect(StackIndex.of([policyResource("aws:iam/role:Role", "r", { name: "r" })]).memo(derive)).toBe(1);
        expect(derive).toHaveBeenCalledTimes(2);
    });

    it("does not outlive its request", async () => {
        v8.setFlagsFromString("--expose-gc");
        const gc = vm.runInNewContext("gc") as () => void;
        // Not a jest spy: it would keep every index it returned.
        const original = StackIndex.of;
        const built: WeakRef<StackIndex>[] = [];
        StackIndex.of = (resources) => {
            const index = original.call(StackIndex, resources);
            if (!built.some((w) => w.deref() === index)) built.push(new WeakRef(index));
            return index;
        };
        try {
            await pack.analyzeStack([trustedFrom("kept", ["production"])]);
        } finally {
            StackIndex.of = original;
        }
        expect(built).toHaveLength(1);
        // Cleared in a later turn: a WeakRef keeps its target alive until the current job ends.
        await new Promise((resolve) => setImmediate(resolve));
        gc();
        expect(built[0].deref()).toBeUndefined();
    });
});

describe("trust worked out once per index, judged per policy", () => {
    it("never carries one request's trust into the next one with the same URNs", async () => {
        const both = trustedFrom("tool", ["production", "staging"]);
        const prodOnly = trustedFrom("tool", ["production"]);
        const isolation = async (r: AnalyzerInput) => reported(advisory(of(await pack.analyzeStack([r]), ISOLATION)));
        expect(await isolation(both)).toEqual(["tool"]);
        expect(await isolation(prodOnly)).toEqual([]);
        expect(await isolation(both)).toEqual(["tool"]);
    });

    it("applies each policy's own scope to the shared trust, in one request", async () => {
        // Not an AI tool's by any annotation: judged only where config `scope: all` asks for every identity.
        const plain = trustedFrom("plain", ["production", "staging"], UNTAGGED);
        const tool = trustedFrom("tool", ["production", "staging"]);
        await pack.configure({ [ISOLATION]: { scope: "all" } });
        const result = await pack.analyzeStack([plain, tool]);
        expect(reported(advisory(of(result, ISOLATION)))).toEqual(["plain", "tool"]);
        expect(reported(advisory(of(result, REUSE)))).toEqual(["tool"]);
        await pack.configure({});
        const again = await pack.analyzeStack([plain, tool]);
        expect(reported(advisory(of(again, ISOLATION)))).toEqual(["tool"]);
    });

    it("keeps the URN-keyed result when a URN is given twice (malformed input)", async () => {
        const inScope = trustedFrom("twice", ["production", "staging"]);
        const outOfScope = trustedFrom("twice", ["production"], UNTAGGED);
        // Worked out for every identity at once, the second entry would take the URN from the first.
        expect(reported(advisory(of(await pack.analyzeStack([inScope, outOfScope]), ISOLATION)))).toEqual(["twice"]);
    });
});
