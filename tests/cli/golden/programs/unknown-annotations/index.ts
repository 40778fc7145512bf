// Annotations computed from other resources' outputs are unknown at preview: the inventory must
// say so, never print the engine's sentinel, and still link the grant through its dependency.
import * as aws from "@pulumi/aws";

const team = new aws.iam.Group("owners", { name: "platform-team" });
const role = new aws.iam.Role("agent", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
    tags: { "nhi:owner": team.uniqueId, "nhi:tool": "claude-code", "nhi:expires-at": "2099-12-31" },
});
new aws.iam.RolePolicy("agent-read", {
    role: role.name,
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }),
});
