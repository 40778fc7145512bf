/** Declarations and mock state for the GCP component suites; dates are relative to today so they never rot. */
import type { GcpAiToolIdentityArgs as AiToolIdentityArgs } from "../../../components/gcp/aiToolIdentity";
import type { ComputedOutputs } from "../../helpers/mocks";
import { daysFromNow } from "../../../components/shared/dates";

export const PROJECT = "acme-data";
export const PROJECT_NUMBER = "123456789012";
export const EXPIRES = daysFromNow(90);
export const EARLY = daysFromNow(30);
export const LATE = daysFromNow(120);

/** A compliant read-only data assistant trusted by one GitHub environment, with two read grants. */
export function dataAgent(overrides: Partial<AiToolIdentityArgs> = {}): AiToolIdentityArgs {
    return {
        tool: "claude-code",
        owner: "data-platform",
        purpose: "Answers questions about the sales warehouse",
        expiresAt: EXPIRES,
        access: "read",
        trust: { githubActions: { repository: "acme/analytics", environment: "ai-agent" } },
        project: PROJECT,
        projectNumber: PROJECT_NUMBER,
        accountId: "data-agent",
        grants: [
            { name: "warehouse", role: "roles/bigquery.dataViewer", scope: `projects/${PROJECT}/datasets/sales` },
            { name: "exports", role: "roles/storage.objectViewer", scope: "buckets/acme-exports", until: EARLY },
        ],
        ...overrides,
    };
}

/** The state GCP would compute for the types the GCP component creates. */
export const gcpComputedOutputs: ComputedOutputs = ({ type, name, inputs }) => {
    const project = (inputs.project as string | undefined) ?? "mock-project";
    switch (type) {
        case "gcp:serviceaccount/account:Account": {
            const email = `${inputs.accountId}@${project}.iam.gserviceaccount.com`;
            return { email, member: `serviceAccount:${email}`, name: `projects/${project}/serviceAccounts/${email}`, uniqueId: "104" + "0".repeat(18), project };
        }
        case "gcp:iam/workloadIdentityPool:WorkloadIdentityPool":
            return { name: `projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}`, project };
        case "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider":
            return { name: `projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${inputs.workloadIdentityPoolId}/providers/${inputs.workloadIdentityPoolProviderId}`, project };
        case "gcp:pubsub/topic:Topic":
            return { name: (inputs.name as string | undefined) ?? `${name}-5e7a1c0`, project };
        case "gcp:secretmanager/secret:Secret":
            return { name: `projects/${PROJECT_NUMBER}/secrets/${inputs.secretId}`, project };
        default:
            return undefined;
    }
};
