/** The machine-readable report (schema: docs/report-schema.md). Field order is stable for diffs. */
import type { Reporter } from "./formats";

export const jsonReporter: Reporter = {
    name: "json",
    summary: "the report as JSON (schema version 1, docs/report-schema.md)",
    render: (report) =>
        JSON.stringify(
            {
                version: report.version,
                command: report.command,
                stack: report.stack,
                project: report.project,
                policyPacks: report.policyPacks,
                violations: report.violations,
                exemptions: report.exemptions,
                unverified: report.unverified,
                notAnalysed: report.notAnalysed,
                notes: report.notes,
                ...(report.changes ? { changes: report.changes } : {}),
                counts: report.counts,
                ...(report.notApplicable ? { notApplicable: report.notApplicable } : {}),
                resources: report.resources,
            },
            null,
            2,
        ) + "\n",
};
