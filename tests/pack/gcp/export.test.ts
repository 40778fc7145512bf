/**
 * The GCP stack export fixture (`tests/fixtures/exports/gcp.json`: the data assistant example as
 * deployed, plus the non-compliant estate's GCP resources), audited as the gate does: inputs to
 * Analyze, outputs to AnalyzeStack, through the pack's own handlers, with the clock pinned to two
 * weeks after the export so the fixture's dates never rot.
 */
import * as path from "path";
import { auditFixture, mandatoryPoliciesOn, pinClock, type Finding } from "../../helpers/pack";

const FIXTURE = path.resolve(__dirname, "../../fixtures/exports/gcp.json");
let findings: Finding[];

beforeAll(async () => {
    pinClock(new Date("2025-02-15T00:00:00Z"));
    findings = await auditFixture(FIXTURE);
});

afterAll(() => jest.useRealTimers());

const mandatoryOn = (resource: string) => mandatoryPoliciesOn(findings, resource);

describe("audit of tests/fixtures/exports/gcp.json", () => {
    it("finds the governed data assistant's account, trust, grants and secret compliant", () => {
        for (const r of [
            "data-agent-sa",
            "data-agent-github",
            "data-agent-trust",
            "data-agent-grant-sales",
            "data-agent-grant-exports",
            "data-agent-rotation-publisher",
            "data-agent-secret-vendor-key",
            "data-agent-secret-vendor-key-access",
        ]) {
            expect([r, mandatoryOn(r)]).toEqual([r, []]);
        }
    });

    it("blocks the editor grant with no end", () => {
        expect(mandatoryOn("etl-agent-project-editor")).toEqual(["nhi-least-privilege", "nhi-no-standing-access"]);
    });

    it("blocks the service-account key", () => {
        expect(mandatoryOn("etl-agent-key")).toEqual(["nhi-no-long-lived-credentials"]);
    });

    it("blocks the provider with no attribute condition", () => {
        expect(mandatoryOn("etl-agent-github")).toEqual(["nhi-trust-pinned"]);
    });

    it("never prints a secret output's ciphertext", () => {
        expect(JSON.stringify(findings)).not.toContain("bm90LWEtcmVhbC1wcml2YXRlLWtleQ");
        expect(JSON.stringify(findings)).not.toContain("bm90LWxhYmVscw");
    });
});
