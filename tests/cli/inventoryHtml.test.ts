/** The HTML and text inventory renderers on hostile and long input, and what grants are read to be on. */
import { htmlInventory, esc } from "../../cli/inventory/format/html";
import { textInventory, wrap } from "../../cli/inventory/format/text";
import { grantResources, type Inventory } from "../../cli/inventory/model";
import { grantDetail } from "../../cli/inventory/rows";

const EVIL = `<img src=x onerror=alert(1)>"'&<script>alert(2)</script>`;

function hostile(): Inventory {
    const dated = { at: "2026-02-01", daysLeft: 17 };
    return {
        version: 1,
        command: "inventory",
        source: "audit",
        stack: EVIL,
        project: EVIL,
        now: "2026-01-15T00:00:00Z",
        policyPacks: [{ name: EVIL, version: "1" }],
        identities: [
            {
                urn: `urn:pulumi:s::p::aws:iam/role:Role::${EVIL}`,
                name: EVIL,
                type: "aws:iam/role:Role",
                cloud: "aws",
                label: "IAM role",
                tool: EVIL,
                owner: EVIL,
                purpose: EVIL,
                access: "read",
                expires: dated,
                annotationProblems: [EVIL],
                component: null,
                sessionSeconds: null,
                trust: { subjects: [EVIL], problems: [EVIL] },
                attached: [
                    {
                        kind: "grant",
                        urn: "urn:g",
                        name: EVIL,
                        type: "aws:iam/rolePolicy:RolePolicy",
                        label: "IAM role inline policy",
                        owner: null,
                        expires: null,
                        grant: { ends: dated, standing: false, entries: [{ label: EVIL, actions: [EVIL], roles: [], notAction: false, ends: dated }], resources: [EVIL] },
                        findings: [{ policy: EVIL, policyPack: EVIL, level: "mandatory", message: EVIL }],
                    },
                ],
                findings: [{ policy: EVIL, policyPack: EVIL, level: "advisory", message: EVIL }],
            },
        ],
        unattached: [],
        otherFindings: [{ urn: EVIL, policy: EVIL, policyPack: EVIL, level: "mandatory", message: EVIL }],
        notes: [EVIL],
        counts: { identities: 1, aiToolIdentities: 1, expired: 0, expiringSoon: 1, withoutOwner: 0, withoutExpiry: 0, standingGrants: 0, longLivedCredentials: 0, mandatory: 2, advisory: 1, unverified: 0 },
    };
}

describe("HTML inventory on hostile strings", () => {
    const page = htmlInventory.render(hostile(), { color: false });

    it("escapes every stack string, so only the page's own script and style exist", () => {
        expect(page.match(/<script/g)).toHaveLength(1);
        expect(page.match(/<style/g)).toHaveLength(1);
        expect(page).not.toContain("<img");
        // Only the markup the renderer writes: no tag carries an event handler or loads anything.
        const tags = page.match(/<[a-z][^>]*>/gi) ?? [];
        expect(tags.filter((t) => /\son[a-z]+=|\s(src|href)=/i.test(t))).toEqual([]);
        expect(page).toContain(esc(EVIL));
        expect(esc(EVIL)).toBe("&#60;img src=x onerror=alert(1)&#62;&#34;&#39;&#38;&#60;script&#62;alert(2)&#60;/script&#62;");
    });

    it("allows its inline script and style by hash only, and loads nothing", () => {
        const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1];
        expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
        expect(csp).toMatch(/default-src &#39;none&#39;/);
        expect(page).not.toMatch(/url\(|@import/i);
    });

    it("is deterministic: the same inventory renders the same page", () => {
        expect(htmlInventory.render(hostile(), { color: false })).toBe(page);
    });
});

describe("text inventory", () => {
    it("wraps long cells without losing a character", () => {
        const long = "arn:aws:s3:::a-very-long-bucket-name-for-the-data-warehouse-exports/* and arn:aws:s3:::another";
        const lines = wrap(long, 20);
        expect(lines.every((l) => l.length <= 20)).toBe(true);
        expect(lines.join("").replace(/ /g, "")).toBe(long.replace(/ /g, ""));
    });

    it("shows full names and what a grant allows, not an entry count", () => {
        const out = textInventory.render(hostile(), { color: false });
        expect(out).not.toContain("…");
        expect(out).not.toMatch(/\d+ entr(y|ies)/);
        expect(grantDetail(hostile().identities[0].attached[0].grant!)).toBe(`${EVIL} until 2026-02-01; on ${EVIL}`);
        expect(grantDetail({ ends: null, standing: true, resources: [], entries: [{ label: "statement #1", actions: ["s3:Delete*"], roles: [], notAction: true, ends: null }] })).toBe("every action except s3:Delete*");
    });
});

describe("what a grant is on", () => {
    it("reads an AWS document's Allow resources (NotResource as all but), skipping Deny", () => {
        const policy = JSON.stringify({
            Statement: [
                { Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::docs/*", "arn:aws:s3:::docs/*"] },
                { Effect: "Deny", Action: "*", Resource: "arn:aws:s3:::secret/*" },
                { Effect: "Allow", Action: "s3:ListBucket", NotResource: "arn:aws:s3:::private" },
            ],
        });
        expect(grantResources("aws:iam/rolePolicy:RolePolicy", { policy })).toEqual(["arn:aws:s3:::docs/*", "all but arn:aws:s3:::private"]);
        expect(grantResources("aws:iam/role:Role", { inlinePolicies: [{ name: "x", policy: { Statement: { Effect: "Allow", Resource: "*" } } }] })).toEqual(["*"]);
        expect(grantResources("aws:iam/rolePolicy:RolePolicy", { policy: "not json" })).toEqual([]);
    });

    it("reads an Azure scope and a GCP binding's target", () => {
        expect(grantResources("azure-native:authorization:RoleAssignment", { scope: "/subscriptions/s/resourceGroups/rg", roleDefinitionId: "r" })).toEqual(["/subscriptions/s/resourceGroups/rg"]);
        expect(grantResources("gcp:storage/bucketIAMMember:BucketIAMMember", { bucket: "exports", role: "roles/storage.objectViewer", member: "serviceAccount:x" })).toEqual(["storage bucket exports"]);
    });
});
