/**
 * The type tokens changed to `nhi-guard:index:<ClassName>` for the multi-language package. Each
 * component registers an alias to its old token, so a stack deployed with it moves the component
 * and its children to the new URNs instead of replacing a live IAM role, service account or
 * managed identity.
 */
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../helpers/mocks";
import { prReviewer } from "../components/aws/fixtures";
import { dataAgent } from "../components/gcp/fixtures";
import { supportAgent } from "../components/azure/fixtures";

const aliasesByName = new Map<string, string[]>();

beforeAll(async () => {
    await installMocks({ preview: true });
    const monitor: any = pulumi.runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        const specs = (req.getAliasesList?.() ?? []).map((a: any) => (a.hasSpec() ? `type=${a.getSpec().getType()}` : `urn=${a.getUrn()}`));
        const urns = req.getAliasurnsList?.() ?? [];
        aliasesByName.set(req.getName(), [...specs, ...urns]);
        return register(req, callback);
    };
});

it.each([
    ["aws", "nhi-guard:aws:AiToolIdentity", () => new (require("../../components/aws").AwsAiToolIdentity)("al-aws", prReviewer())],
    ["gcp", "nhi-guard:gcp:AiToolIdentity", () => new (require("../../components/gcp").GcpAiToolIdentity)("al-gcp", dataAgent({ accountId: "alias-agent" }))],
    ["azure", "nhi-guard:azure:AiToolIdentity", () => new (require("../../components/azure").AzureAiToolIdentity)("al-azure", supportAgent())],
    ["github", "nhi-guard:github:AiToolEnvironment", () => new (require("../../components/github").GithubAiToolEnvironment)("al-github", { tool: "claude-code", owner: "platform-team", repository: "acme/app", environment: "ai", reviewerTeamIds: [1] })],
])("%s: the component aliases its old token", async (cloud, oldType, build) => {
    build();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const aliases = aliasesByName.get(`al-${cloud}`)!;
    expect(aliases.some((a) => a === `type=${oldType}` || a.includes(`::${oldType}::al-${cloud}`))).toBe(true);
});

it("keeps the aliases a user passes", async () => {
    const { AwsAiToolIdentity } = require("../../components/aws");
    new AwsAiToolIdentity("al-kept", prReviewer(), { aliases: [{ name: "old-name" }] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(aliasesByName.get("al-kept")!.length).toBe(2);
});
