/**
 * The engine model: what the gate hands the pack for a program must be what the engine would.
 * The estate fixture is run in-process under mocks (as `nhi-guard preview` runs it) and every
 * modelled URN is checked against @pulumi/pulumi's own `createUrn`, which mirrors the engine.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_SIG, SECRET_SIG, SPECIAL_SIG_KEY, UNKNOWN } from "../../cli/analyzer/protocol";
import { ModelledResource, Registration, defaultProviderName, downgradeReferences, engineUrn, modelRegistrations, previewOutputs } from "../../cli/preview/engineModel";
import { UNREADABLE_SECRET, readProject, readStackConfig } from "../../cli/preview/project";
import { runProgram } from "../../cli/preview/runProgram";

const urnOf = (mock: string) => mock;

describe("engine rules", () => {
    it("qualifies a child's type with its parent's full type, except under the root stack", () => {
        const stackUrn = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";
        const a = engineUrn("dev", "p", stackUrn, "x:index:A", "a");
        expect(a).toBe("urn:pulumi:dev::p::x:index:A::a");
        const b = engineUrn("dev", "p", a, "x:index:B", "b");
        expect(b).toBe("urn:pulumi:dev::p::x:index:A$x:index:B::b");
        expect(engineUrn("dev", "p", b, "aws:s3/bucket:Bucket", "c")).toBe("urn:pulumi:dev::p::x:index:A$x:index:B$aws:s3/bucket:Bucket::c");
    });

    it("names default providers after the plugin version", () => {
        expect(defaultProviderName("7.48.0")).toBe("default_7_48_0");
        expect(defaultProviderName("1.2.3-alpha.1+abc")).toBe("default_1_2_3_alpha_1_abc");
        expect(defaultProviderName("")).toBe("default");
        expect(defaultProviderName("not-a-version")).toBe("default");
    });

    it("downgrades resource references to the id, or the URN for components, and drops internal keys", () => {
        const ref = (urn: string, id?: string) => ({ [SPECIAL_SIG_KEY]: RESOURCE_SIG, urn, ...(id === undefined ? {} : { id }), packageVersion: "" });
        expect(downgradeReferences({ a: ref("urn:x", "i-123"), b: [ref("urn:comp")], c: ref("urn:y", ""), __internal: 1, d: { e: "f" } }, urnOf)).toEqual({
            a: "i-123",
            b: ["urn:comp"],
            c: UNKNOWN,
            d: { e: "f" },
        });
    });
});

describe("modelRegistrations", () => {
    const reg = (r: Partial<Registration> & Pick<Registration, "mockUrn" | "type" | "name">): Registration => ({
        custom: true,
        parent: "",
        provider: "",
        version: "",
        dependencies: [],
        propertyDependencies: {},
        inputs: {},
        protect: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        ...r,
    });

    it("rewrites the mock monitor's URNs wherever they appear", () => {
        // What the mock monitor hands out: the parent's last type segment only, and the stack not special-cased.
        const stack = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";
        const compA = "urn:pulumi:dev::p::pulumi:pulumi:Stack$x:index:A::a";
        const compB = "urn:pulumi:dev::p::x:index:A$x:index:B::b";
        const bucket = "urn:pulumi:dev::p::x:index:B$aws:s3/bucket:Bucket::c";
        const policy = "urn:pulumi:dev::p::x:index:B$aws:s3/bucketPolicy:BucketPolicy::d";
        const out = modelRegistrations(
            [
                reg({ mockUrn: stack, type: "pulumi:pulumi:Stack", name: "p-dev", custom: false }),
                reg({ mockUrn: compA, type: "x:index:A", name: "a", custom: false, parent: stack }),
                reg({ mockUrn: compB, type: "x:index:B", name: "b", custom: false, parent: compA }),
                reg({ mockUrn: bucket, type: "aws:s3/bucket:Bucket", name: "c", parent: compB, version: "7.48.0" }),
                reg({
                    mockUrn: policy,
                    type: "aws:s3/bucketPolicy:BucketPolicy",
                    name: "d",
                    parent: compB,
                    version: "7.48.0",
                    dependencies: [bucket],
                    propertyDependencies: { bucket: [bucket] },
                    inputs: { bucket: { [SPECIAL_SIG_KEY]: RESOURCE_SIG, urn: bucket, id: "" }, policy: { [SPECIAL_SIG_KEY]: SECRET_SIG, value: "{}" } },
                }),
            ],
            { project: "p", stack: "dev", config: { "aws:region": "eu-west-1", "aws:secretKey": "s3cr3t", "p:other": "x" }, secretKeys: ["aws:secretKey"] },
        );
        const urns = out.map((r) => r.urn);
        const engineBucket = "urn:pulumi:dev::p::x:index:A$x:index:B$aws:s3/bucket:Bucket::c";
        const provider = "urn:pulumi:dev::p::pulumi:providers:aws::default_7_48_0";
        expect(urns).toEqual([
            stack,
            "urn:pulumi:dev::p::x:index:A::a",
            "urn:pulumi:dev::p::x:index:A$x:index:B::b",
            provider, // registered on demand, just before its first user, once
            engineBucket,
            "urn:pulumi:dev::p::x:index:A$x:index:B$aws:s3/bucketPolicy:BucketPolicy::d",
        ]);
        const pol = out[5];
        expect(pol.parent).toBe("urn:pulumi:dev::p::x:index:A$x:index:B::b");
        expect(pol.dependencies).toEqual([engineBucket]);
        expect(pol.propertyDependencies).toEqual({ bucket: [engineBucket] });
        expect(pol.props).toEqual({ bucket: UNKNOWN, policy: { [SPECIAL_SIG_KEY]: SECRET_SIG, value: "{}" } });
        expect(pol.provider).toEqual({
            type: "pulumi:providers:aws",
            urn: provider,
            name: "default_7_48_0",
            props: { region: "eu-west-1", secretKey: { [SPECIAL_SIG_KEY]: SECRET_SIG, value: "s3cr3t" }, version: "7.48.0" },
        });
        expect(previewOutputs(pol).props).toEqual({ ...pol.props, id: UNKNOWN });
        expect(previewOutputs(out[2]).props).toEqual({}); // components have no id
    });
});

describe("a program run under mocks", () => {
    const dir = path.join(__dirname, "fixtures/programs/estate");
    let resources: ModelledResource[];
    const find = (name: string) => {
        const r = resources.find((x) => x.name === name);
        if (!r) throw new Error(`no resource ${name}`);
        return r;
    };

    beforeAll(async () => {
        const project = readProject(dir);
        const config = readStackConfig(project, "dev");
        // The literal view: outputs of the program's own resources stay unknown, as under `pulumi preview`.
        const { registrations } = await runProgram(project, "dev", config, { literal: true });
        resources = modelRegistrations(registrations, { project: project.name, stack: "dev", config: config.config, secretKeys: config.secretKeys });
    });

    it("gives every resource the URN the engine (and pulumi.createUrn) would", async () => {
        expect(resources.length).toBe(13);
        for (const r of resources.filter((x) => x.parent)) {
            const expected = await new Promise<string>((resolve) => pulumi.createUrn(r.name, r.type, r.parent, "estate", "dev").apply(resolve));
            expect(r.urn).toBe(expected);
        }
        expect(find("svc-bucket").urn).toBe("urn:pulumi:dev::estate::test:index:Team$test:index:Service$aws:s3/bucket:Bucket::svc-bucket");
        expect(find("svc-bucket").parent).toBe("urn:pulumi:dev::estate::test:index:Team$test:index:Service::svc");
        expect(find("platform").parent).toBe("urn:pulumi:dev::estate::pulumi:pulumi:Stack::estate-dev");
    });

    it("links explicit and default providers", () => {
        expect(find("owned").provider?.urn).toBe("urn:pulumi:dev::estate::pulumi:providers:aws::east");
        expect(find("owned").provider?.props).toMatchObject({ region: "us-east-1" });
        const aws = require("@pulumi/aws/package.json").version as string;
        const defaultAws = `urn:pulumi:dev::estate::pulumi:providers:aws::${defaultProviderName(aws)}`;
        expect(find("svc-bucket").provider?.urn).toBe(defaultAws);
        expect(find("svc-bucket").provider?.props).toMatchObject({ region: "eu-west-1", version: aws });
        expect(resources.filter((r) => r.urn === defaultAws)).toHaveLength(1);
        expect(find("watcher").provider?.urn).toBe("urn:pulumi:dev::estate::pulumi:providers:test::default");
    });

    it("keeps property dependencies, unknowns and secrets in wire form", () => {
        const attach = find("attach");
        expect(attach.propertyDependencies?.role).toEqual([find("role-a").urn]);
        expect(attach.props.role).toBe(UNKNOWN);
        expect(find("db").props.password).toEqual({ [SPECIAL_SIG_KEY]: SECRET_SIG, value: UNREADABLE_SECRET });
        expect(find("watcher").props).toEqual({ target: UNKNOWN, note: { [SPECIAL_SIG_KEY]: SECRET_SIG, value: "hush" } });
        expect(find("watcher").dependencies).toContain(find("role-a").urn);
        expect(find("svc-bucket").props).toEqual({ bucket: "estate-svc" });
    });
});
