/**
 * Which data the privilege policies judge with, in one sentence for the policy catalogue
 * (docs/policies.md), so a reviewer can tell which version of the clouds' published roles and
 * actions a result was reached with.
 */
import { AWS_DATA_SOURCES } from "./aws";
import { GCP_ROLES_SOURCE } from "../gcp/roles";
import { AZURE_ROLES_SOURCE } from "../azure/roles";

export function dataSourcesSentence(): string {
    const { actions, managedPolicies } = AWS_DATA_SOURCES;
    const iamDataset = (s: { repository?: string; commit?: string; date?: string }) => `${s.repository} ${String(s.commit).slice(0, 7)} (${s.date})`;
    return (
        `Judged with AWS actions from ${actions.package} ${actions.version}, AWS-managed policies from ${managedPolicies.package} ${managedPolicies.version}, ` +
        `GCP predefined roles from ${iamDataset(GCP_ROLES_SOURCE)} and Azure built-in roles from ${iamDataset(AZURE_ROLES_SOURCE)}.`
    );
}
