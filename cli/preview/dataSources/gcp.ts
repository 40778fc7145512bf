/**
 * GCP's client configuration and project, from ./accountContext.ts. The access token is left out
 * rather than unknown: one unknown field would make the whole `getClientConfigOutput()` unknown,
 * hiding the project and region the program needs (a real token is never a preview's business).
 */
import { AccountContext } from "./accountContext";
import { hashcode } from "./terraform";

/** terraform-provider-google's google_client_config id. */
export function getClientConfig(_args: Record<string, any>, ctx: AccountContext): Record<string, unknown> {
    const { project, region, zone } = ctx.gcp;
    return { defaultLabels: {}, id: `projects/${project}/regions/${region}/zones/${zone}`, project, region, zone };
}

/** The identity the provider runs as (`getClientOpenIdUserInfo`), for `user:`/`serviceAccount:` members built from it. */
export function getClientOpenIdUserInfo(_args: Record<string, any>, ctx: AccountContext): Record<string, unknown> {
    return { email: ctx.gcp.clientEmail, id: ctx.gcp.clientEmail };
}

/**
 * The context's project, or another one the program names: its number is then derived from its id
 * (12 digits, stable across runs). Organization, folder and billing account are empty: a preview
 * cannot know them, and empty is what the provider reports for a project outside any.
 */
export function getProject(args: Record<string, any>, ctx: AccountContext): Record<string, unknown> {
    const projectId = typeof args.projectId === "string" && args.projectId ? args.projectId : ctx.gcp.project;
    const number = projectId === ctx.gcp.project ? ctx.gcp.projectNumber : String(100000000000 + (hashcode(projectId) % 900000000000));
    return {
        autoCreateNetwork: true,
        billingAccount: "",
        deletionPolicy: "PREVENT",
        effectiveLabels: {},
        folderId: "",
        id: `projects/${projectId}`,
        labels: {},
        name: projectId,
        number,
        orgId: "",
        projectId,
        pulumiLabels: {},
        tags: {},
    };
}
