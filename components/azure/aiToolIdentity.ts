import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { Annotations, toTags, toText } from "../../contract/annotations";
import { AZURE_TOKEN_EXCHANGE_AUDIENCE, GITHUB_ISSUER } from "../../contract/azure/federation";
import { formatInstant, parseContractDate } from "../../contract/dates";
import { Declaration, DEFAULT_MAX_CREDENTIAL_DAYS, DEFAULT_MAX_ROTATION_DAYS, Grant } from "../../contract/declaration";
import { childName, withPreviousType } from "../shared/naming";
import { AiToolDeclaration, GithubActionsTrust } from "../shared/types";
import { validateComponentArgs } from "../shared/validation";
import { githubIdsOf, subjectFor } from "../shared/githubIds";
import { credentialEnd, epochSeconds, rotationWindowStart } from "./rotation";
import {
    AZURE_ARG_KEYS,
    azureProblems,
    DEFAULT_KEY_ROTATION_DAYS,
    DEFAULT_PASSWORD_ROTATION_DAYS,
    endedGrantIndexes,
    KEY_MIN_EXPIRY_DAYS,
    KEY_ROTATE_BEFORE_EXPIRY_DAYS,
    resolveRole,
} from "./validation";

/** Who may act as the identity: exactly one of `githubActions` or `service`. */
export interface AzureTrust {
    /** A GitHub Actions job in one environment of one repository: a federated credential with subject `repo:<repository>:environment:<environment>`. Default: none. */
    githubActions?: GithubActionsTrust;
    /**
     * The Azure service that runs the tool (e.g. `containerapps.azure.com`), recorded in the
     * declaration. No federated credential is created: attach the managed identity to that service. Default: none.
     */
    service?: string;
}

/** One Azure role at one scope. */
export interface AzureGrant {
    /** A short slug for the grant, used in child names and in `eligibleGrants`. Default: its index. */
    name?: string;
    /** A built-in role name (`Reader`, `Storage Blob Data Reader`), its GUID, or a role definition ID. Required. */
    role: string;
    /** The ARM scope: `/subscriptions/<id>/resourceGroups/<name>` or a resource ID. Admin roles at a subscription or above are refused. Required. */
    scope: string;
    /** When this grant ends, if earlier than `expiresAt` (UTC `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`). Once past, the grant is not created. Default: `expiresAt`. */
    until?: string;
}

/** A Key Vault secret the tool reads (a vendor API key). */
export interface AzureSecret {
    /** The secret's name in the vault: letters, digits and `-`. Required. */
    name: string;
    /** Days between rotations: the secret expires at the end of each window of this length. Default: 30. */
    rotationDays?: number;
    /** What the secret holds, never the value; stored as its content type. Default: none. */
    description?: string;
}

/** A Key Vault key that Key Vault rotates by itself. */
export interface AzureKey {
    /** The key's name in the vault: letters, digits and `-`. Required. */
    name: string;
    /** Days after creation at which Key Vault makes a new version (7 to 365). Default: 30. */
    rotationDays?: number;
}

/** Where the secrets and keys are stored. */
export interface AzureKeyVault {
    /** The vault's name. Required. */
    vaultName: pulumi.Input<string>;
    /** The vault's resource group. Default: `resourceGroupName`. */
    resourceGroupName?: pulumi.Input<string>;
}

/**
 * An Entra application, for a tool that supports only client credentials. It replaces the managed
 * identity: the application's service principal receives the grants, and its password is the
 * credential, bounded and rotated.
 */
export interface AzureEntraApplication {
    /** Object IDs (GUIDs) of the users or groups who own the application. Required. */
    ownerObjectIds: string[];
    /** The application's display name. Default: `<tool>-<component name>`. */
    displayName?: string;
    /** The longest a password lives, in days (1 to 90). Default: 90. */
    credentialDays?: number;
    /** Days between new passwords (1 to `credentialDays`); the previous one stays valid until the new one exists. Default: 30. */
    rotationDays?: number;
}

