/**
 * The capability comparison on its own: kinds the e2e fixture does not show (identities added and
 * removed, a new grant document, resources reached on every cloud), and that a stack compared with
 * itself has no change.
 */
import { UNKNOWN, type AnalyzerInput } from "../../cli/analyzer/protocol";
import { accessChanges, capabilitiesOfInputs } from "../../cli/drift";
import { compareCapabilities } from "../../policy-packs/nhi-guard/src/capabilities";
import { component, resource } from "../helpers/pack";
import { ACCOUNT, GOOD_TAGS, T, attachment, document, managedPolicy, role, rolePolicy } from "./estate";

const reviewer = role("reviewer", { tags: GOOD_TAGS });
const read = rolePolicy("read", "reviewer", document({ sid: "Read", actions: ["s3:GetObject"] }), { to: reviewer });

test("a stack compared with itself has no changes", () => {
    expect(accessChanges([reviewer, read], [reviewer, read])).toEqual([]);
});

test("an identity added, one removed, and a new grant document", () => {
    const triage = role("triage", { tags: { ...GOOD_TAGS, "nhi:tool": "copilot-agent" } });
    const write = rolePolicy("write", "reviewer", document({ sid: "Write", actions: ["s3:PutObject"] }), { to: reviewer });
    const changes = accessChanges([reviewer, read, triage], [reviewer, read, write, role("labeler")]);
    expect(changes.map((c) => [c.kind, c.identity, c.summary])).toEqual([
        ["grant-added", "aws:iam/role:Role::reviewer", "new grant aws:iam/rolePolicy:RolePolicy::write: `s3:PutObject`"],
        ["identity-added", "aws:iam/role:Role::labeler", 'new identity aws:iam/role:Role "labeler"'],
        ["identity-removed", "aws:iam/role:Role::triage", 'identity aws:iam/role:Role "triage" removed'],
    ]);
    expect(changes[2]).toMatchObject({ tool: "copilot-agent", before: { access: "read" }, after: null });
});

test("action case and order do not make a change; NotAction is never the same as Action", () => {
    const shuffled = rolePolicy("read", "reviewer", document({ sid: "Read", actions: ["S3:getobject"] }), { to: reviewer });
    expect(accessChanges([reviewer, read], [reviewer, shuffled])).toEqual([]);
    const not = rolePolicy("read", "reviewer", document({ sid: "Read", actions: ["s3:GetObject"], notAction: true }), { to: reviewer });
    expect(accessChanges([reviewer, read], [reviewer, not]).map((c) => c.kind)).toEqual(["grant-widened"]);
});

/** A policy document whose statements say what they are on, as programs write them. */
const onResources = (...statements: { sid: string; actions: string[]; resources?: unknown; notResources?: unknown }[]) =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: statements.map((s) => ({ Sid: s.sid, Effect: "Allow", Action: s.actions, ...(s.resources !== undefined ? { Resource: s.resources } : {}), ...(s.notResources !== undefined ? { NotResource: s.notResources } : {}) })),
    });
const docsGrant = (doc: string) => rolePolicy("read", "reviewer", doc, { to: reviewer });
const kindsAndSummaries = (before: AnalyzerInput[], after: AnalyzerInput[]) => accessChanges(before, after).map((c) => [c.kind, c.summary]);

