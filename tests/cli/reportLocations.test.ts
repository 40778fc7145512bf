/** Locations and not-analysed resources through the report model and every renderer, without a program run. */
import { Diagnostic } from "../../cli/analyzer/protocol";
import { reporterFor } from "../../cli/report/formats";
import { NotAnalysed, ResourceLocation, buildReport, reportFails } from "../../cli/report/model";

const diag = (d: Partial<Diagnostic>): Diagnostic => ({
    policyName: "p",
    policyPackName: "pack",
    policyPackVersion: "1.0.0",
    enforcementLevel: "mandatory",
    message: "bucket has no owner",
    urn: "",
    description: "",
    severity: 0,
    ...d,
});
const A = "urn:pulumi:dev::proj::my:index:Comp$aws:s3/bucket:Bucket::a";
const B = "urn:pulumi:dev::proj::aws:iam/role:Role::b";
const VPC = "urn:pulumi:dev::proj::awsx:ec2:Vpc::net";
const locations = new Map<string, ResourceLocation>([
    [A, { location: { file: "infra/my app/index.ts", line: 12, column: 1 }, declaredAt: { file: "infra/lib/comp#1.ts", line: 40, column: 9 } }],
    [B, { location: { file: "infra/my app/index.ts", line: 20, column: 1 } }],
]);
const notAnalysed: NotAnalysed[] = [{ urn: VPC, type: "awsx:ec2:Vpc", name: "net", location: { file: "infra/my app/index.ts", line: 30, column: 1 }, reason: "multi-language component: not seen" }];
const ctx = {
    command: "preview" as const,
    stack: "dev",
    project: "proj",
    resources: 3,
    stackUrns: [A, B, VPC],
    packs: [{ name: "pack", version: "1.0.0", initialConfig: {}, policies: [{ name: "p", displayName: "", description: "", enforcementLevel: "mandatory" as const, message: "" }] }],
    source: { kind: "program" as const, file: "infra/my app/index.ts" },
    locations,
    notAnalysed,
};

describe("locations in the report", () => {
    const report = buildReport(
        [
            { requestUrn: A, diagnostic: diag({}) },
            // A stack policy's finding naming a resource is at that resource's line.
            { requestUrn: "", diagnostic: diag({ message: "role is lonely", urn: B }) },
            { requestUrn: "", diagnostic: diag({ enforcementLevel: "advisory", message: "Unverified: dates unknown", urn: B }) },
        ],
        ctx,
    );

    it("carries each finding's location and declaration, and the not-analysed list and count", () => {
        expect(report.violations.map((v) => [v.urn, v.location?.line, v.declaredAt?.line])).toEqual([
            [A, 12, 40],
            [B, 20, undefined],
        ]);
        expect(report.unverified[0].location).toEqual({ file: "infra/my app/index.ts", line: 20, column: 1 });
        expect(report.notAnalysed).toEqual(notAnalysed);
        expect(report.counts.notAnalysed).toBe(1);
    });

    it("fails on not-analysed resources only with --strict", () => {
        const clean = buildReport([], ctx);
        expect(reportFails(clean, false)).toBe(false);
        expect(reportFails(clean, true)).toBe(true);
        expect(reportFails(buildReport([], { ...ctx, notAnalysed: [] }), true)).toBe(false);
    });

    it("SARIF: percent-encoded relative URIs, real regions, the declaration as a related location", () => {
        const sarif = JSON.parse(reporterFor("sarif")!.render(report, { color: false, strict: false }));
        const [a, b] = sarif.runs[0].results;
        expect(a.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "infra/my%20app/index.ts" }, region: { startLine: 12, startColumn: 1 } });
        expect(a.relatedLocations[0].physicalLocation).toEqual({ artifactLocation: { uri: "infra/lib/comp%231.ts" }, region: { startLine: 40, startColumn: 9 } });
        expect(b.locations[0].physicalLocation.region).toEqual({ startLine: 20, startColumn: 1 });
        expect(b.relatedLocations).toBeUndefined();
        const na = sarif.runs[0].results.find((r: any) => r.ruleId === "nhi-guard/not-analysed");
        expect(na).toMatchObject({ level: "warning", locations: [{ physicalLocation: { region: { startLine: 30 } } }] });
        expect(sarif.runs[0].tool.driver.rules[na.ruleIndex].id).toBe("nhi-guard/not-analysed");
        // No not-analysed resource, no extra rule: the rules are the packs' alone.
        const plain = JSON.parse(reporterFor("sarif")!.render(buildReport([], { ...ctx, notAnalysed: [] }), { color: false, strict: false }));
        expect(plain.runs[0].tool.driver.rules.map((r: any) => r.id)).toEqual(["p"]);
    });

    it("text and markdown show the line beside the resource and list what was not analysed", () => {
        const text = reporterFor("text")!.render(report, { color: false, strict: true });
        expect(text).toContain("my:index:Comp$aws:s3/bucket:Bucket".split("$").pop() + " a\n  at infra/my app/index.ts:12 (declared at infra/lib/comp#1.ts:40)\n");
        expect(text).toContain("[not analysed] 1 resource whose contents no policy saw (failing with --strict):\n  awsx:ec2:Vpc x1: net (infra/my app/index.ts:30)\n");
        const md = reporterFor("markdown")!.render(report, { color: false, strict: false });
        expect(md).toContain("Bucket **a**<br><code>infra/my app/index.ts:12</code> (declared at <code>infra/lib/comp\\#1.ts:40</code>)");
        expect(md).toContain("| awsx:ec2:Vpc | 1 | **net** <code>infra/my app/index.ts:30</code> | multi-language component: not seen |");
        expect(md).toContain("**1** not analysed");
    });
});
