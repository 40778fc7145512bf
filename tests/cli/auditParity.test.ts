/**
 * `audit` as `pulumi policy analyze` sees a snapshot: resources pending deletion or deleted before
 * their replacement exists are not analysed, and a stack policy's finding without a URN is the
 * root stack's, wherever the root stack sits in the export.
 */
import { planAudit } from "../../cli/audit/stackExport";
import { buildReport } from "../../cli/report/model";

const P = "urn:pulumi:prod::app::";
const stackUrn = `${P}pulumi:pulumi:Stack::app-prod`;
const role = (name: string, extra: Record<string, unknown> = {}) => ({
    urn: `${P}aws:iam/role:Role::${name}`,
    type: "aws:iam/role:Role",
    custom: true,
    id: name,
    parent: stackUrn,
    inputs: { name },
    outputs: { name, arn: `arn:aws:iam::111122223333:role/${name}` },
    ...extra,
});

describe("audit parity with the engine", () => {
    const doc = {
        version: 3,
        deployment: {
            resources: [
                // The root stack after its children, as a hand-edited or merged export may have it.
                role("kept"),
                role("old-copy", { delete: true }),
                role("replaced", { pendingReplacement: true }),
                role("depends-on-replaced", { dependencies: [`${P}aws:iam/role:Role::replaced`] }),
                { urn: stackUrn, type: "pulumi:pulumi:Stack", custom: false, outputs: {} },
            ],
        },
    };

    test("deleted and pending-replacement resources are skipped, references to them still accepted", () => {
        const plan = planAudit(doc, "prod.json");
        const names = (xs: { name: string }[]) => xs.map((r) => r.name);
        expect(names(plan.analyze)).toEqual(["kept", "depends-on-replaced"]);
        expect(names(plan.analyzeStack)).toEqual(["kept", "depends-on-replaced", "app-prod"]);
    });

    test("a stack finding without a URN is attributed to the root stack, not to the first resource", () => {
        const plan = planAudit(doc, "prod.json");
        const report = buildReport(
            [
                {
                    requestUrn: "",
                    diagnostic: { policyName: "p", policyPackName: "pack", policyPackVersion: "1", enforcementLevel: "mandatory", message: "stack-wide", urn: "", description: "", severity: 0 },
                },
            ],
            { command: "audit", stack: "prod", project: "app", packs: [], resources: plan.analyze.length, stackUrns: plan.analyzeStack.map((r) => r.urn) },
        );
        expect(report.violations.map((v) => v.urn)).toEqual([stackUrn]);
    });
});
