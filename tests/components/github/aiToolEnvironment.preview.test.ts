import * as pulumi from "@pulumi/pulumi";
import { installMocks, peek, type MockEstate } from "../../helpers/mocks";
import { readFacts } from "../../../contract/catalogue";

let estate: MockEstate;
let mod: typeof import("../../../components/github");

beforeAll(async () => {
    estate = await installMocks({ preview: true });
    mod = require("../../../components/github");
});

describe("GithubAiToolEnvironment (preview mode)", () => {
    it("keeps every governed value known at preview, so the pack's checks stay mandatory", async () => {
        expect(pulumi.runtime.isDryRun()).toBe(true);
        const env = new mod.GithubAiToolEnvironment("pv", {
            tool: "copilot-agent",
            owner: "platform-team",
            repository: "acme/app",
            environment: "ai-agent",
            reviewerUserIds: [31],
            secrets: [{ name: "VENDOR_KEY", value: pulumi.secret("v"), rotatedAt: new Date().toISOString().slice(0, 10) }],
        });
        await estate.settled();
        expect(env.trust).toEqual({ githubActions: { repository: "acme/app", environment: "ai-agent" } });
        const subject = await peek(env.subject);
        expect(subject).toEqual({ known: true, secret: false, value: "repo:acme/app:environment:ai-agent" });
        expect(env.secretNames).toEqual(["VENDOR_KEY"]);

        const children = estate.childrenOf("pv");
        expect(children.map((r) => r.name).sort()).toEqual(["pv-environment", "pv-ruleset", "pv-secret-vendor_key", "pv-secret-vendor_key-rotation", "pv-workflow-permissions"]);
        for (const r of children) {
            expect(JSON.stringify(r.inputs)).not.toContain("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
            const facts = readFacts(r.type, r.inputs)!;
            if (facts.gate) expect(facts.gate.problems).toEqual([]);
        }
        expect(estate.get("github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret", "pv-secret-vendor_key").secretInputs).toEqual(["value"]);
        expect(estate.get("github:index/repositoryEnvironment:RepositoryEnvironment", "pv-environment").inputs.reviewers).toEqual([{ users: [31] }]);
    });

    it("fails before creating any child, at preview too", async () => {
        expect(() => new mod.GithubAiToolEnvironment("pv-bad", { tool: "copilot-agent", owner: "platform-team", repository: "acme/app", environment: "ai" } as any)).toThrow(
            /`reviewerTeamIds`\/`reviewerUserIds`: name at least one human team or user/,
        );
        await estate.settled();
        expect(estate.childrenOf("pv-bad")).toEqual([]);
    });
});
