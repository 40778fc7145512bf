/**
 * nhi-guard's components, one namespace per cloud (`nhi.aws.AiToolIdentity`), and the contract they
 * share with the policy pack and the gate.
 *
 * A cloud's namespace loads on first use: requiring every component here would require every
 * cloud's SDK, and they are optional peer dependencies (a team on AWS installs `@pulumi/aws`
 * only). Each namespace is a getter that requires `./<cloud>` when first read; a missing SDK is
 * then one error naming the package (see ./sdk.ts). The per-cloud entry points
 * (`nhi-guard/aws`, ...) are the same modules, for ES module programs and `import type` users.
 *
 * The `declare const` + `declare namespace` pairs give each namespace its value type (the module's
 * exports) and its types (`nhi.aws.AiToolIdentityArgs`) without a static import, which TypeScript
 * would compile to an eager `require`. tests/adoption/namespaces.test.ts checks the type lists
 * against the per-cloud index files.
 */
import type * as Aws from "./aws";
import type * as Azure from "./azure";
import type * as Gcp from "./gcp";
import type * as Github from "./github";

export * as contract from "../contract";
export * as shared from "./shared";
export { daysFromNow } from "./shared/dates";
export { CLOUD_SDKS, MissingSdkError } from "./sdk";
export type { Cloud } from "./sdk";

export declare const aws: typeof Aws;
export declare namespace aws {
    type AiToolIdentity = Aws.AiToolIdentity;
    type AwsAiToolIdentity = Aws.AwsAiToolIdentity;
    type AiToolIdentityArgs = Aws.AiToolIdentityArgs;
    type AwsAiToolIdentityArgs = Aws.AwsAiToolIdentityArgs;
    type AwsGrant = Aws.AwsGrant;
    type GrantArgs = Aws.GrantArgs;
    type AwsSecret = Aws.AwsSecret;
    type SecretArgs = Aws.SecretArgs;
    type AwsTrust = Aws.AwsTrust;
    type TrustArgs = Aws.TrustArgs;
    type GithubActionsTrust = Aws.GithubActionsTrust;
}

export declare const gcp: typeof Gcp;
export declare namespace gcp {
    type AiToolIdentity = Gcp.AiToolIdentity;
    type GcpAiToolIdentity = Gcp.GcpAiToolIdentity;
    type AiToolIdentityArgs = Gcp.AiToolIdentityArgs;
    type GcpAiToolIdentityArgs = Gcp.GcpAiToolIdentityArgs;
    type GcpGrant = Gcp.GcpGrant;
    type GrantArgs = Gcp.GrantArgs;
    type GcpSecret = Gcp.GcpSecret;
    type SecretArgs = Gcp.SecretArgs;
    type GcpTrust = Gcp.GcpTrust;
    type TrustArgs = Gcp.TrustArgs;
    type GithubActionsTrust = Gcp.GithubActionsTrust;
    type Scope = Gcp.Scope;
    type ScopeKind = Gcp.ScopeKind;
}

export declare const azure: typeof Azure;
export declare namespace azure {
    type AiToolIdentity = Azure.AiToolIdentity;
    type AzureAiToolIdentity = Azure.AzureAiToolIdentity;
    type AiToolIdentityArgs = Azure.AiToolIdentityArgs;
    type AzureAiToolIdentityArgs = Azure.AzureAiToolIdentityArgs;
    type AzureEntraApplication = Azure.AzureEntraApplication;
    type EntraApplicationArgs = Azure.EntraApplicationArgs;
    type AzureGrant = Azure.AzureGrant;
    type GrantArgs = Azure.GrantArgs;
    type AzureKey = Azure.AzureKey;
    type KeyArgs = Azure.KeyArgs;
    type AzureKeyVault = Azure.AzureKeyVault;
    type KeyVaultArgs = Azure.KeyVaultArgs;
    type AzureSecret = Azure.AzureSecret;
    type SecretArgs = Azure.SecretArgs;
    type AzureTrust = Azure.AzureTrust;
    type TrustArgs = Azure.TrustArgs;
    type GithubActionsTrust = Azure.GithubActionsTrust;
}

export declare const github: typeof Github;
export declare namespace github {
    type AiToolEnvironment = Github.AiToolEnvironment;
    type GithubAiToolEnvironment = Github.GithubAiToolEnvironment;
    type AiToolEnvironmentArgs = Github.AiToolEnvironmentArgs;
    type GithubAiToolEnvironmentArgs = Github.GithubAiToolEnvironmentArgs;
    type GithubActionsSubject = Github.GithubActionsSubject;
    type GithubActionsTrustOutput = Github.GithubActionsTrustOutput;
    type GithubBypassActor = Github.GithubBypassActor;
    type GithubEnvironmentSecret = Github.GithubEnvironmentSecret;
    type GithubOrganizationRuleset = Github.GithubOrganizationRuleset;
}

const CLOUD_MODULES: Record<"aws" | "gcp" | "azure" | "github", () => unknown> = {
    aws: () => require("./aws"),
    gcp: () => require("./gcp"),
    azure: () => require("./azure"),
    github: () => require("./github"),
};

for (const [cloud, load] of Object.entries(CLOUD_MODULES)) {
    Object.defineProperty(exports, cloud, {
        enumerable: true,
        configurable: true,
        get() {
            // Replaced by the module itself once loaded, so later reads are plain property reads.
            const loaded = load();
            Object.defineProperty(exports, cloud, { enumerable: true, value: loaded });
            return loaded;
        },
    });
}
