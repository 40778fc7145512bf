/** Azure and GCP client configuration and project, from the account context. */
import { accountContext } from "../../../cli/preview/dataSources/accountContext";
import { azureNativeClientConfig, azureadClientConfig } from "../../../cli/preview/dataSources/azure";
import { getClientConfig, getClientOpenIdUserInfo, getProject } from "../../../cli/preview/dataSources/gcp";

const ctx = accountContext({
    "azure-native:subscriptionId": "5f1c1e33-7b7a-4f63-9d55-2f6f3c0a9e11",
    "azuread:tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
    "gcp:project": "acme-analytics",
    "gcp:region": "europe-west4",
});

describe("Azure client config", () => {
    it("gives azure-native the configured subscription and azuread's tenant when azure-native names none", () => {
        expect(azureNativeClientConfig({}, ctx)).toEqual({
            clientId: "00000000-0000-4000-8000-000000000003",
            objectId: "00000000-0000-4000-8000-000000000004",
            subscriptionId: "5f1c1e33-7b7a-4f63-9d55-2f6f3c0a9e11",
            tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
        });
        expect(azureadClientConfig({}, ctx).id).toBe("72f988bf-86f1-41af-91ab-2d7cd011db47-00000000-0000-4000-8000-000000000003-00000000-0000-4000-8000-000000000004");
    });
});

describe("GCP client config and project", () => {
    it("ids the client config as the provider does and leaves the access token out", () => {
        const c = getClientConfig({}, ctx);
        expect(c).toMatchObject({ id: "projects/acme-analytics/regions/europe-west4/zones/europe-west4-a", project: "acme-analytics", region: "europe-west4", zone: "europe-west4-a" });
        expect(c).not.toHaveProperty("accessToken");
    });

    it("runs as a service account of the configured project", () => {
        expect(getClientOpenIdUserInfo({}, ctx)).toEqual({ email: "nhi-guard-preview@acme-analytics.iam.gserviceaccount.com", id: "nhi-guard-preview@acme-analytics.iam.gserviceaccount.com" });
    });

    it("gives the configured project its number, another project a stable 12-digit one", () => {
        expect(getProject({}, ctx)).toMatchObject({ projectId: "acme-analytics", number: "123456789012", id: "projects/acme-analytics", name: "acme-analytics" });
        const other = getProject({ projectId: "acme-shared" }, ctx);
        expect(other.number).toMatch(/^[1-9]\d{11}$/);
        expect(getProject({ projectId: "acme-shared" }, ctx).number).toBe(other.number);
        expect(other.number).not.toBe("123456789012");
    });
});
