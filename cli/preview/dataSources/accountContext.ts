/**
 * The account the offline preview pretends to run in: one deterministic AWS account, Azure
 * subscription and GCP project, so that every data source and every resource output that embeds an
 * account (ARNs, resource ids, member strings) agrees with every other one in the same run.
 *
 * The values come from stack config where it says (`aws:region`, `aws:allowedAccountIds`,
 * `azure-native:subscriptionId`, `azure-native:tenantId`, `azure-native:clientId`, `gcp:project`,
 * `gcp:region`, `gcp:zone`), then from the user's data-source overrides (`--data-source TOKEN=FILE`,
 * see ./overrides.ts), and otherwise are the documented defaults below: well-formed, but obviously
 * not a real account, so nobody mistakes a preview ARN for a deployed one.
 */

/** Results the user supplied for a data source, keyed by invoke token (see ./overrides.ts). */
export type DataSourceOverrides = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface AwsAccountContext {
    /** 12 digits: the first of `aws:allowedAccountIds`, else `123456789012`. */
    accountId: string;
    /** `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, ... as the provider derives it from the region. */
    partition: string;
    /** `aws:region`, else `us-east-1`. */
    region: string;
    dnsSuffix: string;
    reverseDnsPrefix: string;
    /** `<region>a`, `<region>b`, `<region>c` (`getAvailabilityZones().names`). */
    availabilityZones: string[];
    /** `use1-az1`, ... in the same order as `availabilityZones`. */
    zoneIds: string[];
    /** The identity running the preview: an IAM user in the account (`getCallerIdentity().arn`). */
    callerArn: string;
    /** Its unique id (`getCallerIdentity().userId`). */
    userId: string;
}

export interface AzureAccountContext {
    /** `azure-native:subscriptionId`, else `00000000-0000-4000-8000-000000000001`. */
    subscriptionId: string;
    /** `azure-native:tenantId` (or `azuread:tenantId`), else `00000000-0000-4000-8000-000000000002`. */
    tenantId: string;
    /** `azure-native:clientId` (or `azuread:clientId`), else `00000000-0000-4000-8000-000000000003`. */
    clientId: string;
    /** The principal running the preview, else `00000000-0000-4000-8000-000000000004`. */
    objectId: string;
}

export interface GcpAccountContext {
    /** `gcp:project`, else `nhi-guard-preview`. */
    project: string;
    /** 12 digits, `123456789012` unless overridden through `getProject`. */
    projectNumber: string;
    /** `gcp:region`, else `us-central1`. */
    region: string;
    /** `gcp:zone`, else `<region>-a`. */
    zone: string;
    /** Who the preview runs as: a service account of the project, `nhi-guard-preview@<project>.iam.gserviceaccount.com`. */
    clientEmail: string;
}

export interface AccountContext {
    aws: AwsAccountContext;
    azure: AzureAccountContext;
    gcp: GcpAccountContext;
}

export const DEFAULT_AWS_ACCOUNT_ID = "123456789012";
export const DEFAULT_AWS_REGION = "us-east-1";
export const DEFAULT_AZURE_SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000001";
export const DEFAULT_AZURE_TENANT_ID = "00000000-0000-4000-8000-000000000002";
export const DEFAULT_AZURE_CLIENT_ID = "00000000-0000-4000-8000-000000000003";
export const DEFAULT_AZURE_OBJECT_ID = "00000000-0000-4000-8000-000000000004";
export const DEFAULT_GCP_PROJECT = "nhi-guard-preview";
export const DEFAULT_GCP_PROJECT_NUMBER = "123456789012";
export const DEFAULT_GCP_REGION = "us-central1";

/**
 * The stack config as one explicit provider sees it: its own inputs (`new aws.Provider("prod",
 * { region, assumeRoles })`) over the stack's `<package>:` keys, the way a provider resource
 * replaces the default provider's configuration. Provider inputs reach the engine as strings,
 * nested values as JSON text; both forms are accepted.
 */
