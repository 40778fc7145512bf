/**
 * Which cloud SDKs each namespace needs. The SDKs are optional peer dependencies (a team on AWS
 * should not install 400 MB of Azure and GCP), so a namespace checks for its own before loading,
 * and a missing one is one line naming the package to install instead of Node's
 * `Cannot find module '@pulumi/azure-native/authorization'` from deep inside a component.
 */

/** Per cloud, the packages its components import (all of them load with the namespace). */
export const CLOUD_SDKS = {
    aws: ["@pulumi/aws"],
    gcp: ["@pulumi/gcp"],
    azure: ["@pulumi/azure-native", "@pulumi/azuread"],
    github: ["@pulumi/github"],
} as const;

export type Cloud = keyof typeof CLOUD_SDKS;

/** Thrown when a cloud's namespace is used without its SDK installed. */
export class MissingSdkError extends Error {
    constructor(readonly cloud: Cloud, readonly missing: readonly string[]) {
        super(`nhi-guard: \`nhi.${cloud}\` (nhi-guard/${cloud}) needs ${missing.map((m) => `\`${m}\``).join(" and ")}: run \`npm install ${missing.join(" ")}\` in your Pulumi project`);
        this.name = "MissingSdkError";
    }
}

/**
 * The SDKs of `cloud` that cannot be resolved from this folder, which is where the components
 * require them (a peer dependency resolves up through the consumer's node_modules).
 */
export function missingSdks(cloud: Cloud, resolve: (id: string) => string = require.resolve): string[] {
    return CLOUD_SDKS[cloud].filter((id) => {
        try {
            resolve(id);
            return false;
        } catch (e) {
            // Only "not installed" is the user's to fix by installing; an SDK that fails to load for
            // another reason must surface as itself when the component module requires it.
            return (e as NodeJS.ErrnoException)?.code === "MODULE_NOT_FOUND";
        }
    });
}

/** Throws `MissingSdkError` when `cloud`'s SDKs are not all installed. */
export function requireCloudSdks(cloud: Cloud): void {
    const missing = missingSdks(cloud);
    if (missing.length) throw new MissingSdkError(cloud, missing);
}
