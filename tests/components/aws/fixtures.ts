/** Declarations for the AWS component suites; dates are relative to today so they never rot. */
import type { AwsAiToolIdentityArgs as AiToolIdentityArgs } from "../../../components/aws/aiToolIdentity";
import { daysFromNow } from "../../../components/shared/dates";

export const OIDC_PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
export const ROTATION_LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:rotate-vendor-key";

export const EXPIRES = daysFromNow(90);
export const EARLY = daysFromNow(30);
export const LATE = daysFromNow(120);

/** A compliant PR reviewer trusted by one GitHub environment, with one read grant. */
export function prReviewer(overrides: Partial<AiToolIdentityArgs> = {}): AiToolIdentityArgs {
    return {
        tool: "claude-code",
        owner: "platform-team",
        purpose: "Reviews pull requests and comments on them",
        expiresAt: EXPIRES,
        access: "read",
        trust: { githubActions: { repository: "acme/app", environment: "ai-review" } },
        githubOidcProviderArn: OIDC_PROVIDER_ARN,
        grants: [{ name: "read-docs", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-docs/*"] }],
        ...overrides,
    };
}
