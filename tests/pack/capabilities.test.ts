/**
 * The capability comparison on its own: kinds the e2e fixture does not show (identities added and
 * removed, a new grant document), and that a stack compared with itself has no change.
 */
import { accessChanges } from "../../cli/drift";
import { GOOD_TAGS, document, role, rolePolicy } from "./estate";

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