/**
 * The arguments of `nhi-guard:index:AzureAiToolIdentity`: the shared declaration, then Azure's own.
 *
 * Declaration fields are plain values, never Outputs: a value unknown at preview would turn the
 * policy pack's mandatory checks into advisory ones without anybody noticing.
 */
export interface AzureAiToolIdentityArgs {
    /** The AI tool (`claude-code`, `copilot-agent`, ...): a lower-case slug. Required. */
    tool: string;
    /** The accountable owner: a team slug (`platform-team`) or an e-mail address. Required. */
    owner: string;
    /** Why the tool has this identity, in one sentence (at most 256 characters, an Azure tag value). Required. */
    purpose: string;
    /** When the identity and every grant end: UTC `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`, within `nhi-guard:maxLifetimeDays` (default 365). Required. */
    expiresAt: string;
    /** The declared access level: one of `read`, `write` or `admin`. A `read` tool may hold reader roles only. Required. */
    access: string;
    /** Who may act as the identity: exactly one subject. Required. */
    trust: AzureTrust;
    /** The access granted, one role assignment each. Default: none. */
    grants?: AzureGrant[];
    /** Secrets the tool reads, stored in `keyVault` with an expiry. Default: none. */
    secrets?: AzureSecret[];
    /** Part of the shared declaration; Azure does not let a managed identity's token lifetime be configured, so it is recorded only. Default: 3600. */
    maxSessionSeconds?: number;

    /** The resource group of the managed identity (and of `keyVault` unless it names its own). Required unless `entraApplication` is set. */
    resourceGroupName?: pulumi.Input<string>;
    /** The managed identity's location. Default: the resource group's. */
    location?: pulumi.Input<string>;
    /** The managed identity's name. Default: generated from the component's name. */
    identityName?: string;
    /**
     * Names of grants to make PIM-eligible instead of active: a `PimRoleEligibilitySchedule` that
     * ends with the grant, which someone must activate before use. Default: none.
     */
    eligibleGrants?: string[];
    /** The Key Vault for `secrets` and `keys`. Required with either. */
    keyVault?: AzureKeyVault;
    /** The value of each declared secret, by name; stored as a Pulumi secret. Required for every entry of `secrets`. */
    secretValues?: Record<string, pulumi.Input<string>>;
    /** Key Vault keys with a rotation policy. Default: none. */
    keys?: AzureKey[];
    /** Use an Entra application with a bounded, rotated password instead of a managed identity. Default: none (managed identity). */
    entraApplication?: AzureEntraApplication;
    /** More tags for the managed identity, secrets and keys; `nhi:` keys are refused. Default: none. */
    tags?: Record<string, string>;
}

/**
 * An AI tool as an owned, expiring Azure workload identity: a user-assigned managed identity
 * carrying the governance annotations, trusted by exactly one GitHub environment through a
 * federated credential (no client secret), and one role assignment per grant that says when it
 * ends. Azure has no time-bound active role assignment, so a grant whose `until` has passed is not
 * created: a scheduled `pulumi up` (Pulumi Deployments schedules, or a CI cron) removes it.
 */
export class AzureAiToolIdentity extends pulumi.ComponentResource {
    /** The type token, as the multi-language package serves it (`provider/`), so a URN is the same from every language. */
    static readonly TYPE = "nhi-guard:index:AzureAiToolIdentity";
    /** The token before the package existed; an alias, so stacks deployed with it keep their resources. */
    static readonly PREVIOUS_TYPE = "nhi-guard:azure:AiToolIdentity";

    /** The client (application) ID the tool authenticates as. */
    public readonly clientId: pulumi.Output<string>;
    /** The principal (object) ID that holds the grants; resolves once every grant exists. */
    public readonly principalId: pulumi.Output<string>;
    /** The managed identity's resource ID, to attach it to a service; undefined with `entraApplication`. */
    public readonly identityResourceId: pulumi.Output<string | undefined>;
    /** The validated declaration, with defaults applied. */
    public readonly declaration: AiToolDeclaration;
    /** When the identity ends, as declared. */
    public readonly expiresAt: string;

