/** Sorting diagnostics into the report, and the formats rendering it. */
import { Diagnostic } from "../../cli/analyzer/protocol";
import { reporterFor } from "../../cli/report/formats";
import { ReceivedDiagnostic, buildReport } from "../../cli/report/model";

const diag = (d: Partial<Diagnostic>): Diagnostic => ({
    policyName: "p",
    policyPackName: "pack",
    policyPackVersion: "1.0.0",
    enforcementLevel: "mandatory",
    message: "",
    urn: "",
    description: "Checks that things hold.",
    severity: 0,
    ...d,
});
const A = "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::a";
const B = "urn:pulumi:dev::proj::aws:iam/role:Role::b";
const ctx = {
    command: "preview" as const,
    stack: "dev",
    project: "proj",
    resources: 2,
    stackUrns: [A, B],
    packs: [{ name: "pack", version: "1.0.0", initialConfig: {}, policies: [{ name: "p", displayName: "", description: "", enforcementLevel: "mandatory" as const, message: "", remediationSteps: "Tag it.", severity: "high" as const }] }],
};

describe("buildReport", () => {
    const received: ReceivedDiagnostic[] = [
        { requestUrn: A, diagnostic: diag({ message: "Checks that things hold.\nbucket has no owner" }) },
        { requestUrn: A, diagnostic: diag({ enforcementLevel: "remediate", message: "fixed on update", severity: 4 }) },
        { requestUrn: A, diagnostic: diag({ enforcementLevel: "disabled", message: "ignored" }) },
        { requestUrn: A, diagnostic: diag({ enforcementLevel: "advisory", message: "can't run policy 'p' from policy pack 'pack@v1.0.0' during preview: string value at .x can't be known during preview" }) },
        { requestUrn: A, diagnostic: diag({ enforcementLevel: "advisory", message: "Exempted: approved by sec until 2099-01-01" }) },
        // The same prefixes at mandatory level are violations: only advisories can be exemptions.
        { requestUrn: A, diagnostic: diag({ message: "Exempted: not really" }) },
        { requestUrn: "", diagnostic: diag({ enforcementLevel: "advisory", message: "Exemption expired: ended 2020-01-01", urn: B }) },
        { requestUrn: "", diagnostic: diag({ enforcementLevel: "advisory", message: "Unverified: grant dates unknown", urn: B }) },
        { requestUrn: "", diagnostic: diag({ message: "role is lonely", urn: B }) },
        // A stack diagnostic naming no resource of the stack is placed on the first, as the engine does.
        { requestUrn: "", diagnostic: diag({ message: "stack-wide", urn: "urn:pulumi:dev::proj::x:y:Z::nowhere" }) },
    ];
    const report = buildReport(received, ctx);

    it("fills in URNs, strips the description prefix and maps remediate to mandatory", () => {
        expect(report.violations.map((v) => [v.urn, v.enforcementLevel, v.message, v.severity])).toEqual([
            [A, "mandatory", "bucket has no owner", "high"],
            [A, "mandatory", "fixed on update", "critical"],
            [A, "mandatory", "Exempted: not really", "high"],
            [B, "mandatory", "role is lonely", "high"],
            [A, "mandatory", "stack-wide", "high"],
        ]);
        expect(report.violations[0].remediation).toBe("Tag it.");
    });

    it("separates exemptions and unverified checks, and counts each", () => {
        expect(report.exemptions.applied.map((e) => e.urn)).toEqual([A]);
        expect(report.exemptions.expired.map((e) => [e.urn, e.message])).toEqual([[B, "Exemption expired: ended 2020-01-01"]]);
        expect(report.unverified.map((u) => [u.urn, u.reason])).toEqual([
            [A, "string value at .x can't be known during preview"],
            [B, "grant dates unknown"],
        ]);
        expect(report.counts).toEqual({ mandatory: 5, advisory: 0, exemptionsApplied: 1, exemptionsExpired: 1, unverified: 2, notAnalysed: 0 });
    });

    it("renders JSON with the documented top-level fields, in order", () => {
        const json = JSON.parse(reporterFor("json")!.render(report, { color: false, strict: false }));
        expect(Object.keys(json)).toEqual(["version", "command", "stack", "project", "policyPacks", "violations", "exemptions", "unverified", "notAnalysed", "notes", "counts", "resources"]);
    });

    it("renders text grouped by resource, coloured only when asked", () => {
        const text = reporterFor("text")!;
        const plain = text.render(report, { color: false, strict: true });
        expect(plain).not.toContain("\u001b[");
        expect(plain.indexOf(`  ${B}`)).toBeGreaterThan(plain.indexOf(`  ${A}`));
        expect(plain.split("\n").filter((l) => l === `  ${A}`)).toHaveLength(1);
        expect(plain).toContain("      fix: Tag it.");
        expect(plain.trimEnd().split("\n").pop()).toBe("FAILED: 5 mandatory, 0 advisory, 2 unverified, 1 exempted, 1 expired exemption (preview of 2 resources, stack dev, pack@1.0.0)");
        expect(text.render(report, { color: true, strict: false })).toContain("\u001b[31m");
    });
});