describe("resources of a grant", () => {
    const docs = docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject"], resources: "arn:aws:s3:::docs/*" }));

    test("a resource widened to a wildcard is a widened grant, with the resources before and after", () => {
        const everything = docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject"], resources: "*" }));
        const changes = accessChanges([reviewer, docs], [reviewer, everything]);
        expect(changes.map((c) => [c.kind, c.summary])).toEqual([["grant-widened", "grant aws:iam/rolePolicy:RolePolicy::read widened: `s3:GetObject` now also on `*`"]]);
        expect(changes[0].before).toMatchObject({ actions: ["s3:GetObject"], resources: { "s3:GetObject": ["arn:aws:s3:::docs/*"] } });
        expect(changes[0].after).toMatchObject({ actions: ["s3:GetObject"], resources: { "s3:GetObject": ["*"] } });
    });

    test("narrower or the same resources are no change: a pattern covers what it matches", () => {
        const narrower = docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::docs/reports/*", "arn:aws:s3:::docs/a.txt"] }));
        expect(accessChanges([reviewer, docs], [reviewer, narrower])).toEqual([]);
        const star = docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject"], resources: "*" }));
        expect(accessChanges([reviewer, star], [reviewer, docs])).toEqual([]);
        // `docs/*` does not cover the bucket itself, nor a bucket whose name starts the same.
        const bucket = docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::docs/*", "arn:aws:s3:::docs-private/*"] }));
        expect(kindsAndSummaries([reviewer, docs], [reviewer, bucket])).toEqual([["grant-widened", "grant aws:iam/rolePolicy:RolePolicy::read widened: `s3:GetObject` now also on `arn:aws:s3:::docs-private/*`"]]);
    });

    test("resources are compared per action: an action moved to another statement's resources is a widening", () => {
        const split = docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject"], resources: "arn:aws:s3:::docs/*" }, { sid: "Logs", actions: ["s3:PutObject"], resources: "arn:aws:s3:::logs/*" }));
        const crossed = docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject", "s3:PutObject"], resources: "arn:aws:s3:::docs/*" }, { sid: "Logs", actions: ["s3:PutObject"], resources: "arn:aws:s3:::logs/*" }));
        expect(kindsAndSummaries([reviewer, split], [reviewer, crossed])).toEqual([["grant-widened", "grant aws:iam/rolePolicy:RolePolicy::read widened: `s3:PutObject` now also on `arn:aws:s3:::docs/*`"]]);
        // New actions and new resources in one grant: one change saying both.
        const both = docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject", "s3:DeleteObject"], resources: "*" }));
        expect(kindsAndSummaries([reviewer, docs], [reviewer, both])).toEqual([["grant-widened", "grant aws:iam/rolePolicy:RolePolicy::read widened: adds `s3:DeleteObject`; `s3:GetObject` now also on `*`"]]);
    });

    test("NotResource: everything but a resource is wider than any list, and dropping the exclusion is a widening", () => {
        const allBut = docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject"], notResources: "arn:aws:s3:::secrets/*" }));
        expect(kindsAndSummaries([reviewer, docs], [reviewer, allBut])).toEqual([["grant-widened", "grant aws:iam/rolePolicy:RolePolicy::read widened: `s3:GetObject` now also on `all but arn:aws:s3:::secrets/*`"]]);
        expect(kindsAndSummaries([reviewer, allBut], [reviewer, docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject"], resources: "*" }))])).toEqual([
            ["grant-widened", "grant aws:iam/rolePolicy:RolePolicy::read widened: `s3:GetObject` now also on `*`"],
        ]);
        expect(accessChanges([reviewer, allBut], [reviewer, allBut])).toEqual([]);
    });

    test("a resource unknown at preview is never reported as widened; nor are resources a baseline did not record", () => {
        const unknown = docsGrant(JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: ["s3:GetObject"], Resource: UNKNOWN }] }));
        expect(accessChanges([reviewer, docs], [reviewer, unknown])).toEqual([]);
        // A baseline written before grants recorded their resources: still read, resources not compared.
        const old = capabilitiesOfInputs([reviewer, docs]).map((c) => ({ ...c, grants: Object.fromEntries(Object.entries(c.grants).map(([k, g]) => [k, { actions: g.actions, roles: g.roles }])) }));
        const everything = capabilitiesOfInputs([reviewer, docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject"], resources: "*" }))]);
        expect(compareCapabilities(old, everything)).toEqual([]);
        // The action list is still compared against such a baseline.
        const more = capabilitiesOfInputs([reviewer, docsGrant(onResources({ sid: "Read", actions: ["s3:GetObject", "s3:PutObject"], resources: "*" }))]);
        expect(compareCapabilities(old, more).map((c) => c.summary)).toEqual(["grant aws:iam/rolePolicy:RolePolicy::read widened: adds `s3:PutObject`"]);
    });

    test("an inline policy of the role and a customer-managed policy in the stack carry their resources too", () => {
        const inline = (r: string) => role("reviewer", { tags: GOOD_TAGS, inlinePolicies: [{ name: "docs", policy: onResources({ sid: "Read", actions: ["s3:GetObject"], resources: r }) }] });
        expect(kindsAndSummaries([inline("arn:aws:s3:::docs/*")], [inline("arn:aws:s3:::*")])).toEqual([["grant-widened", "grant inline widened: `s3:GetObject` now also on `arn:aws:s3:::*`"]]);
        const managed = (r: string) => {
            const p = managedPolicy("docs-read", onResources({ sid: "Read", actions: ["s3:GetObject"], resources: r }));
            return [reviewer, p, attachment("docs-read", "reviewer", `arn:aws:iam::${ACCOUNT}:policy/docs-read`, { to: reviewer, policy: p })];
        };
        expect(kindsAndSummaries(managed("arn:aws:s3:::docs/*"), managed("arn:aws:s3:::docs/*"))).toEqual([]);
        expect(kindsAndSummaries(managed("arn:aws:s3:::docs/*"), managed("*"))).toEqual([
            ["grant-widened", "grant aws:iam/rolePolicyAttachment:RolePolicyAttachment::docs-read widened: `s3:GetObject` now also on `*`"],
        ]);
    });

    test("an Azure assignment moved from its resource group to the subscription is widened; to a resource inside it is not", () => {
        const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
        const parent = component("agent", "azure");
        const identity = resource({
            type: "azure-native:managedidentity:UserAssignedIdentity",
            name: "agent-identity",
            parent,
            props: { resourceGroupName: "rg-ai", tags: { ...GOOD_TAGS } },
        });
        const assignment = (scope: string) =>
            resource({
                type: "azure-native:authorization:RoleAssignment",
                name: "agent-reader",
                parent,
                props: { principalId: "11111111-2222-3333-4444-555555555555", principalType: "ServicePrincipal", roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`, scope, description: "owner=platform-team;expires-at=2026-06-30" },
                propertyDependencies: { principalId: [identity] },
            });
        const rg = `${SUB}/resourceGroups/rg-ai`;
        const stack = (scope: string) => [parent, identity, assignment(scope)];
        const changes = accessChanges(stack(rg), stack(SUB));
        expect(changes.map((c) => c.kind)).toEqual(["grant-widened"]);
        expect(changes[0].summary).toMatch(new RegExp(`now also on \`${SUB}\`$`));
        expect(accessChanges(stack(rg), stack(`${rg.toUpperCase()}/providers/Microsoft.Storage/storageAccounts/docs`))).toEqual([]);
    });

    test("a GCP binding moved to another bucket reaches a new resource", () => {
        const EMAIL = "reviewer@acme-data.iam.gserviceaccount.com";
        const parent = component("agent", "gcp");
        const account = resource({
            type: "gcp:serviceaccount/account:Account",
            name: "agent-sa",
            parent,
            props: { accountId: "reviewer", project: "acme-data", email: EMAIL, description: "owner=platform-team;expires-at=2026-06-30;tool=claude-code;access=read" },
        });
        const member = (bucket: string) => resource({ type: "gcp:storage/bucketIAMMember:BucketIAMMember", name: "agent-docs", parent, props: { bucket, role: "roles/storage.objectViewer", member: `serviceAccount:${EMAIL}` } });
        expect(accessChanges([parent, account, member("docs")], [parent, account, member("docs")])).toEqual([]);
        expect(kindsAndSummaries([parent, account, member("docs")], [parent, account, member("exports")])).toEqual([
            ["grant-widened", "grant nhi-guard:gcp:AiToolIdentity$gcp:storage/bucketIAMMember:BucketIAMMember::agent-docs widened: `roles/storage.objectViewer` now also on `storage bucket exports`"],
        ]);
    });
});
