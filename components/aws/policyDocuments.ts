/**
 * The IAM documents an AI tool's role is made of. Every Allow carries `DateLessThan aws:CurrentTime`
 * so access ends by itself at the declared date even when nobody runs `pulumi up` again: the date is
 * enforced by IAM, not by a later deployment.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { formatInstant, parseContractDate } from "../../contract/dates";
import { Declaration, Grant, grantEnd } from "../../contract/declaration";
import { statementId } from "../shared/naming";
import { GithubIds, subjectFor } from "../shared/githubIds";
import { GITHUB_OIDC_HOST, STS_AUDIENCE, githubSubject } from "./oidc";

type PolicyDocument = aws.types.input.iam.PolicyDocument;
type PolicyStatement = aws.types.input.iam.PolicyStatement;

// Public through ./oidc.ts (whose declarations do not import @pulumi/aws); kept here for existing importers.
export { GITHUB_OIDC_HOST, STS_AUDIENCE, githubSubject };

/** The instant the identity ends, as IAM conditions write it. */
export function expiryInstant(declaration: Pick<Declaration, "expiresAt">): string {
    return formatInstant(parseContractDate(declaration.expiresAt)!);
}

/** The name a grant goes by in child names and its policy's name: its own, or `grant-<index>`. */
export function grantName(grant: Pick<Grant, "name">, index: number): string {
    return grant.name ?? `grant-${index}`;
}

function until(instant: string): Record<string, any> {
    return { DateLessThan: { "aws:CurrentTime": instant } };
}

export interface TrustOptions {
    /** Required for `trust.githubActions`: the account's GitHub OIDC provider. */
    githubOidcProviderArn?: string;
    /** For `trust.service`: the only account whose resources may pass the role to the service. */
    serviceSourceAccount?: string;
    /** For `trust.githubActions`: the owner's and repository's IDs, for the immutable subject. */
    githubIds?: GithubIds;
}

/**
 * Trust pinned to exactly one subject, and itself ending at the expiry: after it, nobody can even
 * assume the role, whatever grants it still holds.
 */
export function trustPolicy(declaration: Declaration, options: TrustOptions): PolicyDocument {
    const { trust } = declaration;
    const notAfter = until(expiryInstant(declaration));
    let statement: PolicyStatement;
    if (trust.githubActions) {
        statement = {
            Sid: "GithubActionsEnvironment",
            Effect: "Allow",
            Principal: { Federated: options.githubOidcProviderArn! },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE,
                    // The immutable subject when the repository's IDs are given (see components/shared/githubIds.ts).
                    [`${GITHUB_OIDC_HOST}:sub`]: subjectFor(trust.githubActions.repository, trust.githubActions.environment, options.githubIds),
                },
                ...notAfter,
            },
        };
    } else if (trust.service) {
        statement = {
            Sid: "Service",
            Effect: "Allow",
            Principal: { Service: trust.service },
            Action: "sts:AssumeRole",
            Condition: options.serviceSourceAccount ? { StringEquals: { "aws:SourceAccount": options.serviceSourceAccount }, ...notAfter } : notAfter,
        };
    } else {
        statement = {
            Sid: "Identity",
            Effect: "Allow",
            Principal: { AWS: trust.identity! },
            Action: "sts:AssumeRole",
            Condition: notAfter,
        };
    }
    return { Version: "2012-10-17", Statement: [statement] };
}

/** One grant's inline policy, ending at its own `until` or the identity's expiry, whichever is first. */
export function grantPolicy(declaration: Declaration, grant: Grant, index: number): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: statementId(grantName(grant, index)),
                Effect: "Allow",
                Action: grant.actions!,
                Resource: grant.resources!,
                Condition: until(formatInstant(grantEnd(declaration, grant))),
            },
        ],
    };
}

/**
 * Lets the tool read its own secrets, until the expiry. The ARNs are known only after the secrets
 * exist, so the document is an object (not a JSON string): at preview only `Resource` is unknown
 * and the date condition can still be checked.
 */
export function secretReadPolicy(declaration: Declaration, secretArns: pulumi.Input<string>[]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadOwnSecrets",
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: secretArns,
                Condition: until(expiryInstant(declaration)),
            },
        ],
    };
}

/**
 * The permissions boundary for AWS-managed policies, which cannot carry a condition of their own:
 * it caps everything the role can do, whatever is attached, at the expiry. It grants nothing by
 * itself (a boundary only limits), hence the unrestricted action.
 */
export function expiryBoundaryPolicy(declaration: Declaration): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "UntilExpiry", Effect: "Allow", Action: "*", Resource: "*", Condition: until(expiryInstant(declaration)) }],
    };
}