    constructor(name: string, args: AzureAiToolIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super(AzureAiToolIdentity.TYPE, name, {}, withPreviousType(AzureAiToolIdentity.PREVIOUS_TYPE, opts));
        const now = new Date();
        // A grant past its `until` is dropped, not refused: that is how a scheduled update ends it.
        const ended = endedGrantIndexes((args as any)?.grants, now);
        const checked = ended.size
            ? { ...args, grants: args.grants!.map((g, i) => (ended.has(i) ? { ...g, until: undefined } : g)) }
            : args;
        const { declaration } = validateComponentArgs(this, name, checked, { cloudKeys: AZURE_ARG_KEYS, cloudProblems: azureProblems, now });
        const active = declaration.grants.filter((_, i) => !ended.has(i));
        for (const i of ended) pulumi.log.info(`grant ${args.grants![i].name ?? i} ended at ${args.grants![i].until}; it is not created`, this);

        const parent = { parent: this };
        const expiry = parseContractDate(declaration.expiresAt)!;
        const annotations: Annotations = { owner: declaration.owner, expiresAt: declaration.expiresAt, purpose: declaration.purpose, tool: declaration.tool, access: declaration.access };
        const tags = { ...args.tags, ...toTags(annotations) };
        const github = declaration.trust.githubActions;
        // The immutable subject when the repository's IDs are given: Entra compares `subject` exactly.
        const subject = github ? subjectFor(github.repository, github.environment, githubIdsOf(args.trust)) : undefined;

        let principal: { clientId: pulumi.Output<string>; principalId: pulumi.Output<string>; resourceId: pulumi.Output<string | undefined> };
        if (args.entraApplication) {
            const app = args.entraApplication;
            const text = toText(annotations);
            const application = new azuread.Application(childName(name, "app"), {
                displayName: app.displayName ?? `${declaration.tool}-${name}`,
                owners: app.ownerObjectIds,
                notes: text,
                description: declaration.purpose,
            }, parent);
            const servicePrincipal = new azuread.ServicePrincipal(childName(name, "sp"), {
                clientId: application.clientId,
                owners: app.ownerObjectIds,
                notes: text,
                description: declaration.purpose,
            }, parent);
            const rotationDays = app.rotationDays ?? Math.min(DEFAULT_PASSWORD_ROTATION_DAYS, app.credentialDays ?? DEFAULT_MAX_CREDENTIAL_DAYS);
            const window = rotationWindowStart(now, rotationDays);
            // Every input of a password forces a new one, so all of them stay fixed within a window;
            // the default create-before-delete keeps the old password valid until the new one exists.
            new azuread.ApplicationPassword(childName(name, "password"), {
                applicationId: application.id,
                displayName: `rotation window ${formatInstant(window)}`,
                endDate: formatInstant(credentialEnd(now, rotationDays, app.credentialDays ?? DEFAULT_MAX_CREDENTIAL_DAYS, expiry)),
                rotateWhenChanged: { rotationWindow: formatInstant(window) },
            }, parent);
            if (subject) {
                new azuread.ApplicationFederatedIdentityCredential(childName(name, "github"), {
                    applicationId: application.id,
                    displayName: childName(name, "github"),
                    description: `GitHub Actions environment ${github!.environment} of ${github!.repository}`,
                    issuer: GITHUB_ISSUER,
                    subject,
                    audiences: [AZURE_TOKEN_EXCHANGE_AUDIENCE],
                }, parent);
            }
            principal = { clientId: application.clientId, principalId: servicePrincipal.objectId, resourceId: pulumi.output(undefined) };
        } else {
            const identity = new managedidentity.UserAssignedIdentity(childName(name, "identity"), {
                resourceGroupName: args.resourceGroupName!,
                resourceName: args.identityName,
                location: args.location,
                tags,
            }, parent);
            if (subject) {
                new managedidentity.FederatedIdentityCredential(childName(name, "github"), {
                    resourceGroupName: args.resourceGroupName!,
                    resourceName: identity.name,
                    federatedIdentityCredentialResourceName: "github",
                    issuer: GITHUB_ISSUER,
                    subject,
                    audiences: [AZURE_TOKEN_EXCHANGE_AUDIENCE],
                }, parent);
            }
            principal = { clientId: identity.clientId, principalId: identity.principalId, resourceId: identity.id };
        }

        const eligible = new Set(args.eligibleGrants ?? []);
        const grants = active.map((grant) => {
            const i = declaration.grants.indexOf(grant);
            const role = resolveRole(grant.role!, grant.scope!)!;
            const end = grantEndText(declaration, grant);
            const description = toText({ expiresAt: end, owner: declaration.owner, tool: declaration.tool });
            if (grant.name && eligible.has(grant.name)) {
                return new authorization.PimRoleEligibilitySchedule(childName(name, "eligible", grant.name), {
                    principalId: principal.principalId,
                    roleDefinitionId: role.roleDefinitionId,
                    scope: grant.scope!,
                    justification: description,
                    scheduleInfo: { expiration: { type: "AfterDateTime", endDateTime: formatInstant(parseContractDate(end)!) } },
                }, parent);
            }
            return new authorization.RoleAssignment(childName(name, "grant", grant.name ?? i), {
                principalId: principal.principalId,
                principalType: "ServicePrincipal",
                roleDefinitionId: role.roleDefinitionId,
                scope: grant.scope!,
                description,
            }, parent);
        });

        const vault = args.keyVault;
        const secretValues = args.secretValues ?? {};
        for (const secret of declaration.secrets) {
            const rotationDays = secret.rotationDays ?? DEFAULT_MAX_ROTATION_DAYS;
            new keyvault.Secret(childName(name, "secret", secret.name), {
                resourceGroupName: vault!.resourceGroupName ?? args.resourceGroupName!,
                vaultName: vault!.vaultName,
                secretName: secret.name,
                properties: {
                    // azure-native marks no output secret by itself: wrap the value and list the property.
                    value: pulumi.secret(secretValues[secret.name]),
                    contentType: secret.description,
                    // Key Vault cannot rotate an arbitrary vendor key; it can stop serving a stale one.
                    attributes: { enabled: true, expires: epochSeconds(credentialEnd(now, rotationDays, rotationDays, expiry)) },
                },
                tags,
            }, { ...parent, additionalSecretOutputs: ["properties"] });
        }
        for (const key of args.keys ?? []) {
            const rotationDays = key.rotationDays ?? DEFAULT_KEY_ROTATION_DAYS;
            const expiryDays = Math.max(KEY_MIN_EXPIRY_DAYS, rotationDays + KEY_ROTATE_BEFORE_EXPIRY_DAYS);
            new keyvault.Key(childName(name, "key", key.name), {
                resourceGroupName: vault!.resourceGroupName ?? args.resourceGroupName!,
                vaultName: vault!.vaultName,
                keyName: key.name,
                properties: {
                    kty: "RSA",
                    keySize: 3072,
                    rotationPolicy: {
                        attributes: { expiryTime: `P${expiryDays}D` },
                        lifetimeActions: [
                            { trigger: { timeAfterCreate: `P${rotationDays}D` }, action: { type: "rotate" } },
                            { trigger: { timeBeforeExpiry: `P${KEY_ROTATE_BEFORE_EXPIRY_DAYS}D` }, action: { type: "notify" } },
                        ],
                    },
                },
                tags,
            }, parent);
        }

        this.declaration = declaration;
        this.expiresAt = declaration.expiresAt;
        this.clientId = principal.clientId;
        this.principalId = pulumi.all([principal.principalId, ...grants.map((g) => g.id)]).apply(([id]) => id as string);
        this.identityResourceId = principal.resourceId;
        this.registerOutputs({
            clientId: this.clientId,
            principalId: this.principalId,
            identityResourceId: this.identityResourceId,
            declaration: this.declaration,
            expiresAt: this.expiresAt,
        });
    }
}

/** The grant's end as written: its own `until` when earlier than the identity's expiry. */
function grantEndText(declaration: Declaration, grant: Grant): string {
    const until = grant.until ? parseContractDate(grant.until) : undefined;
    return until && until.getTime() < parseContractDate(declaration.expiresAt)!.getTime() ? grant.until! : declaration.expiresAt;
}
