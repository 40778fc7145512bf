/**
 * The deployment's view of a resource created in the same program: the outputs its provider would
 * return once `pulumi up` has created it (ARNs, ids, e-mails, member strings, principal ids,
 * autonamed physical names), computed offline and deterministically from the engine URN.
 *
 * Why: at `pulumi preview` every such output is unknown, so a trust policy built with
 * `pulumi.jsonStringify` around an OIDC provider's ARN is entirely unknown and every check on it
 * can only say "unverified". The deployment would know the value, and would block a bad document;
 * the gate models it so the document is analysed. Values are shaped as the provider shapes them
 * (the policies parse ARNs, members and resource ids) but are not the real ones: the report says
 * when a finding rests on them.
 *
 * Rules: inputs the provider echoes are echoed; an output that needs an input which is still
 * unknown stays unknown (absent from the state, which the SDK reads as unknown at preview);
 * secret outputs the provider mints (keys, passwords) stay unknown, never a fake credential.
 */
import { createHash } from "crypto";
import { AccountContext } from "./dataSources/accountContext";

/**
 * Where the program deploys to: the account context its data sources also answer from (so an ARN
 * built from `getCallerIdentity()` and a role's modelled ARN name the same account), plus the
 * GitHub owner (`github:owner` config).
 */
export interface DeploymentContext extends AccountContext {
    github: { owner: string };
    /** `aws:defaultTags.tags`: the AWS provider merges them into every resource's `tagsAll`. */
    awsDefaultTags?: Record<string, string>;
}

/** A map whose every value is known: the provider computes a merged map only from those. */
const knownMap = (v: unknown): v is Record<string, string> => !!v && typeof v === "object" && !Array.isArray(v) && Object.values(v).every(str);

/** `github:owner` when the stack sets it; a placeholder organisation otherwise. */
export const DEFAULT_GITHUB_OWNER = "example-org";

export interface DeployedResource {
    id: string;
    /** Inputs as the provider echoes them, plus the outputs it computes. */
    state: Record<string, unknown>;
}

type Inputs = Record<string, unknown>;
const str = (v: unknown): v is string => typeof v === "string";

// One SHA-256 per resource (its outputs are modelled together), so a 1,000-tool program pays
// for about 5,000 hashes, not one per output.
let seedUrn = "";
let seed = Buffer.alloc(32);
function seedOf(urn: string): Buffer {
    if (urn !== seedUrn) {
        seed = createHash("sha256").update(urn).digest();
        seedUrn = urn;
    }
    return seed;
}

/**
 * Deterministic bytes for one resource and one purpose: same URN, same value, run after run. The
 * purpose (FNV-1a) seeds a xorshift stream mixed with the URN's hash: distinct per output, cheap.
 */
