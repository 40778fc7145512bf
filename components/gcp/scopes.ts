/**
 * Where a grant applies, and which IAM member class grants it there. Every class is a `*IAMMember`
 * (additive: it never removes another principal's access, unlike `*IAMBinding` and `*IAMPolicy`)
 * and takes a `condition`, which carries the grant's end.
 *
 * | scope                                     | class                              |
 * |-------------------------------------------|------------------------------------|
 * | `projects/<id>`                           | `gcp.projects.IAMMember`           |
 * | `folders/<id>`                            | `gcp.folder.IAMMember`             |
 * | `organizations/<id>`                      | `gcp.organizations.IAMMember`      |
 * | `projects/<id>/serviceAccounts/<email>`   | `gcp.serviceaccount.IAMMember`     |
 * | `buckets/<name>`, `projects/_/buckets/<name>` | `gcp.storage.BucketIAMMember`  |
 * | `projects/<id>/datasets/<dataset>`        | `gcp.bigquery.DatasetIamMember`    |
 * | `projects/<id>/secrets/<secret>`          | `gcp.secretmanager.SecretIamMember`|
 *
 * Pub/Sub topics and subscriptions are left out on purpose: their allow policies refuse
 * conditions, so a grant there could never end.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

export type ScopeKind = "project" | "folder" | "organization" | "serviceAccount" | "bucket" | "dataset" | "secret";

export interface Scope {
    kind: ScopeKind;
    /** The properties that place the member on its resource (`{ project }`, `{ bucket }`). */
    target: Record<string, string>;
}

const PROJECT = "(?:[a-z][a-z0-9.-]{0,61}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]";

const FORMS: [ScopeKind, RegExp, (m: RegExpExecArray) => Record<string, string>][] = [
    ["project", new RegExp(`^projects/(${PROJECT})$`), (m) => ({ project: m[1] })],
    ["folder", /^folders\/(\d{1,32})$/, (m) => ({ folder: `folders/${m[1]}` })],
    ["organization", /^organizations\/(\d{1,32})$/, (m) => ({ orgId: m[1] })],
    ["serviceAccount", new RegExp(`^projects/(${PROJECT}|-)/serviceAccounts/([a-z0-9._-]+@[a-z0-9.:-]+\\.gserviceaccount\\.com)$`), (m) => ({ serviceAccountId: m[0] })],
    ["bucket", /^(?:projects\/_\/)?buckets\/([a-z0-9][a-z0-9._-]{1,220}[a-z0-9])$/, (m) => ({ bucket: m[1] })],
    ["dataset", new RegExp(`^projects/(${PROJECT})/datasets/([A-Za-z0-9_]{1,1024})$`), (m) => ({ project: m[1], datasetId: m[2] })],
    ["secret", new RegExp(`^projects/(${PROJECT})/secrets/([A-Za-z0-9_-]{1,255})$`), (m) => ({ project: m[1], secretId: m[2] })],
];

export const SCOPE_FORMS =
    "`projects/<id>`, `folders/<id>`, `organizations/<id>`, `projects/<id>/serviceAccounts/<email>`, `buckets/<name>`, `projects/<id>/datasets/<dataset>` or `projects/<id>/secrets/<secret>`";

/** Scopes whose allow policies refuse conditions: a grant there could not end. */
export const UNCONDITIONAL_SCOPE = /^projects\/[^/]+\/(?:topics|subscriptions|snapshots|schemas)\/[^/]+$/;

/** The scope a grant names, or undefined when it is none of the supported forms. */
export function parseScope(scope: string): Scope | undefined {
    for (const [kind, re, target] of FORMS) {
        const m = re.exec(scope);
        if (m) return { kind, target: target(m) };
    }
    return undefined;
}

export interface MemberArgs {
    role: string;
    member: pulumi.Input<string>;
    condition: { title: string; description: string; expression: string };
}

/** Creates the IAM member for a scope's kind. */
export function createMember(name: string, scope: Scope, args: MemberArgs, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
    const t = scope.target;
    switch (scope.kind) {
        case "project":
            return new gcp.projects.IAMMember(name, { project: t.project, ...args }, opts);
        case "folder":
            return new gcp.folder.IAMMember(name, { folder: t.folder, ...args }, opts);
        case "organization":
            return new gcp.organizations.IAMMember(name, { orgId: t.orgId, ...args }, opts);
        case "serviceAccount":
            return new gcp.serviceaccount.IAMMember(name, { serviceAccountId: t.serviceAccountId, ...args }, opts);
        case "bucket":
            return new gcp.storage.BucketIAMMember(name, { bucket: t.bucket, ...args }, opts);
        case "dataset":
            return new gcp.bigquery.DatasetIamMember(name, { project: t.project, datasetId: t.datasetId, ...args }, opts);
        case "secret":
            return new gcp.secretmanager.SecretIamMember(name, { project: t.project, secretId: t.secretId, ...args }, opts);
    }
}
