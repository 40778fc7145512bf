/**
 * IAM action classification, case-insensitive as IAM is: wildcards, write access, privilege
 * escalation and credential exposure. Unknown actions count as write (fail closed): a read-only
 * tool that gains an action this list has never heard of must be reviewed, not waved through.
 *
 * The escalation and exposure lists follow what Cloudsplaining and Parliament publish as data
 * (the Rhino Security escalation methods and AWS's credential-issuing actions).
 */
import type { GrantEntry, PrivilegeFinding } from "../facts";
import { grantingStatements, statementTimeBound, type PolicyDocument, type PolicyStatement } from "./policyDocument";

/** Actions that let an identity give itself (or another identity it controls) more access. */
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
    "cloudformation:CreateStack",
    "cloudformation:UpdateStack",
    "codestar:CreateProject",
    "codestar:CreateProjectFromTemplate",
    "datapipeline:CreatePipeline",
    "datapipeline:PutPipelineDefinition",
    "glue:CreateDevEndpoint",
    "glue:UpdateDevEndpoint",
    "lambda:CreateEventSourceMapping",
    "lambda:CreateFunction",
    "lambda:UpdateFunctionCode",
    "lambda:UpdateFunctionConfiguration",
    "sagemaker:CreateNotebookInstance",
    "sagemaker:CreatePresignedNotebookInstanceUrl",
    "ssm:SendCommand",
    "ssm:StartSession",
];

/** Actions that hand out a credential (a key, a password, a token) to whoever calls them. */
export const EXPOSURE_ACTIONS: readonly string[] = [
    "chime:CreateApiKey",
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
    "sso:GetRoleCredentials",
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:GetFederationToken",
    "sts:GetSessionToken",
];

/**
 * Verbs whose actions only read. Matched as a prefix of the action name; `Get` also covers
 * `GetObject`, `BatchGet` covers `BatchGetItem`. Anything else is a write.
 */
export const READ_VERBS: readonly string[] = ["Get", "BatchGet", "List", "Describe", "Head", "View", "Query", "Scan", "Search", "Select", "Lookup", "Read"];

/** Read-level actions whose verb does not say so (AWS lists them as Read). */
const READ_ACTIONS = new Set(["bedrock:invokemodel", "bedrock:invokemodelwithresponsestream"]);

/** AWS-managed policies that administer the account or IAM itself. */
export const ADMIN_POLICY_NAMES: readonly string[] = ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"];

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

/**
 * Whether an action (or a pattern) may grant more than read. A pattern reads only when its literal
 * part before the first wildcard already starts with a read verb (`s3:Get*`, `s3:List*`): `s3:G*`
 * also covers writes the verb list does not know about.
 */
export function isWriteAction(action: string): boolean {
    const parts = splitAction(action);
    if (!parts) return true;
    if (READ_ACTIONS.has(action.trim().toLowerCase())) return false;
    const firstWildcard = parts.name.search(/[*?]/);
    const literal = (firstWildcard < 0 ? parts.name : parts.name.slice(0, firstWildcard)).toLowerCase();
    if (parts.service.search(/[*?]/) >= 0) return true;
    return !READ_VERBS.some((verb) => literal.startsWith(verb.toLowerCase()));
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

export function classifyAction(action: string): ActionClassification {
    return {
        wildcard: isWildcardAction(action),
        write: isWriteAction(action),
        escalation: escalationActionsCoveredBy(action),
        exposure: exposureActionsCoveredBy(action),
    };
}

/** Whether an action is malformed (no `service:` prefix); such an action cannot be classified. */
export function isMalformedAction(action: string): boolean {
    return splitAction(action) === undefined;
}

/** True for AWS-managed policies that administer the account or IAM, in any partition. */
export function isAdminPolicyArn(arn: string): boolean {
    const m = AWS_MANAGED_POLICY.exec(arn.trim());
    return !!m && ADMIN_POLICY_NAMES.some((n) => n.toLowerCase() === m[1].toLowerCase());
}

export function isAwsManagedPolicyArn(arn: string): boolean {
    return AWS_MANAGED_POLICY.test(arn.trim());
}

/** AWS-managed policies whose name says they only read (`ReadOnlyAccess`, `AmazonS3ReadOnlyAccess`). */
function isReadOnlyManagedPolicy(arn: string): boolean {
    const m = AWS_MANAGED_POLICY.exec(arn.trim());
    return !!m && /ReadOnly(?:Access)?$/i.test(m[1]);
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

/**
 * One granting statement as a `GrantEntry`: privilege findings per action (cdk-nag items such as
 * `Action::iam:*`), the actions that write, and the statement's time bound.
 *
 * An Allow with `NotAction` grants every action it does not list, so it is reported as such and
 * also yields every escalation and exposure action the exclusions leave in.
 */
export function grantEntryFromStatement(statement: PolicyStatement): GrantEntry {
    const findings = new FindingSet();
    const writes: string[] = [];
    for (const action of statement.actions) {
        const c = classifyAction(action);
        const item = `Action::${action}`;
        if (c.wildcard) findings.add("wildcard", item);
        if (c.escalation.length) findings.add("escalation", item);
        if (c.exposure.length) findings.add("exposure", item);
        if (c.write) writes.push(action);
    }
    if (statement.hasNotAction) {
        const excluded = statement.notActions.map(actionMatcher);
        const left = (list: readonly string[]) => list.filter((a) => !excluded.some((m) => m.test(a)));
        const item = `NotAction::${statement.notActions.join(",")}`;
        findings.add("not-action", item);
        if (left(ESCALATION_ACTIONS).length) findings.add("escalation", item);
        if (left(EXPOSURE_ACTIONS).length) findings.add("exposure", item);
        // Everything not excluded is granted, unknown writes included.
        writes.push(`NotAction:${statement.notActions.join(",")}`);
    }
    const bound = statementTimeBound(statement);
    return {
        label: statement.label,
        actions: [...statement.actions],
        roles: [],
        notAction: statement.hasNotAction,
        ...(bound.endsAt ? { endsAt: bound.endsAt } : {}),
        ...(bound.endProblem ? { endProblem: bound.endProblem } : {}),
        findings: findings.items,
        writes,
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
 * A managed policy attached by ARN. Its contents are not in the plan: AWS-managed admin policies
 * are findings, other AWS-managed policies write unless their name says read-only, and a
 * customer-managed policy is judged through its own `aws:iam/policy:Policy` resource. A managed
 * policy carries no condition, so the entry never ends by itself (a dated permissions boundary is
 * how such a grant ends).
 */
export function grantEntryFromManagedPolicy(arn: string): GrantEntry {
    const findings: PrivilegeFinding[] = [];
    const writes: string[] = [];
    if (isAdminPolicyArn(arn)) findings.push({ rule: "admin-role", item: `Policy::${arn}` });
    if (isAwsManagedPolicyArn(arn) && !isReadOnlyManagedPolicy(arn)) writes.push(arn);
    return { label: `managed policy ${arn}`, actions: [], roles: [arn], notAction: false, findings, writes };
}
