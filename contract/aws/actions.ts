/**
 * IAM action classification, case-insensitive as IAM is, from AWS's own data (contract/data/aws.ts,
 * generated from the Service Authorization Reference): an action writes when AWS lists it at the
 * Write, Permissions management or Tagging level, a pattern (`iam:Put*`, `iam:*Policy`) writes when
 * any action it expands to does, and an action AWS does not publish counts as write (fail closed): a
 * read-only tool that gains an action nobody can classify must be reviewed, not waved through.
 *
 * Which actions escalate and which hand out credentials is published research rather than AWS data:
 * the lists follow Rhino Security Labs' privilege-escalation methods as Cloudsplaining and Pacu
 * carry them (single actions, and combinations that only escalate together), plus the
 * credential-returning actions of the Service Authorization Reference.
 */
import type { GrantEntry, PrivilegeFinding } from "../facts";
import { WRITE_LEVELS, allActions, awsManagedPolicy, expandAction, type ActionInfo, type ManagedPolicyData } from "../data/aws";
import { grantingStatements, parsePolicyDocument, statementTimeBound, type PolicyDocument, type PolicyStatement } from "./policyDocument";

/** Actions that let an identity give itself (or an identity or compute it controls) more access, alone. */
export const ESCALATION_ACTIONS: readonly string[] = [
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreatePolicyVersion",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:PassRole",
    "iam:PutGroupPolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
    // Run code as an existing role: its function, endpoint, stack, instance, task or interpreter.
    "bedrock-agentcore:InvokeCodeInterpreter",
    "cloudformation:UpdateStack",
    "codestar:CreateProjectFromTemplate",
    "ec2:ModifyInstanceAttribute",
    "ecs:ExecuteCommand",
    "glue:UpdateDevEndpoint",
    "lambda:UpdateFunctionCode",
    "lambda:UpdateFunctionConfiguration",
    "sagemaker:CreatePresignedNotebookInstanceUrl",
    "ssm:SendCommand",
    "ssm:StartSession",
];

export interface EscalationPath {
    /** The method's name as Rhino Security Labs / Cloudsplaining publish it, where they do. */
    method: string;
    /** Every one of these must be granted. */
    actions: readonly string[];
}

