/**
 * An output encrypted as a whole (additionalSecretOutputs) must not hide the governance facts the
 * program declared in the same property's readable input, and must never become readable itself.
 */
import { planAudit, UNREADABLE_SECRET } from "../../cli/audit/stackExport";
import { SECRET_SIG, SPECIAL_SIG_KEY } from "../../cli/analyzer/protocol";

const ciphertext = { [SPECIAL_SIG_KEY]: SECRET_SIG, ciphertext: "v1:b3BhcXVl" };
const urn = "urn:pulumi:dev::p::azure-native:keyvault:Secret::token";

function exportWith(inputs: Record<string, unknown>, outputs: Record<string, unknown>) {
    return { version: 3, deployment: { resources: [{ urn, type: "azure-native:keyvault:Secret", custom: true, id: "x", inputs, outputs }] } };
}

describe("audit: encrypted outputs", () => {
    it("reads a whole-encrypted output from its readable input, still marked secret, and says so", () => {
        const properties = { value: ciphertext, attributes: { expires: 1893456000 } };
        const plan = planAudit(exportWith({ properties }, { properties: ciphertext }), "export.json");
        const stackProps = plan.analyzeStack[0].props.properties as any;
        expect(stackProps[SPECIAL_SIG_KEY]).toBe(SECRET_SIG);
        expect(stackProps.value.attributes).toEqual({ expires: 1893456000 });
        expect(stackProps.value.value).toEqual({ [SPECIAL_SIG_KEY]: SECRET_SIG, value: UNREADABLE_SECRET });
        expect(plan.notes.join("\n")).toMatch(/1 encrypted output was read from the matching input/);
    });

    it("keeps the placeholder when the input is encrypted too (present, never empty)", () => {
        const plan = planAudit(exportWith({ properties: ciphertext }, { properties: ciphertext }), "export.json");
        expect(plan.analyzeStack[0].props.properties).toEqual({ [SPECIAL_SIG_KEY]: SECRET_SIG, value: UNREADABLE_SECRET });
        expect(plan.notes.join("\n")).not.toMatch(/matching input/);
    });
});
