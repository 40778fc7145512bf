"""A PR reviewer (Claude Code in GitHub Actions) on AWS, declared from Python.

The same declaration as examples/aws-pr-reviewer/index.ts and examples/github-to-aws: the
TypeScript components run inside the nhi-guard plugin, so the role, its trust, its dated grants,
the defaults and every validation error are the same as in TypeScript.
"""
import datetime

import pulumi
import pulumi_nhi_guard as nhi

config = pulumi.Config()


def days_from_now(days: int) -> str:
    """A UTC date as a plain string, known at preview, so the policy pack checks it as a mandatory control."""
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)).strftime("%Y-%m-%d")


# Where the tool runs: a GitHub environment whose every job a human approves.
ci = nhi.GithubAiToolEnvironment(
    "pr-reviewer-ci",
    tool="claude-code",
    owner="platform-team",
    repository="acme/app",
    environment="ai-review",
    reviewer_team_ids=[4242],
    tool_app_id=777,
)

reviewer = nhi.AwsAiToolIdentity(
    "pr-reviewer",
    tool="claude-code",
    owner="platform-team",
    purpose="Reviews pull requests on acme/app and comments on them",
    expires_at=days_from_now(90),
    access="read",
    # Component outputs are Outputs outside TypeScript, and a governed value must be known at
    # construction: write the environment out (it is `ci.trust`), and depend on the environment so
    # GitHub never creates it unprotected first.
    trust={"github_actions": {"repository": "acme/app", "environment": "ai-review"}},
    github_oidc_provider_arn=config.require("githubOidcProviderArn"),
    grants=[
        {
            "name": "read-design-docs",
            "actions": ["s3:GetObject"],
            "resources": ["arn:aws:s3:::acme-design-docs/*"],
        },
        {
            "name": "invoke-model",
            "actions": ["bedrock:InvokeModel"],
            "resources": ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0"],
            # The model access is reviewed monthly, sooner than the identity itself.
            "until": days_from_now(30),
        },
    ],
    opts=pulumi.ResourceOptions(depends_on=[ci]),
)

# The workflow's `aws-actions/configure-aws-credentials` step assumes this role.
pulumi.export("roleArn", reviewer.role_arn)
pulumi.export("expiresAt", reviewer.expires_at)
pulumi.export("subject", ci.subject)
