/**
 * GitHub violations: the place an AI tool runs, with the human approval taken out of it. Raw
 * @pulumi/github resources, each committing the one violation named above it.
 */
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";

// nhi-human-approval: workflows may approve pull requests, so the tool's workflow approves its own.
new github.WorkflowRepositoryPermissions("app-workflow-permissions", {
    repository: "app",
    defaultWorkflowPermissions: "write",
    canApprovePullRequestReviews: true,
});

// nhi-human-approval: the AI tool's GitHub App may always bypass the default-branch review.
new github.RepositoryRuleset("app-default-branch", {
    repository: "app",
    target: "branch",
    enforcement: "active",
    conditions: { refName: { includes: ["~DEFAULT_BRANCH"], excludes: [] } },
    bypassActors: [{ actorType: "Integration", actorId: 777777, bypassMode: "always" }],
    rules: { pullRequest: { requiredApprovingReviewCount: 1 } },
});

// nhi-human-approval: an environment with no reviewers: any job that names it runs unapproved.
new github.RepositoryEnvironment("app-ai-deploy", {
    repository: "app",
    environment: "ai-deploy",
    preventSelfReview: true,
});

// nhi-no-long-lived-credentials: a writable deploy key never expires and can push past review.
new github.RepositoryDeployKey("app-agent-deploy-key", {
    repository: "app",
    title: "owner=platform-team;tool=copilot-agent",
    key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0noncompliantexamplekeyonlyforthetestsuite",
    readOnly: false,
});

// nhi-no-plaintext-secrets: a vendor key pasted into an Actions *variable*, which GitHub stores
// and shows in plain text (an ActionsSecret, or pulumi.secret(), would keep it secret). The key is
// made up, in the format OpenAI issues.
new github.ActionsVariable("app-openai-key", {
    repository: "app",
    variableName: "OPENAI_API_KEY",
    value: "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",
});
