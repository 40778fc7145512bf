/**
 * An awaited data source's unknown field (the SDK's `unknown` singleton) inside a template string
 * or JSON.stringify makes the whole input unknown, as an Output interpolation would, instead of a
 * known-looking "arn:...:vpc/[object Object]" reaching the pack.
 */
import * as path from "path";
import { UNKNOWN } from "../../cli/analyzer/protocol";
import { readProject, readStackConfig } from "../../cli/preview/project";
import { runProgram, wholeUnknowns } from "../../cli/preview/runProgram";
import { Registration } from "../../cli/preview/engineModel";
import { runCli } from "./cliHelpers";

const dir = path.join(__dirname, "fixtures/programs/unknown-lookups");

describe("a program that builds documents and tags from `await aws.ec2.getVpc()`", () => {
    let registrations: Registration[];
    let pulumi: any;
    beforeAll(async () => {
        const project = readProject(dir);
        pulumi = require(require.resolve("@pulumi/pulumi", { paths: [dir] }));
        ({ registrations } = await runProgram(project, "dev", readStackConfig(project, "dev")));
    });
    const inputs = (name: string) => registrations.find((r) => r.name === name)?.inputs as any;

    it("sends the trust policy, the grant and the tag built from the unknown VPC id as unknown", () => {
        expect(inputs("vpc-agent").assumeRolePolicy).toBe(UNKNOWN);
        expect(inputs("vpc-agent").tags["nhi:purpose"]).toBe(UNKNOWN);
        expect(inputs("vpc-agent-endpoints").policy).toBe(UNKNOWN);
        expect(JSON.stringify(registrations)).not.toContain("[object Object]");
    });

    it("keeps the known inputs known", () => {
        expect(inputs("vpc-agent").tags["nhi:tool"]).toBe("claude-code");
        expect(inputs("vpc-agent").maxSessionDuration).toBe(3600);
    });

    it("gives the SDK's unknown back as it was after the run", () => {
        expect(Object.getOwnPropertyNames(pulumi.unknown)).toEqual(["__pulumiUnknown"]);
        expect(Object.getOwnPropertySymbols(pulumi.unknown)).toEqual([]);
        expect(`${pulumi.unknown}`).toBe("[object Object]");
    });
});

describe("wholeUnknowns", () => {
    it("turns only strings that contain the sentinel and more into the sentinel, at any depth", () => {
        const built = `arn:aws:ec2:eu-west-1:111122223333:vpc/${UNKNOWN}`;
        expect(wholeUnknowns({ a: [built, UNKNOWN, "arn:aws:s3:::x"], b: { c: built, n: 3, t: true } })).toEqual({
            a: [UNKNOWN, UNKNOWN, "arn:aws:s3:::x"],
            b: { c: UNKNOWN, n: 3, t: true },
        });
    });
});

describe("nhi-guard preview of that program", () => {
    it("reports the role's trust and the grant as unverified, not as values with [object Object]", () => {
        const run = runCli(["preview", dir, "--format", "json", "--quiet"]);
        expect(run.stdout).not.toContain("[object Object]");
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout);
        const unverified = report.unverified.map((u: any) => `${u.policy} ${u.urn.split("::").pop()}`);
        expect(unverified).toEqual(expect.arrayContaining(["nhi-trust-pinned vpc-agent", "nhi-least-privilege vpc-agent-endpoints", "nhi-no-standing-access vpc-agent-endpoints"]));
        expect(report.violations).toEqual([]);
    }, 120_000);
});