function digest(urn: string, salt: string): Buffer {
    const s = seedOf(urn);
    let h = 0x811c9dc5;
    for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193);
    let x = (s.readUInt32LE(0) ^ h) >>> 0 || 1;
    const out = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        out[i] = (x ^ s[i]) & 0xff;
    }
    return out;
}
export const hex = (urn: string, salt: string, n: number) => digest(urn, salt).toString("hex").slice(0, n);
export function uuid(urn: string, salt: string): string {
    const h = digest(urn, salt).toString("hex");
    // Version 4 layout, as the clouds issue them.
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
function digits(urn: string, salt: string, n: number): string {
    const b = digest(urn, salt);
    let out = String(1 + (b[0] % 9));
    for (let i = 1; out.length < n; i++) out += String(b[i % b.length] % 10);
    return out;
}
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(urn: string, salt: string, n: number): string {
    const b = digest(urn, salt);
    let out = "";
    for (let i = 0; out.length < n; i++) out += BASE32[b[i % b.length] % 32];
    return out;
}

/** Pulumi's default autonaming: the logical name, a dash and 7 random lowercase hex characters. */
export const autoname = (name: string, urn: string) => `${name}-${hex(urn, "autoname", 7)}`;

/** `aws:iam/role:Role` -> module `iam`, resource `Role`. */
function tokenParts(type: string): { pkg: string; module: string; resource: string } {
    const [pkg, mod = "index", resource = ""] = type.split(":");
    return { pkg, module: mod.split("/")[0], resource };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

// ---------------------------------------------------------------- AWS

/** IAM paths are `/` unless given, and always start and end with `/`. */
const iamPath = (p: unknown) => (str(p) && p ? p : "/");

/** Physical name of an AWS resource: `name`, else `namePrefix` + 26 digits, else autonamed. */
function awsName(inputs: Inputs, name: string, urn: string, key = "name"): string | undefined {
    const given = inputs[key];
    if (given !== undefined) return str(given) ? given : undefined;
    const prefix = inputs[`${key}Prefix`];
    if (prefix !== undefined) return str(prefix) ? `${prefix}${digits(urn, "prefix", 26)}` : undefined;
    return autoname(name, urn);
}

/** Services whose ARN service differs from the module name of the type token. */
const AWS_SERVICE: Record<string, string> = { cloudwatch: "logs", ec2transitgateway: "ec2", cognito: "cognito-idp", bedrockmodel: "bedrock", ssoadmin: "sso" };

function awsResource(type: string, name: string, urn: string, inputs: Inputs, ctx: DeploymentContext): DeployedResource {
    const { module, resource } = tokenParts(type);
    const { accountId, region, partition } = ctx.aws;
    const iam = (kind: string, n: string | undefined, p: unknown = inputs.path) =>
        n === undefined || (p !== undefined && !str(p)) ? undefined : `arn:${partition}:iam::${accountId}:${kind}${iamPath(p)}${n}`;
    const out: Inputs = { ...inputs };
    const set = (k: string, v: unknown) => {
        if (v !== undefined) out[k] = v;
    };
    let id: string | undefined;
    // `tagsAll` is the provider's merge of its default tags and the resource's; a tag value that is
    // still unknown makes the whole map unknown, as the provider plans it.
    if ((inputs.tags === undefined || knownMap(inputs.tags)) && (inputs.tags !== undefined || ctx.awsDefaultTags)) {
        set("tagsAll", { ...(ctx.awsDefaultTags ?? {}), ...((inputs.tags as Record<string, string>) ?? {}) });
    }

    switch (type) {
        // IAM's opaque unique ids (AROA..., AIDA...) stay unknown: no policy parses them, and a
        // value made up for them would only look real where a program copies one into a tag.
        case "aws:iam/role:Role": {
            const n = awsName(inputs, name, urn);
            set("name", n);
            set("arn", iam("role", n));
            set("maxSessionDuration", inputs.maxSessionDuration ?? 3600);
            set("path", inputs.path ?? "/");
            id = n;
            break;
        }
        case "aws:iam/user:User": {
            const n = awsName(inputs, name, urn);
            set("name", n);
            set("arn", iam("user", n));
            set("path", inputs.path ?? "/");
            id = n;
            break;
        }
        case "aws:iam/group:Group": {
            const n = awsName(inputs, name, urn);
            set("name", n);
            set("arn", iam("group", n));
            id = n;
            break;
        }
        case "aws:iam/policy:Policy": {
            const n = awsName(inputs, name, urn);
            set("name", n);
            set("arn", iam("policy", n));
            set("path", inputs.path ?? "/");
            id = out.arn as string | undefined;
            break;
        }
        case "aws:iam/instanceProfile:InstanceProfile": {
            const n = awsName(inputs, name, urn);
            set("name", n);
            set("arn", iam("instance-profile", n));
            id = n;
            break;
        }
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
        case "aws:iam/samlProvider:SamlProvider": {
            if (type.endsWith("OpenIdConnectProvider")) {
                // The ARN names the issuer without its scheme: oidc-provider/token.actions.githubusercontent.com
                if (str(inputs.url)) set("arn", `arn:${partition}:iam::${accountId}:oidc-provider/${inputs.url.replace(/^https?:\/\//, "")}`);
            } else {
                const n = awsName(inputs, name, urn);
                if (n) set("arn", `arn:${partition}:iam::${accountId}:saml-provider/${n}`);
            }
            id = out.arn as string | undefined;
            break;
        }
        case "aws:iam/rolePolicy:RolePolicy":
        case "aws:iam/userPolicy:UserPolicy":
        case "aws:iam/groupPolicy:GroupPolicy": {
            const owner = inputs.role ?? inputs.user ?? inputs.group;
            const n = awsName(inputs, name, urn);
            set("name", n);
            if (str(owner) && n) id = `${owner}:${n}`;
            break;
        }
        case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
        case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
        case "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": {
            const owner = inputs.role ?? inputs.user ?? inputs.group;
            if (str(owner)) id = `${owner}-${digits(urn, "attachment", 26)}`;
            break;
        }
        case "aws:iam/accessKey:AccessKey":
            // The key id and secret are credentials the cloud mints: unknown, never a fake key.
            set("status", inputs.status ?? "Active");
            return { id: "", state: out };
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2": {
            const n = awsName(inputs, name, urn, "bucket");
            set("bucket", n);
            if (n) {
                set("arn", `arn:${partition}:s3:::${n}`);
                set("bucketDomainName", `${n}.s3.amazonaws.com`);
                set("region", region);
            }
            id = n;
            break;
        }
        case "aws:lambda/function:Function": {
            const n = awsName(inputs, name, urn);
            set("name", n);
            if (n) {
                set("arn", `arn:${partition}:lambda:${region}:${accountId}:function:${n}`);
                set("invokeArn", `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${out.arn}/invocations`);
                set("qualifiedArn", `${out.arn}:$LATEST`);
            }
            id = n;
            break;
        }
        case "aws:secretsmanager/secret:Secret": {
            const n = awsName(inputs, name, urn);
            set("name", n);
            // Secrets Manager appends a dash and six random characters to the secret's ARN.
            if (n) set("arn", `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${n}-${base32(urn, "secret", 6)}`);
            id = out.arn as string | undefined;
            break;
        }
        case "aws:sns/topic:Topic":
        case "aws:sqs/queue:Queue": {
            const n = awsName(inputs, name, urn);
            set("name", n);
            if (n) set("arn", `arn:${partition}:${module}:${region}:${accountId}:${n}`);
            id = module === "sqs" && n ? `https://sqs.${region}.amazonaws.com/${accountId}/${n}` : (out.arn as string | undefined);
            if (module === "sqs") set("url", id);
            break;
        }
        case "aws:kms/key:Key": {
            const keyId = uuid(urn, "kms");
            set("keyId", keyId);
            set("arn", `arn:${partition}:kms:${region}:${accountId}:key/${keyId}`);
            id = keyId;
            break;
        }
        case "aws:ssm/parameter:Parameter": {
            const n = awsName(inputs, name, urn);
            set("name", n);
            if (n) set("arn", `arn:${partition}:ssm:${region}:${accountId}:parameter${n.startsWith("/") ? "" : "/"}${n}`);
            id = n;
            break;
        }
        case "aws:cloudwatch/logGroup:LogGroup": {
            const n = awsName(inputs, name, urn);
            set("name", n);
            if (n) set("arn", `arn:${partition}:logs:${region}:${accountId}:log-group:${n}`);
            id = n;
            break;
        }
        default: {
            // Any other AWS resource: a name where it has one, and the generic ARN layout with the
            // service taken from the type token's module (`aws:dynamodb/table:Table` -> dynamodb).
            // Whether the type has a `name` at all is in its schema, not here: only a given name is echoed.
            const n = inputs.name === undefined ? autoname(name, urn) : str(inputs.name) ? inputs.name : undefined;
            const service = AWS_SERVICE[module] ?? module;
            if (n) set("arn", `arn:${partition}:${service}:${region}:${accountId}:${kebab(resource)}/${n}`);
            id = (inputs.name !== undefined ? n : undefined) ?? `${kebab(resource)}-${hex(urn, "id", 17)}`;
        }
    }
    return { id: id ?? "", state: out };
}

// ---------------------------------------------------------------- GCP

function gcpResource(type: string, name: string, urn: string, inputs: Inputs, ctx: DeploymentContext): DeployedResource {
    const out: Inputs = { ...inputs };
    const set = (k: string, v: unknown) => {
        if (v !== undefined) out[k] = v;
    };
    const project = inputs.project === undefined ? ctx.gcp.project : str(inputs.project) ? inputs.project : undefined;
    if (project !== undefined && inputs.project === undefined) set("project", project);
    const number = ctx.gcp.projectNumber;
    if (knownMap(inputs.labels)) {
        set("effectiveLabels", inputs.labels);
        set("pulumiLabels", inputs.labels);
    }
    const lower = type.toLowerCase();
    let id: string | undefined;

    if (lower === "gcp:serviceaccount/account:account") {
        const accountId = inputs.accountId;
        if (str(accountId) && project) {
            const email = `${accountId}@${project}.iam.gserviceaccount.com`;
            set("email", email);
            set("member", `serviceAccount:${email}`);
            set("name", `projects/${project}/serviceAccounts/${email}`);
            id = out.name as string;
        }
        set("uniqueId", digits(urn, "unique", 21));
    } else if (lower === "gcp:iam/workloadidentitypool:workloadidentitypool") {
        const pool = inputs.workloadIdentityPoolId;
        if (str(pool)) {
            // `name` carries the project number, the id the project id, as the provider returns them.
            set("name", `projects/${number}/locations/global/workloadIdentityPools/${pool}`);
            if (project) id = `projects/${project}/locations/global/workloadIdentityPools/${pool}`;
        }
        set("state", "ACTIVE");
    } else if (lower === "gcp:iam/workloadidentitypoolprovider:workloadidentitypoolprovider") {
        const pool = inputs.workloadIdentityPoolId;
        const provider = inputs.workloadIdentityPoolProviderId;
        if (str(pool) && str(provider)) {
            set("name", `projects/${number}/locations/global/workloadIdentityPools/${pool}/providers/${provider}`);
            if (project) id = `projects/${project}/locations/global/workloadIdentityPools/${pool}/providers/${provider}`;
        }
        set("state", "ACTIVE");
    } else if (lower === "gcp:serviceaccount/key:key") {
        // The private key is a credential the cloud mints: unknown.
        const sa = inputs.serviceAccountId;
        if (str(sa)) id = `${sa.startsWith("projects/") ? sa : `projects/${project}/serviceAccounts/${sa}`}/keys/${hex(urn, "key", 40)}`;
        set("name", id);
    } else if (lower === "gcp:secretmanager/secret:secret") {
        if (str(inputs.secretId)) {
            set("name", `projects/${number}/secrets/${inputs.secretId}`);
            if (project) id = `projects/${project}/secrets/${inputs.secretId}`;
        }
    } else if (lower === "gcp:secretmanager/secretversion:secretversion") {
        if (str(inputs.secret)) {
            set("name", `${inputs.secret.replace(/^projects\/[^/]+/, `projects/${number}`)}/versions/1`);
            id = out.name as string;
        }
        set("version", "1");
    } else if (lower === "gcp:pubsub/topic:topic" || lower === "gcp:storage/bucket:bucket") {
        const n = inputs.name === undefined ? autoname(name, urn) : str(inputs.name) ? inputs.name : undefined;
        set("name", n);
        if (n && lower.includes("pubsub") && project) id = `projects/${project}/topics/${n}`;
        if (n && lower.includes("storage")) {
            id = n;
            set("url", `gs://${n}`);
            set("selfLink", `https://www.googleapis.com/storage/v1/b/${n}`);
        }
    } else if (/iam(member|binding)$/.test(lower)) {
        // IAM members and bindings: id `<resource>/<role>[/<member>]`, plus the policy etag.
        const target = [inputs.project, inputs.serviceAccountId, inputs.secretId, inputs.bucket, inputs.topic, inputs.folder, inputs.orgId].find(str) ?? project;
        const who = str(inputs.member) ? `/${inputs.member}` : "";
        if (str(target) && str(inputs.role)) id = `${target}/${inputs.role}${who}`;
        set("etag", `BwX${base32(urn, "etag", 9)}`);
    } else {
        const { resource } = tokenParts(type);
        const n = str(inputs.name) ? inputs.name : inputs.name === undefined ? autoname(name, urn) : undefined;
        if (n && project) id = `projects/${project}/${lowerFirst(resource)}s/${n}`;
    }
    return { id: id ?? `${name}-${hex(urn, "id", 10)}`, state: out };
}

// ---------------------------------------------------------------- Azure

/**
 * Inputs that hold the physical name where it is not `<type>Name`; a child such as a federated
 * credential takes `resourceName` for its parent identity, so it must not fall back to it.
 */
const AZURE_NAME_KEYS: Record<string, string[]> = {
    "azure-native:managedidentity:FederatedIdentityCredential": ["federatedIdentityCredentialResourceName"],
    "azure-native:managedidentity:UserAssignedIdentity": ["resourceName"],
};

/** azure-native names a resource by its `<type>Name` input (`vaultName`, `roleAssignmentName`, ...). */
function azureName(type: string, inputs: Inputs, name: string, urn: string): string | undefined {
    const { resource } = tokenParts(type);
    for (const key of AZURE_NAME_KEYS[type] ?? [`${lowerFirst(resource)}Name`, "resourceName", "name"]) {
        if (inputs[key] !== undefined) return str(inputs[key]) ? (inputs[key] as string) : undefined;
    }
    return autoname(name, urn);
}

const AZURE_NAMESPACE: Record<string, string> = {
    managedidentity: "Microsoft.ManagedIdentity",
    keyvault: "Microsoft.KeyVault",
    authorization: "Microsoft.Authorization",
    storage: "Microsoft.Storage",
    web: "Microsoft.Web",
    containerservice: "Microsoft.ContainerService",
    cognitiveservices: "Microsoft.CognitiveServices",
    app: "Microsoft.App",
};

function azureResource(type: string, name: string, urn: string, inputs: Inputs, ctx: DeploymentContext): DeployedResource {
    const out: Inputs = { ...inputs };
    const set = (k: string, v: unknown) => {
        if (v !== undefined) out[k] = v;
    };
    const { module, resource } = tokenParts(type);
    const sub = ctx.azure.subscriptionId;
    const n = azureName(type, inputs, name, urn);
    if (n) set("name", n);
    const rg = inputs.resourceGroupName;
    const group = str(rg) ? `/subscriptions/${sub}/resourceGroups/${rg}` : undefined;
    const namespace = AZURE_NAMESPACE[module] ?? `Microsoft.${module.charAt(0).toUpperCase()}${module.slice(1)}`;
    let id: string | undefined;

    switch (type) {
        case "azure-native:resources:ResourceGroup":
            if (n) id = `/subscriptions/${sub}/resourceGroups/${n}`;
            break;
        case "azure-native:managedidentity:UserAssignedIdentity":
            if (group && n) id = `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${n}`;
            set("principalId", uuid(urn, "principal"));
            set("clientId", uuid(urn, "client"));
            set("tenantId", ctx.azure.tenantId);
            set("type", "Microsoft.ManagedIdentity/userAssignedIdentities");
            break;
        case "azure-native:managedidentity:FederatedIdentityCredential":
            if (group && n && str(inputs.resourceName))
                id = `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${inputs.resourceName}/federatedIdentityCredentials/${n}`;
            break;
        case "azure-native:authorization:RoleAssignment": {
            const assignment = inputs.roleAssignmentName === undefined ? uuid(urn, "assignment") : str(inputs.roleAssignmentName) ? inputs.roleAssignmentName : undefined;
            set("name", assignment);
            if (assignment && str(inputs.scope)) id = `${inputs.scope}/providers/Microsoft.Authorization/roleAssignments/${assignment}`;
            break;
        }
        case "azure-native:keyvault:Vault":
            if (group && n) id = `${group}/providers/Microsoft.KeyVault/vaults/${n}`;
            if (n && inputs.properties && typeof inputs.properties === "object") set("properties", { ...(inputs.properties as object), vaultUri: `https://${n}.vault.azure.net/` });
            break;
        case "azure-native:keyvault:Secret":
        case "azure-native:keyvault:Key":
            if (group && n && str(inputs.vaultName)) id = `${group}/providers/Microsoft.KeyVault/vaults/${inputs.vaultName}/${lowerFirst(resource)}s/${n}`;
            break;
        default:
            if (group && n) id = `${group}/providers/${namespace}/${lowerFirst(resource)}s/${n}`;
    }
    return { id: id ?? `${name}-${hex(urn, "id", 10)}`, state: out };
}

function azureadResource(type: string, name: string, urn: string, inputs: Inputs, ctx: DeploymentContext): DeployedResource {
    const out: Inputs = { ...inputs };
    const objectId = uuid(urn, "object");
    const { resource } = tokenParts(type);
    let id = objectId;
    if (type === "azuread:index/application:Application" || type === "azuread:index/applicationRegistration:ApplicationRegistration") {
        Object.assign(out, { objectId, clientId: uuid(urn, "client"), applicationId: uuid(urn, "client") });
        id = `/applications/${objectId}`;
    } else if (type === "azuread:index/servicePrincipal:ServicePrincipal") {
        Object.assign(out, { objectId, applicationTenantId: ctx.azure.tenantId });
        id = `/servicePrincipals/${objectId}`;
    } else if (/Password|Certificate/.test(resource)) {
        // The password value is a credential the cloud mints: unknown.
        out.keyId = uuid(urn, "key");
        id = `${inputs.applicationId ?? inputs.servicePrincipalId ?? ""}/${lowerFirst(resource)}/${out.keyId}`;
    } else {
        out.objectId = objectId;
    }
    return { id, state: out };
}

// ---------------------------------------------------------------- GitHub

function githubResource(type: string, name: string, urn: string, inputs: Inputs, ctx: DeploymentContext): DeployedResource {
    const out: Inputs = { ...inputs };
    let id: string | undefined;
    if (type === "github:index/repository:Repository") {
        const n = str(inputs.name) ? inputs.name : undefined;
        if (n) {
            Object.assign(out, {
                fullName: `${ctx.github.owner}/${n}`,
                htmlUrl: `https://github.com/${ctx.github.owner}/${n}`,
                gitCloneUrl: `git://github.com/${ctx.github.owner}/${n}.git`,
                httpCloneUrl: `https://github.com/${ctx.github.owner}/${n}.git`,
            });
            id = n;
        }
        out.repoId = Number(digits(urn, "repo", 9));
        out.nodeId = `R_kgDO${base32(urn, "node", 8)}`;
    } else if (type === "github:index/repositoryEnvironment:RepositoryEnvironment") {
        if (str(inputs.repository) && str(inputs.environment)) id = `${inputs.repository}:${inputs.environment}`;
    } else if (type === "github:index/team:Team") {
        out.slug = str(inputs.name) ? inputs.name.toLowerCase().replace(/[^a-z0-9]+/g, "-") : undefined;
        out.nodeId = `T_kwDO${base32(urn, "node", 8)}`;
        id = digits(urn, "team", 7);
    } else if (type === "github:index/repositoryRuleset:RepositoryRuleset") {
        out.rulesetId = Number(digits(urn, "ruleset", 7));
        id = String(out.rulesetId);
    }
    return { id: id ?? `${name}-${hex(urn, "id", 10)}`, state: out };
}

/**
 * The outputs a custom resource would have after `pulumi up`, for the mocks' `newResource`.
 * Providers get the UUID id the engine gives them.
 */
export function deployedResource(type: string, name: string, urn: string, inputs: Inputs, ctx: DeploymentContext): DeployedResource {
    if (type.startsWith("pulumi:providers:")) return { id: uuid(urn, "provider"), state: inputs };
    const pkg = type.split(":")[0];
    if (pkg === "aws") return awsResource(type, name, urn, inputs, ctx);
    if (pkg === "gcp") return gcpResource(type, name, urn, inputs, ctx);
    if (pkg === "azure-native") return azureResource(type, name, urn, inputs, ctx);
    if (pkg === "azuread") return azureadResource(type, name, urn, inputs, ctx);
    if (pkg === "github") return githubResource(type, name, urn, inputs, ctx);
    // Another package: its outputs beyond the echoed inputs are unknown, but it exists, so it has an id.
    return { id: `${name}-${hex(urn, "id", 10)}`, state: inputs };
}
