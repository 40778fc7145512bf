/**
 * AWS rules for an AI tool's declaration, beyond the shared schema: what IAM can express, and what
 * the policy pack would block anyway (wildcards, escalation, credential exposure, a read-only tool
 * that writes), refused at construction so the author learns it before any preview.
 *
 * Every check reads the raw arguments defensively: it runs even when the shared schema failed, so
 * a user sees every problem in one round.
 */
import { grantNameProblems } from "../shared/naming";
import { classifyAction, grantEntryFromManagedPolicy, isAwsManagedPolicyArn, isMalformedAction } from "../../contract/aws/actions";
import { TAG_KEYS } from "../../contract/annotations";

/** The component's own argument names (besides the shared declaration's). */
export const AWS_ARG_KEYS = [
    "githubOidcProviderArn",
    "serviceSourceAccount",
    "roleName",
    "path",
    "managedPolicyArns",
    "secretRotationLambdaArn",
    "agentCoreWorkloadIdentity",
    "tags",
] as const;

export const AGENTCORE_SERVICE = "bedrock-agentcore.amazonaws.com";

const PARTITION = "aws(?:-[a-z]+)*";
const GITHUB_OIDC_PROVIDER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$`);
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/(?:[\\x21-\\x7E]*/)?[\\w+=,.@-]{1,64}$`);
const LAMBDA_ARN = new RegExp(`^arn:${PARTITION}:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]+)?$`);
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/(?:[\x21-\x7E]{0,510}\/)?$/;
const ACCOUNT_ID = /^\d{12}$/;
// What AWS accepts in tag keys and values (IAM, Secrets Manager): no commas, quotes or brackets.
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAGS = 50;

const q = (value: unknown) => JSON.stringify(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isPlainObject = (value: unknown): value is Record<string, any> => !!value && typeof value === "object" && !Array.isArray(value);
/** An Output or a promise: a value the program does not know yet. */
const isEventual = (value: unknown) => isPlainObject(value) && (typeof (value as any).apply === "function" || typeof (value as any).then === "function");

/** Every AWS problem with the arguments, one line each naming the argument and the fix. */
export function awsProblems(args: Record<string, any>): string[] {
    return [...trustProblems(args), ...grantProblems(args), ...managedPolicyProblems(args), ...secretProblems(args), ...roleProblems(args), ...tagProblems(args)];
}

function trustProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    const trust = isPlainObject(args.trust) ? args.trust : {};
    const providerArn = args.githubOidcProviderArn;
    const providerExample = "`arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`";

    if (trust.githubActions !== undefined) {
        if (providerArn === undefined) {
            problems.push(`\`githubOidcProviderArn\`: is required with \`trust.githubActions\`; pass your account's GitHub OIDC provider, ${providerExample}`);
        } else if (!isString(providerArn)) {
            problems.push(`\`githubOidcProviderArn\`: must be a plain string, known at preview, so the trust can be verified; write the ARN out, ${providerExample}`);
        } else if (!GITHUB_OIDC_PROVIDER_ARN.test(providerArn)) {
            problems.push(`\`githubOidcProviderArn\` ${q(providerArn)} is not a GitHub OIDC provider ARN; use ${providerExample}`);
        }
    } else if (providerArn !== undefined) {
        problems.push("`githubOidcProviderArn`: is only used with `trust.githubActions`; remove it");
    }

    if (isString(trust.service) && !trust.service.endsWith(".amazonaws.com")) {
        problems.push(`\`trust.service\` ${q(trust.service)} is not an AWS service principal; name one such as \`${AGENTCORE_SERVICE}\``);
    }
    const sourceAccount = args.serviceSourceAccount;
    if (sourceAccount !== undefined) {
        if (trust.service === undefined) problems.push("`serviceSourceAccount`: is only used with `trust.service`; remove it");
        else if (!isString(sourceAccount) || !ACCOUNT_ID.test(sourceAccount)) problems.push(`\`serviceSourceAccount\` ${q(sourceAccount)} is not an AWS account ID; use the 12 digits of the account whose resources call the service`);
    }
    if (isString(trust.identity) && !ROLE_ARN.test(trust.identity)) {
        problems.push(`\`trust.identity\` ${q(trust.identity)} is not an IAM role ARN; name exactly one role, \`arn:aws:iam::<account>:role/<name>\` (an account or a user is not one workload)`);
    }
    if (args.agentCoreWorkloadIdentity !== undefined && typeof args.agentCoreWorkloadIdentity !== "boolean") {
        problems.push("`agentCoreWorkloadIdentity`: must be `true` or `false`");
    } else if (args.agentCoreWorkloadIdentity === true && trust.service !== AGENTCORE_SERVICE) {
        problems.push(`\`agentCoreWorkloadIdentity\`: needs \`trust.service\` \`${AGENTCORE_SERVICE}\` (the workload identity belongs to an AgentCore agent); set the trust or remove it`);
    }
    return problems;
}