export function providerConfig(config: Readonly<Record<string, string>>, pkg: string, inputs: Readonly<Record<string, unknown>>): Record<string, string> {
    const out: Record<string, string> = { ...config };
    for (const [k, v] of Object.entries(inputs)) {
        if (v === undefined || v === null || k === "version" || k.startsWith("__")) continue;
        out[`${pkg}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return out;
}

/** The tokens whose overrides feed the context (so every data source agrees with the override). */
export const CONTEXT_TOKENS = {
    awsCallerIdentity: "aws:index/getCallerIdentity:getCallerIdentity",
    awsRegion: "aws:index/getRegion:getRegion",
    awsAvailabilityZones: "aws:index/getAvailabilityZones:getAvailabilityZones",
    azureClientConfig: "azure-native:authorization:getClientConfig",
    azureadClientConfig: "azuread:index/getClientConfig:getClientConfig",
    gcpClientConfig: "gcp:organizations/getClientConfig:getClientConfig",
    gcpProject: "gcp:organizations/getProject:getProject",
    gcpClientOpenIdUserInfo: "gcp:organizations/getClientOpenIdUserInfo:getClientOpenIdUserInfo",
} as const;

/**
 * The partition and DNS suffix the AWS provider derives from a region name (terraform-provider-aws
 * uses the SDK's endpoint partitions; these are their region prefixes).
 */
export function awsPartitionOf(region: string): { partition: string; dnsSuffix: string; reverseDnsPrefix: string } {
    const table: Array<[RegExp, string, string]> = [
        [/^cn-/, "aws-cn", "amazonaws.com.cn"],
        [/^us-gov-/, "aws-us-gov", "amazonaws.com"],
        [/^us-isob-/, "aws-iso-b", "sc2s.sgov.gov"],
        [/^us-iso-/, "aws-iso", "c2s.ic.gov"],
        [/^eu-isoe-/, "aws-iso-e", "cloud.adc-e.uk"],
        [/^us-isof-/, "aws-iso-f", "csp.hci.ic.gov"],
        [/^eusc-/, "aws-eusc", "amazonaws.eu"],
    ];
    const hit = table.find(([re]) => re.test(region));
    const [, partition, dnsSuffix] = hit ?? [undefined, "aws", "amazonaws.com"];
    return { partition, dnsSuffix, reverseDnsPrefix: dnsSuffix.split(".").reverse().join(".") };
}

/** `us-east-1` -> `use1`, `ap-northeast-2` -> `apne2`: the prefix AWS zone ids carry. */
export function zoneIdPrefix(region: string): string {
    const words: Record<string, string> = {
        north: "n", south: "s", east: "e", west: "w", central: "c",
        northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw", gov: "g",
    };
    return region
        .split("-")
        .map((part, i) => (i === 0 || /^\d+$/.test(part) ? part : (words[part] ?? part[0] ?? "")))
        .join("");
}

function str(v: unknown): string | undefined {
    return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

/** Pulumi passes list config as JSON text; accept a bare comma list too (`pulumi config set` without `--path`). */
function firstOfList(text: string | undefined): string | undefined {
    if (!text) return undefined;
    try {
        const v = JSON.parse(text);
        if (Array.isArray(v)) return v.map((x) => String(x).trim()).find(Boolean);
        if (typeof v === "string" || typeof v === "number") return String(v).trim() || undefined;
    } catch {
        /* not JSON: fall through */
    }
    return text.split(",").map((s) => s.trim()).find(Boolean);
}

/**
 * The role the provider assumes (`aws:assumeRoles` list or the older `aws:assumeRole` object, as
 * JSON text): the provider then acts, and `getCallerIdentity` answers, in that role's account.
 */
function assumedRole(config: Readonly<Record<string, string>>): { account: string; partition: string; name: string; session: string } | undefined {
    for (const key of ["aws:assumeRoles", "aws:assumeRole"]) {
        let v: any;
        try {
            v = config[key] ? JSON.parse(config[key]) : undefined;
        } catch {
            continue;
        }
        // A chain of roles ends in the last one.
        const role = Array.isArray(v) ? v[v.length - 1] : v;
        const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(typeof role?.roleArn === "string" ? role.roleArn : "");
        if (m) return { partition: m[1], account: m[2], name: m[3], session: str(role.sessionName) ?? "nhi-guard-preview" };
    }
    return undefined;
}

/**
 * The account context for one preview run. `config` is the stack config as the program sees it
 * (namespaced keys, values as text); `overrides` are the user's data-source results, which win over
 * config because the user gave them for exactly this purpose.
 */
export function accountContext(config: Readonly<Record<string, string>>, overrides: DataSourceOverrides = {}): AccountContext {
    const o = (token: string): Readonly<Record<string, unknown>> => overrides[token] ?? {};

    const caller = o(CONTEXT_TOKENS.awsCallerIdentity);
    const callerArnAccount = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(str(caller.arn) ?? "")?.[1];
    const assumed = assumedRole(config);
    const accountId = str(caller.accountId) ?? callerArnAccount ?? assumed?.account ?? firstOfList(config["aws:allowedAccountIds"]) ?? DEFAULT_AWS_ACCOUNT_ID;
    const regionOverride = o(CONTEXT_TOKENS.awsRegion);
    const region = str(regionOverride.region) ?? str(regionOverride.name) ?? str(config["aws:region"]) ?? DEFAULT_AWS_REGION;
    const { partition, dnsSuffix, reverseDnsPrefix } = awsPartitionOf(region);
    const azs = o(CONTEXT_TOKENS.awsAvailabilityZones);
    const azNames = Array.isArray(azs.names) ? azs.names.map(String) : ["a", "b", "c"].map((l) => `${region}${l}`);
    const zoneIds = Array.isArray(azs.zoneIds) ? azs.zoneIds.map(String) : azNames.map((_, i) => `${zoneIdPrefix(region)}-az${i + 1}`);
    const callerArn =
        str(caller.arn) ??
        (assumed && assumed.account === accountId
            ? `arn:${partition}:sts::${accountId}:assumed-role/${assumed.name}/${assumed.session}`
            : `arn:${partition}:iam::${accountId}:user/nhi-guard-preview`);
    // An assumed role's user id is `<role id>:<session>`; an IAM user's is its own id.
    const userId = str(caller.userId) ?? (assumed && assumed.account === accountId ? `AROANHIGUARDPREVIEW00:${assumed.session}` : "AIDANHIGUARDPREVIEW00");

    const azClient = { ...o(CONTEXT_TOKENS.azureadClientConfig), ...o(CONTEXT_TOKENS.azureClientConfig) };
    const azure: AzureAccountContext = {
        subscriptionId: str(azClient.subscriptionId) ?? str(config["azure-native:subscriptionId"]) ?? DEFAULT_AZURE_SUBSCRIPTION_ID,
        tenantId: str(azClient.tenantId) ?? str(config["azure-native:tenantId"]) ?? str(config["azuread:tenantId"]) ?? DEFAULT_AZURE_TENANT_ID,
        clientId: str(azClient.clientId) ?? str(config["azure-native:clientId"]) ?? str(config["azuread:clientId"]) ?? DEFAULT_AZURE_CLIENT_ID,
        objectId: str(azClient.objectId) ?? DEFAULT_AZURE_OBJECT_ID,
    };

    const gcpClient = o(CONTEXT_TOKENS.gcpClientConfig);
    const gcpProject = o(CONTEXT_TOKENS.gcpProject);
    const project = str(gcpProject.projectId) ?? str(gcpClient.project) ?? str(config["gcp:project"]) ?? DEFAULT_GCP_PROJECT;
    const gcpRegion = str(gcpClient.region) ?? str(config["gcp:region"]) ?? DEFAULT_GCP_REGION;
    const gcp: GcpAccountContext = {
        project,
        projectNumber: str(gcpProject.number) ?? DEFAULT_GCP_PROJECT_NUMBER,
        region: gcpRegion,
        zone: str(gcpClient.zone) ?? str(config["gcp:zone"]) ?? `${gcpRegion}-a`,
        clientEmail: str(o(CONTEXT_TOKENS.gcpClientOpenIdUserInfo).email) ?? `nhi-guard-preview@${project}.iam.gserviceaccount.com`,
    };

    return {
        aws: { accountId, partition, region, dnsSuffix, reverseDnsPrefix, availabilityZones: azNames, zoneIds, callerArn, userId },
        azure,
        gcp,
    };
}
