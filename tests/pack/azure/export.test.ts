/**
 * The Azure stack export fixture (`tests/fixtures/exports/azure.json`: the support agent example as
 * deployed, plus the non-compliant estate's Azure resources), audited as the gate does: inputs to
 * Analyze, outputs to AnalyzeStack, through the pack's own handlers, with the clock pinned to two
 * weeks after the export so the fixture's dates never rot.
 */
import * as path from "path";
import { auditFixture, mandatoryPoliciesOn, pinClock, type Finding } from "../../helpers/pack";

const FIXTURE = path.resolve(__dirname, "../../fixtures/exports/azure.json");
let findings: Finding[];

beforeAll(async () => {
    pinClock(new Date("2025-02-15T00:00:00Z"));
    findings = await auditFixture(FIXTURE);
});

afterAll(() => jest.useRealTimers());

const mandatoryOn = (resource: string) => mandatoryPoliciesOn(findings, resource);

describe("audit of tests/fixtures/exports/azure.json", () => {
    it("finds the governed support agent's identity, trust and grants compliant", () => {
        for (const r of ["support-agent-identity", "support-agent-github", "support-agent-grant-read-docs", "support-agent-grant-read-vendor-token"]) {
            expect([r, mandatoryOn(r)]).toEqual([r, []]);
        }
    });

    it("says, rather than passes, that the Key Vault secret's expiry is encrypted in the export", () => {
        const secret = findings.filter((f) => f.resource === "support-agent-secret-zendesk-token");
        expect(secret.map((f) => [f.policy, f.level])).toEqual([["nhi-secret-rotation-required", "mandatory"]]);
        expect(secret[0].message).toMatch(/cannot be read/);
    });

    it("blocks the subscription Owner with no end", () => {
        expect(mandatoryOn("ops-agent-subscription-owner")).toEqual(["nhi-least-privilege", "nhi-no-standing-access"]);
    });

    it("blocks the wildcard federated subject", () => {
        expect(mandatoryOn("ops-agent-github")).toEqual(["nhi-trust-pinned"]);
    });

    it("blocks the Entra password Entra made valid for two years", () => {
        expect(mandatoryOn("ticket-bot-password")).toEqual(["nhi-no-long-lived-credentials"]);
    });

    it("never prints a secret placeholder's ciphertext", () => {
        expect(JSON.stringify(findings)).not.toContain("bm90LWEtcmVhbC1jaXBoZXJ0ZXh0");
    });
});