function actionProblem(field: string, action: string, access: unknown): string | undefined {
    if (isMalformedAction(action)) return `\`${field}\` ${q(action)} is not an IAM action; write \`service:Action\`, e.g. \`s3:GetObject\``;
    const c = classifyAction(action);
    if (c.wildcard) return `\`${field}\` ${q(action)} is a wildcard; list the exact actions the tool needs`;
    if (c.escalation.length && c.exposure.length) return `\`${field}\` ${q(action)} lets the tool escalate its privileges and mint credentials; remove it`;
    if (c.escalation.length) return `\`${field}\` ${q(action)} lets the tool escalate its privileges; remove it and have a human make that change`;
    if (c.exposure.length) return `\`${field}\` ${q(action)} hands out credentials; remove it (the tool gets its own short-lived session through \`trust\`)`;
    if (c.write && access === "read") return `\`${field}\` ${q(action)} writes, but \`access\` is \`read\`; remove the action or declare \`access: "write"\``;
    return undefined;
}

function grantProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    if (!Array.isArray(args.grants)) return problems;
    args.grants.forEach((grant: unknown, i: number) => {
        if (!isPlainObject(grant)) return; // the shared schema reports it
        const at = `grants[${i}]`;
        for (const field of ["role", "scope"] as const) {
            if (grant[field] !== undefined) problems.push(`\`${at}.${field}\`: is for GCP and Azure; AWS grants use \`actions\` and \`resources\``);
        }
        if (!Array.isArray(grant.actions) || grant.actions.length === 0) {
            problems.push(`\`${at}.actions\`: is required on AWS; list the IAM actions the tool needs, e.g. \`s3:GetObject\``);
        } else {
            grant.actions.forEach((action: unknown, j: number) => {
                const problem = isString(action) ? actionProblem(`${at}.actions[${j}]`, action, args.access) : undefined;
                if (problem) problems.push(problem);
            });
        }
        if (!Array.isArray(grant.resources) || grant.resources.length === 0) {
            problems.push(`\`${at}.resources\`: is required on AWS; list the ARNs the actions apply to (\`*\` only for actions that take no resource)`);
        } else {
            grant.resources.forEach((resource: unknown, j: number) => {
                if (isString(resource) && resource !== "*" && !resource.startsWith("arn:")) {
                    problems.push(`\`${at}.resources[${j}]\` ${q(resource)} is not an ARN; write the resource's ARN, e.g. \`arn:aws:s3:::bucket/prefix/*\``);
                }
            });
        }
    });
    problems.push(...grantNameProblems(args.grants));
    return problems;
}

function managedPolicyProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    if (args.managedPolicyArns === undefined) return problems;
    if (!Array.isArray(args.managedPolicyArns)) return ["`managedPolicyArns`: must be a list of AWS-managed policy ARNs"];
    const seen = new Set<string>();
    args.managedPolicyArns.forEach((arn: unknown, i: number) => {
        const field = `managedPolicyArns[${i}]`;
        if (!isString(arn) || !isAwsManagedPolicyArn(arn)) {
            problems.push(`\`${field}\` ${q(arn)} is not an AWS-managed policy ARN; attach only \`arn:aws:iam::aws:policy/...\` here and write your own statements as \`grants\`, which end by themselves`);
            return;
        }
        const entry = grantEntryFromManagedPolicy(arn);
        if (entry.findings.some((f) => f.rule === "admin-role")) problems.push(`\`${field}\` ${q(arn)} administers the account; grant the exact actions the tool needs instead`);
        else if (entry.writes.length && args.access === "read") problems.push(`\`${field}\` ${q(arn)} may write, but \`access\` is \`read\`; use a read-only managed policy or declare \`access: "write"\``);
        const policyName = arn.slice(arn.lastIndexOf("/") + 1);
        if (seen.has(policyName)) problems.push(`\`${field}\` ${q(arn)} is listed twice; remove the repeat`);
        seen.add(policyName);
    });
    return problems;
}

function secretProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    const hasSecrets = Array.isArray(args.secrets) && args.secrets.length > 0;
    const lambdaArn = args.secretRotationLambdaArn;
    if (hasSecrets && lambdaArn === undefined) {
        problems.push("`secretRotationLambdaArn`: is required when `secrets` is set; pass the ARN of the Lambda function that rotates them (Secrets Manager calls it every `rotationDays`)");
    } else if (!hasSecrets && lambdaArn !== undefined) {
        problems.push("`secretRotationLambdaArn`: is only used with `secrets`; remove it");
    } else if (isString(lambdaArn) && !LAMBDA_ARN.test(lambdaArn)) {
        problems.push(`\`secretRotationLambdaArn\` ${q(lambdaArn)} is not a Lambda function ARN; use \`arn:aws:lambda:<region>:<account>:function:<name>\``);
    } else if (lambdaArn !== undefined && !isString(lambdaArn) && !isEventual(lambdaArn)) {
        problems.push("`secretRotationLambdaArn`: must be a Lambda function ARN (a string or an Output of one)");
    }
    if (hasSecrets) {
        const seen = new Map<string, number>();
        args.secrets.forEach((secret: any, i: number) => {
            if (!isPlainObject(secret) || !isString(secret.name)) return;
            const first = seen.get(secret.name);
            if (first !== undefined) problems.push(`\`secrets[${i}].name\` ${q(secret.name)} repeats \`secrets[${first}].name\`; give each secret its own name`);
            else seen.set(secret.name, i);
        });
    }
    return problems;
}

function roleProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    if (args.roleName !== undefined && (!isString(args.roleName) || !ROLE_NAME.test(args.roleName))) {
        problems.push(`\`roleName\` ${q(args.roleName)} is not an IAM role name; use 1 to 64 letters, digits or \`+=,.@_-\`, or leave it out for a generated name`);
    }
    if (args.path !== undefined && (!isString(args.path) || !ROLE_PATH.test(args.path))) {
        problems.push(`\`path\` ${q(args.path)} is not an IAM path; use \`/\` or \`/segment/.../\` (starting and ending with \`/\`)`);
    }
    return problems;
}

function tagProblems(args: Record<string, any>): string[] {
    const problems: string[] = [];
    for (const field of ["owner", "purpose"] as const) {
        const value = args[field];
        if (!isString(value)) continue;
        const refused = [...new Set([...value].filter((c) => !TAG_TEXT.test(c)))];
        if (refused.length) {
            problems.push(`\`${field}\`: AWS tags refuse ${refused.map((c) => q(c)).join(" ")}; use letters, digits, spaces and \`_ . : / = + - @\` only`);
        }
    }
    if (args.tags === undefined) return problems;
    if (!isPlainObject(args.tags)) return [...problems, "`tags`: must be a map of tag keys to string values"];
    const annotationKeys = new Set(Object.values(TAG_KEYS));
    const entries = Object.entries(args.tags);
    for (const [key, value] of entries) {
        const field = `tags[${q(key)}]`;
        const lower = key.trim().toLowerCase();
        if (lower.startsWith("nhi:")) {
            const from = annotationKeys.has(lower) ? `; the declaration sets it, change the declaration instead` : `; the \`nhi:\` prefix is reserved for governance annotations`;
            problems.push(`\`${field}\`: cannot be set here${from}`);
        } else if (lower.startsWith("aws:")) {
            problems.push(`\`${field}\`: the \`aws:\` prefix is reserved by AWS; rename the key`);
        } else if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
            problems.push(`\`${field}\`: is not a valid AWS tag key; use 1 to 128 letters, digits, spaces and \`_ . : / = + - @\``);
        } else if (!isString(value) || value.length > 256 || !TAG_TEXT.test(value)) {
            problems.push(`\`${field}\`: is not a valid AWS tag value; use a string of up to 256 letters, digits, spaces and \`_ . : / = + - @\``);
        }
    }
    const total = entries.length + Object.keys(TAG_KEYS).length;
    if (total > MAX_TAGS) problems.push(`\`tags\`: ${entries.length} tags plus the ${Object.keys(TAG_KEYS).length} annotations exceed AWS's limit of ${MAX_TAGS}; remove ${total - MAX_TAGS}`);
    return problems;
}
