/**
 * GitHub's OIDC names as AWS trust policies use them. Apart from ./policyDocuments.ts because these
 * are public (`nhi.aws.githubSubject`) and that module's declarations import `@pulumi/aws`'s types:
 * the root entry point's declarations must compile in a project without `@pulumi/aws`.
 */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience GitHub's `aws-actions/configure-aws-credentials` requests. */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** The OIDC subject GitHub issues to a job running in `environment` of `repository`. */
export function githubSubject(repository: string, environment: string): string {
    return `repo:${repository}:environment:${environment}`;
}
