/**
 * Every IAM member, binding and policy type of @pulumi/gcp 9.37, generated from the SDK's
 * `__pulumiType`s (`tests/contract/gcp/iamTokens.test.ts` fails when the installed SDK has one this
 * list lacks). A grant on any resource counts: an AI tool given `roles/cloudkms.admin` on one key is
 * as overprivileged there as one given it on the project.
 *
 * Each base name stands for three types (`<Base>Member`, `<Base>Binding`, `<Base>Policy`), whose
 * token is `gcp:<module>/<type with a lower-case first letter>:<Type>`. `projects.IamMemberRemove`
 * is left out on purpose: it removes a member and grants nothing.
 */
export const IAM_BASES_BY_MODULE: Readonly<Record<string, readonly string[]>> = {
    accesscontextmanager: ["AccessPolicyIam"],
    apigateway: ["ApiConfigIam", "ApiIam", "GatewayIam"],
    apigee: ["EnvironmentIam"],
    artifactregistry: ["RepositoryIam"],
    beyondcorp: ["SecurityGatewayApplicationIam", "SecurityGatewayIam"],
    biglake: ["HiveCatalogIam", "HiveDatabaseIam", "HiveTableIam", "IcebergCatalogIam", "IcebergNamespaceIam", "IcebergTableIam"],
    bigquery: ["ConnectionIam", "Datapolicyv2DataPolicyIam", "DatasetIam", "Iam", "RoutineIam"],
    bigqueryanalyticshub: ["DataExchangeIam", "ListingIam"],
    bigquerydatapolicy: ["DataPolicyIam"],
    bigtable: ["InstanceIam", "TableIam"],
    billing: ["AccountIam"],
    binaryauthorization: ["AttestorIam"],
    certificateauthority: ["CaPoolIam", "CertificateTemplateIam"],
    cloudbuildv2: ["ConnectionIAM"],
    clouddeploy: ["CustomTargetTypeIam", "DeliveryPipelineIam", "TargetIam"],
    cloudfunctions: ["FunctionIam"],
    cloudfunctionsv2: ["FunctionIam"],
    cloudrun: ["Iam"],
    cloudrunv2: ["JobIam", "ServiceIam", "WorkerPoolIam"],
    cloudtasks: ["QueueIam"],
    colab: ["RuntimeTemplateIam"],
    compute: [
        "BackendBucketIam", "BackendServiceIam", "DiskIam", "FirewallPolicyIam", "ImageIam", "InstanceIAM", "InstanceTemplateIam",
        "InstantSnapshotIam", "MachineImageIam", "NetworkFirewallPolicyIam", "RegionBackendBucketIam", "RegionBackendServiceIam",
        "RegionDiskIam", "RegionInstantSnapshotIam", "RegionNetworkFirewallPolicyIam", "SnapshotIam", "StoragePoolIam", "SubnetworkIAM",
    ],
    containeranalysis: ["NoteIam"],
    datacatalog: ["EntryGroupIam", "PolicyTagIam", "TagTemplateIam", "TaxonomyIam"],
    dataform: ["RepositoryIam"],
    dataplex: [
        "AspectTypeIam", "AssetIam", "DataProductIam", "DatascanIam", "EntryGroupIam", "EntryTypeIam", "GlossaryIam", "LakeIam",
        "TaskIam", "ZoneIam",
    ],
    dataproc: [
        "AutoscalingPolicyIam", "ClusterIAM", "JobIAM", "MetastoreDatabaseIam", "MetastoreFederationIam", "MetastoreServiceIam",
        "MetastoreTableIam",
    ],
    discoveryengine: ["SearchEngineIam"],
    dns: ["DnsManagedZoneIam"],
    endpoints: ["ConsumersIam", "ServiceIam"],
    folder: ["IAM"],
    gemini: ["RepositoryGroupIam"],
    gkebackup: ["BackupPlanIam", "RestorePlanIam"],
    gkehub: ["FeatureIam", "MembershipIam", "ScopeIam"],
    healthcare: ["ConsentStoreIam", "DatasetIam", "DicomStoreIam", "FhirStoreIam", "Hl7StoreIam"],
    iam: ["WorkforcePoolIam", "WorkloadIdentityPoolIam"],
    iap: [
        "AgentRegistryAgentIam", "AgentRegistryEndpointIam", "AgentRegistryIam", "AgentRegistryMcpServerIam", "AppEngineServiceIam",
        "AppEngineVersionIam", "LocationWebIam", "TunnelDestGroupIam", "TunnelIam", "TunnelInstanceIAM", "WebBackendServiceIam",
        "WebCloudRunServiceIam", "WebForwardingRuleServiceIam", "WebIam", "WebRegionBackendServiceIam",
        "WebRegionForwardingRuleServiceIam", "WebTypeAppEngingIam", "WebTypeComputeIam",
    ],
    kms: ["CryptoKeyIAM", "EkmConnectionIam", "KeyRingIAM"],
    logging: ["LogViewIam"],
    networkconnectivity: ["HubIam"],
    networksecurity: ["AddressGroupIam"],
    notebooks: ["InstanceIam", "RuntimeIam"],
    organizations: ["IAM"],
    projects: ["IAM"],
    pubsub: ["SchemaIam", "SubscriptionIAM", "TopicIAM"],
    runtimeconfig: ["ConfigIam"],
    secretmanager: ["RegionalSecretIam", "SecretIam"],
    securesourcemanager: ["InstanceIam", "RepositoryIam"],
    securitycenter: ["InstanceIam", "SourceIam", "V2OrganizationSourceIam"],
    serviceaccount: ["IAM"],
    servicedirectory: ["NamespaceIam", "ServiceIam"],
    sourcerepo: ["RepositoryIam"],
    spanner: ["DatabaseIAM", "InstanceIAM"],
    storage: ["BucketIAM", "ManagedFolderIam"],
    tags: ["TagKeyIam", "TagValueIam"],
    vertex: [
        "AiEndpointIam", "AiFeatureGroupIam", "AiFeatureOnlineStoreFeatureviewIam", "AiFeatureOnlineStoreIam",
        "AiFeatureStoreEntityTypeIam", "AiFeatureStoreIam", "AiReasoningEngineIam",
    ],
    workbench: ["InstanceIam"],
    workstations: ["WorkstationConfigIam", "WorkstationIam"],
};

export type IamShape = "member" | "binding" | "policy";

export interface IamType {
    token: string;
    /** `member`/`members` plus `role` and `condition`, or a whole `policyData` document. */
    shape: IamShape;
}

const SHAPES: [IamShape, string][] = [
    ["member", "Member"],
    ["binding", "Binding"],
    ["policy", "Policy"],
];

/** Every IAM type as its token, with the shape of its properties. */
export function iamTypes(): IamType[] {
    const out: IamType[] = [];
    for (const [module, bases] of Object.entries(IAM_BASES_BY_MODULE)) {
        for (const base of bases) {
            for (const [shape, suffix] of SHAPES) {
                const type = `${base}${suffix}`;
                out.push({ token: `gcp:${module}/${type[0].toLowerCase()}${type.slice(1)}:${type}`, shape });
            }
        }
    }
    return out;
}