/** Escalation methods that need several actions together; each one alone is harmless or judged above. */
export const ESCALATION_PATHS: readonly EscalationPath[] = [
    { method: "CreateEC2WithExistingInstanceProfile", actions: ["iam:PassRole", "ec2:RunInstances"] },
    { method: "PassExistingRoleToNewLambdaThenInvoke", actions: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"] },
    { method: "PassExistingRoleToNewLambdaThenTriggerWithNewDynamo", actions: ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"] },
    { method: "PassExistingRoleToNewGlueDevEndpoint", actions: ["iam:PassRole", "glue:CreateDevEndpoint"] },
    { method: "PassExistingRoleToNewCloudFormation", actions: ["iam:PassRole", "cloudformation:CreateStack"] },
    { method: "PassExistingRoleToCloudFormationChangeSet", actions: ["iam:PassRole", "cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"] },
    { method: "PassExistingRoleToNewDataPipeline", actions: ["iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"] },
    { method: "PassExistingRoleToNewCodeStarProject", actions: ["iam:PassRole", "codestar:CreateProject"] },
    { method: "CodeStarCreateProjectThenAssociateTeamMember", actions: ["codestar:CreateProject", "codestar:AssociateTeamMember"] },
    { method: "PassRoleToNewSageMakerJupyterNotebook", actions: ["iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"] },
    { method: "PassExistingRoleToNewCodeBuildProject", actions: ["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"] },
    { method: "PassExistingRoleToNewEcsTask", actions: ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"] },
    { method: "PassExistingRoleToNewAppRunnerService", actions: ["iam:PassRole", "apprunner:CreateService"] },
    {
        method: "PassExistingRoleToNewAgentCoreCodeInterpreter",
        actions: ["iam:PassRole", "bedrock-agentcore:CreateCodeInterpreter", "bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"],
    },
];

/**
 * Actions that return a credential (a key, a password, a token, a secret value) to whoever calls
 * them. On one named resource (the tool's own secret, one role to assume) that is the point of the
 * grant; on every resource it is a violation.
 */
export const EXPOSURE_ACTIONS: readonly string[] = [
    "bedrock-agentcore:GetResourceApiKey",
    "bedrock-agentcore:GetResourceOauth2Token",
    "bedrock-agentcore:GetWorkloadAccessToken",
    "bedrock-agentcore:GetWorkloadAccessTokenForJWT",
    "bedrock-agentcore:GetWorkloadAccessTokenForUserId",
    "chime:CreateApiKey",
    "codeartifact:GetAuthorizationToken",
    "codepipeline:PollForJobs",
    "cognito-identity:GetCredentialsForIdentity",
    "cognito-identity:GetOpenIdToken",
    "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
    "connect:GetFederationToken",
    "ec2:GetPasswordData",
    "ec2-instance-connect:SendSSHPublicKey",
    "ecr:GetAuthorizationToken",
    "ecr-public:GetAuthorizationToken",
    "gamelift:RequestUploadCredentials",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UpdateAccessKey",
    "iam:UploadSSHPublicKey",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:GetRelationalDatabaseMasterUserPassword",
    "mediapackage:RotateChannelCredentials",
    "mediapackage:RotateIngestEndpointCredentials",
    "rds-db:Connect",
    "redshift:GetClusterCredentials",
    "redshift:GetClusterCredentialsWithIAM",
    "redshift-serverless:GetCredentials",
    "sagemaker:CreatePresignedDomainUrl",
    "secretsmanager:BatchGetSecretValue",
    "secretsmanager:GetSecretValue",
    "sso:GetRoleCredentials",
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:GetFederationToken",
    "sts:GetSessionToken",
];

/** Every action a path or the escalation list names: what an entry records for stack-level path checks. */
const PATH_ACTIONS: readonly string[] = [...new Set([...ESCALATION_ACTIONS, ...ESCALATION_PATHS.flatMap((p) => p.actions)])];

const AWS_MANAGED_POLICY = /^arn:[a-z0-9-]+:iam::aws:policy\/(?:[^/]*\/)*([^/]+)$/i;

export interface ActionClassification {
    /** The pattern has `*` or `?`. */
    wildcard: boolean;
    /** It may grant more than read/list access (unknown actions included). */
    write: boolean;
    /** Escalation actions the action names or its pattern covers. */
    escalation: string[];
    /** Credential-exposure actions the action names or its pattern covers. */
    exposure: string[];
}

/** An IAM action pattern as a case-insensitive matcher (`*` any run, `?` one character). */
export function actionMatcher(pattern: string): RegExp {
    const body = pattern
        .trim()
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`, "i");
}

export function isWildcardAction(action: string): boolean {
    return action.includes("*") || action.includes("?");
}

/** Splits `service:Name`; a missing or empty service or name is malformed. */
function splitAction(action: string): { service: string; name: string } | undefined {
    const trimmed = action.trim();
    if (trimmed === "*") return { service: "*", name: "*" };
    const colon = trimmed.indexOf(":");
    if (colon <= 0 || colon === trimmed.length - 1) return undefined;
    return { service: trimmed.slice(0, colon), name: trimmed.slice(colon + 1) };
}

const writes = (a: ActionInfo) => (a.levels & WRITE_LEVELS) !== 0;

/**
 * Whether an action (or a pattern) may grant more than read, by AWS's access levels. A pattern
 * writes when any action it covers writes; one that covers no published action (a misspelling, an
 * action newer than the data) counts as write, as does a malformed one.
 */
export function isWriteAction(action: string): boolean {
    if (!splitAction(action)) return true;
    const covered = expandAction(action);
    return covered.length === 0 || covered.some(writes);
}

function covered(action: string, list: readonly string[]): string[] {
    if (!isWildcardAction(action)) {
        const lower = action.trim().toLowerCase();
        return list.filter((a) => a.toLowerCase() === lower);
    }
    const matcher = actionMatcher(action);
    return list.filter((a) => matcher.test(a));
}

/** Escalation actions an action or pattern grants. */
export function escalationActionsCoveredBy(action: string): string[] {
    return covered(action, ESCALATION_ACTIONS);
}

/** Credential-exposure actions an action or pattern grants. */
export function exposureActionsCoveredBy(action: string): string[] {
    return covered(action, EXPOSURE_ACTIONS);
}

interface Classified extends ActionClassification {
    /** Path and escalation actions covered (for `GrantEntry.sensitive`). */
    sensitive: string[];
    /** Covers an action that writes and can be scoped to a resource. */
    scopableWrite: boolean;
}

/** Real estates repeat the same few hundred actions across thousands of statements: classify each once. */
const classified = new Map<string, Classified>();
const MAX_CLASSIFIED = 8_192;

function classifyOnce(action: string): Classified {
    const key = action.trim().toLowerCase();
    const memo = classified.get(key);
    if (memo) return memo;
    const c: Classified = {
        wildcard: isWildcardAction(action),
        write: isWriteAction(action),
        escalation: escalationActionsCoveredBy(action),
        exposure: exposureActionsCoveredBy(action),
        sensitive: covered(action, PATH_ACTIONS),
        scopableWrite: expandAction(action).some((a) => a.scopable && writes(a)),
    };
    if (classified.size >= MAX_CLASSIFIED) classified.clear();
    classified.set(key, c);
    return c;
}

export function classifyAction(action: string): ActionClassification {
    const { wildcard, write, escalation, exposure } = classifyOnce(action);
    return { wildcard, write, escalation: [...escalation], exposure: [...exposure] };
}

/** Whether an action is malformed (no `service:` prefix); such an action cannot be classified. */
export function isMalformedAction(action: string): boolean {
    return splitAction(action) === undefined;
}

export function isAwsManagedPolicyArn(arn: string): boolean {
    return AWS_MANAGED_POLICY.test(arn.trim());
}

/** The AWS-managed policy an ARN names, from the bundled data; undefined for others and for names the data does not have. */
export function managedPolicyData(arn: string): ManagedPolicyData | undefined {
    const m = AWS_MANAGED_POLICY.exec(arn.trim());
    return m ? awsManagedPolicy(m[1]) : undefined;
}

/** True for AWS-managed policies that administer the account (by what they grant), in any partition. */
export function isAdminPolicyArn(arn: string): boolean {
    return managedPolicyData(arn)?.admin === true;
}

/**
 * Whether a resource names every resource of its kind: `*`, or an ARN whose last segment is only
 * wildcards (`arn:aws:iam::123456789012:role/*`). `secret:tool-key-*` names one secret (Secrets
 * Manager appends a random suffix), so it is scoped.
 */
export function isUnscopedResource(resource: string): boolean {
    const r = resource.trim();
    if (r === "" || /^[*?]+$/.test(r)) return true;
    const last = r.split(/[:/]/).pop() ?? "";
    return /^[*?]+$/.test(last);
}

/** A statement grants on every resource: no `Resource`, an unscoped one, or `NotResource`. */
function onEveryResource(statement: PolicyStatement): boolean {
    if (statement.notResources.length) return true;
    return statement.resources.length === 0 || statement.resources.some(isUnscopedResource);
}

class FindingSet {
    private readonly seen = new Set<string>();
    readonly items: PrivilegeFinding[] = [];
    add(rule: PrivilegeFinding["rule"], item: string): void {
        const key = `${rule}\u0000${item}`;
        if (this.seen.has(key)) return;
        this.seen.add(key);
        this.items.push({ rule, item });
    }
}

/** The escalation and path actions a statement grants, expanded (NotAction: everything it does not exclude). */
function sensitiveGranted(statement: PolicyStatement): string[] {
    if (statement.hasNotAction) {
        const excluded = statement.notActions.map(actionMatcher);
        return PATH_ACTIONS.filter((a) => !excluded.some((m) => m.test(a)));
    }
    const granted = new Set<string>();
    for (const p of statement.actions) for (const a of classifyOnce(p).sensitive) granted.add(a);
    return PATH_ACTIONS.filter((a) => granted.has(a));
}

/**
 * One granting statement as a `GrantEntry`: privilege findings per action (cdk-nag items such as
 * `Action::iam:*`), the actions that write, and the statement's time bound.
 *
 * An Allow with `NotAction` grants every action it does not list, so it is reported as such and
 * also yields every escalation and exposure action the exclusions leave in. A credential action is
 * a finding only on every resource; `Resource: "*"` on an action AWS lets you scope is reported when
 * the action writes (a read on `*` is what read-only tools do; a write on `*` reaches resources
 * nobody meant); `NotResource` in an Allow grants on everything not listed, so it is reported.
 */
export function grantEntryFromStatement(statement: PolicyStatement): GrantEntry {
    const findings = new FindingSet();
    const writing: string[] = [];
    const everywhere = onEveryResource(statement);
    const starResource = statement.resources.some((r) => r.trim() === "*");
    const scopableWrites: string[] = [];
    for (const action of statement.actions) {
        const c = classifyOnce(action);
        const item = `Action::${action}`;
        // Passing one named role is how a tool deploys with a fixed execution role; it escalates only
        // together with what runs as that role (ESCALATION_PATHS), or when it may pass any role.
        const escalation = c.escalation.filter((a) => everywhere || a.toLowerCase() !== "iam:passrole");
        const flagged = c.wildcard || escalation.length > 0 || (c.exposure.length > 0 && everywhere);
        if (c.wildcard) findings.add("wildcard", item);
        if (escalation.length) findings.add("escalation", item);
        if (c.exposure.length && everywhere) findings.add("exposure", item);
        if (c.write) writing.push(action);
        // Only for actions no other finding already names, so one action is one finding.
        if (starResource && !flagged && c.scopableWrite) scopableWrites.push(action);
    }
    if (statement.hasNotAction) {
        const excluded = statement.notActions.map(actionMatcher);
        const left = (list: readonly string[]) => list.filter((a) => !excluded.some((m) => m.test(a)));
        const item = `NotAction::${statement.notActions.join(",")}`;
        findings.add("not-action", item);
        if (left(ESCALATION_ACTIONS).length) findings.add("escalation", item);
        if (everywhere && left(EXPOSURE_ACTIONS).length) findings.add("exposure", item);
        // Everything not excluded is granted, unknown writes included.
        writing.push(`NotAction:${statement.notActions.join(",")}`);
    }
    if (statement.notResources.length) findings.add("not-resource", `NotResource::${statement.notResources.join(",")}`);
    if (scopableWrites.length) {
        const shown = scopableWrites.slice(0, 3).join(",") + (scopableWrites.length > 3 ? ` and ${scopableWrites.length - 3} more` : "");
        findings.add("resource-wildcard", `Resource::* for ${shown}`);
    }
    const bound = statementTimeBound(statement);
    // `iam:PassRole` on every resource is a finding by itself; on named roles it joins the paths.
    const sensitive = sensitiveGranted(statement).filter((a) => !everywhere || a !== "iam:PassRole");
    return {
        label: statement.label,
        actions: [...statement.actions],
        roles: [],
        notAction: statement.hasNotAction,
        ...(bound.endsAt ? { endsAt: bound.endsAt } : {}),
        ...(bound.endProblem ? { endProblem: bound.endProblem } : {}),
        findings: findings.items,
        writes: writing,
        ...(sensitive.length ? { sensitive } : {}),
    };
}

/** Every statement of a document that may grant, as entries (Deny statements grant nothing). */
export function grantEntriesFromDocument(doc: PolicyDocument, labelPrefix?: string): GrantEntry[] {
    return grantingStatements(doc).map((s) => {
        const entry = grantEntryFromStatement(s);
        return labelPrefix ? { ...entry, label: `${labelPrefix} ${entry.label}` } : entry;
    });
}

/**
 * The escalation methods that need several actions and are all granted by these entries together
 * (one identity's grants, however many documents hold them).
 */
export function escalationPathsGranted(entries: readonly GrantEntry[]): EscalationPath[] {
    const granted = new Set<string>();
    for (const e of entries) for (const a of e.sensitive ?? []) granted.add(a.toLowerCase());
    if (granted.size === 0) return [];
    return ESCALATION_PATHS.filter((p) => p.actions.every((a) => granted.has(a.toLowerCase())));
}

/**
 * A managed policy attached by ARN. An AWS-managed policy is judged by what its document grants,
 * from the bundled data: administration of the account, NotAction, escalation actions, credential
 * actions on every resource, and its writes. One the data does not have writes (fail closed) but is
 * not a finding: unknown is not a violation. A customer-managed policy is judged through its own
 * `aws:iam/policy:Policy` resource. A managed policy carries no condition, so the entry never ends
 * by itself (a dated permissions boundary is how such a grant ends).
 */
export function grantEntryFromManagedPolicy(arn: string): GrantEntry {
    const entry: GrantEntry = { label: `managed policy ${arn}`, actions: [], roles: [arn], notAction: false, findings: [], writes: [] };
    if (!isAwsManagedPolicyArn(arn)) return entry;
    const data = managedPolicyData(arn);
    if (!data) {
        entry.writes.push(arn);
        return entry;
    }
    const item = `Policy::${arn}`;
    if (data.admin) {
        // Administration of the account says it all: its escalation and credential actions are not listed again.
        entry.findings.push({ rule: "admin-role", item });
        entry.writes.push(...data.writes);
        return entry;
    }
    if (data.notAction) {
        entry.notAction = true;
        entry.findings.push({ rule: "not-action", item });
    }
    const escalation = data.escalation.filter((a) => ESCALATION_ACTIONS.some((e) => e.toLowerCase() === a.toLowerCase()));
    if (escalation.length) entry.findings.push({ rule: "escalation", item: `${item} (grants ${listed(escalation)})` });
    if (data.exposure.length) entry.findings.push({ rule: "exposure", item: `${item} (grants ${listed(data.exposure)} on every resource)` });
    entry.writes.push(...data.writes);
    // `iam:PassRole` from a managed policy is flagged above; the rest joins the paths.
    const paths = data.escalation.filter((a) => a !== "iam:PassRole");
    if (paths.length) entry.sensitive = paths;
    return entry;
}

function listed(actions: readonly string[]): string {
    return actions.slice(0, 4).join(", ") + (actions.length > 4 ? ` and ${actions.length - 4} more` : "");
}

/** Share of published actions above which a policy counts as administering the account (PowerUserAccess leaves out only IAM and Organizations). */
const ADMIN_SHARE = 0.9;

/**
 * What an AWS-managed policy document grants, as the generator stores it: [admin, NotAction,
 * escalation and path actions, credential actions on every resource, write patterns]. Computed here
 * so a managed policy is judged by exactly the classification an inline document gets.
 */
export function managedPolicySummary(document: unknown): [number, number, string[], string[], number, string[]] {
    const doc = parsePolicyDocument(document);
    const entries = grantingStatements(doc).map((s) => ({ s, e: grantEntryFromStatement(s) }));
    const grantedActions = new Set<string>();
    let notAction = false;
    for (const { s } of entries) {
        if (s.hasNotAction) {
            notAction = true;
            const excluded = s.notActions.map(actionMatcher);
            for (const a of allActions()) if (!excluded.some((m) => m.test(a.action))) grantedActions.add(a.action);
        } else for (const p of s.actions) for (const a of expandAction(p)) grantedActions.add(a.action);
    }
    const iamAdmin = allActions().filter((a) => a.action.startsWith("iam:") && (a.levels & 8) !== 0);
    const admin = grantedActions.size >= ADMIN_SHARE * allActions().length || (iamAdmin.length > 0 && iamAdmin.every((a) => grantedActions.has(a.action)));
    const escalation = new Set<string>();
    const exposure = new Set<string>();
    const writing = new Set<string>();
    for (const { s, e } of entries) {
        for (const a of sensitiveGranted(s)) escalation.add(a);
        if (onEveryResource(s)) {
            if (s.hasNotAction) {
                const excluded = s.notActions.map(actionMatcher);
                for (const a of EXPOSURE_ACTIONS) if (!excluded.some((m) => m.test(a))) exposure.add(a);
            } else for (const p of s.actions) for (const a of exposureActionsCoveredBy(p)) exposure.add(a);
        }
        for (const w of e.writes) writing.add(w);
    }
    return [admin ? 1 : 0, notAction ? 1 : 0, [...escalation], [...exposure], writing.size, [...writing]];
}
