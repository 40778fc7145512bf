/**
 * `immutableSubject`: the GitHub component looks up the owner's and repository's IDs (getUser,
 * getRepository) and hands them to the cloud components in `trust`, so the immutable subject is
 * never copied by hand; the cloud component then trusts exactly what GitHub issues.
 */
import * as pulumi from "@pulumi/pulumi";
import { readTrustPolicy } from "../../../contract/aws/trustPolicy";

const calls: { token: string; inputs: Record<string, any> }[] = [];
const registered: { type: string; name: string; inputs: Record<string, any> }[] = [];

let gh: typeof import("../../../components/github");
let aws: typeof import("../../../components/aws");

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push({ type: args.type, name: args.name, inputs: args.inputs });
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => {
                calls.push({ token: args.token, inputs: args.inputs });
                if (args.token === "github:index/getUser:getUser") return { ...args.inputs, id: "123456", login: args.inputs.username };
                if (args.token === "github:index/getRepository:getRepository") return { ...args.inputs, repoId: 456789, name: "app" };
                return args.inputs;
            },
        },
        "nhi-guard-test",
        "test",
        false,
    );
    gh = require("../../../components/github");
    aws = require("../../../components/aws");
});

const base = { tool: "claude-code", owner: "platform-team", repository: "acme/app", environment: "ai-review", reviewerTeamIds: [4242], toolAppId: 777 };
const settle = () => new Promise((r) => setTimeout(r, 50));
const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));

describe("GithubAiToolEnvironment with immutableSubject", () => {
    it("looks the IDs up from the repository it governs and issues the immutable subject", async () => {
        const env = new gh.GithubAiToolEnvironment("rev", { ...base, immutableSubject: true });
        expect(await value(env.subject)).toBe("repo:acme@123456/app@456789:environment:ai-review");
        expect(calls.map((c) => [c.token, c.inputs])).toEqual(
            expect.arrayContaining([
                ["github:index/getUser:getUser", { username: "acme" }],
                ["github:index/getRepository:getRepository", { fullName: "acme/app" }],
            ]),
        );
        const trust = env.trust.githubActions;
        expect([trust.repository, trust.environment]).toEqual(["acme/app", "ai-review"]);
        expect(await value(pulumi.output(trust.ownerId!))).toBe("123456");
        expect(await value(pulumi.output(trust.repositoryId!))).toBe("456789");
    });

    it("its trust, passed on as it is, makes an AWS role trust exactly that subject", async () => {
        const env = new gh.GithubAiToolEnvironment("pass", { ...base, environment: "ai-pass", immutableSubject: true });
        new aws.AiToolIdentity("pass", {
            tool: "claude-code",
            owner: "platform-team",
            purpose: "Reviews pull requests",
            expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
            access: "read",
            trust: env.trust,
            githubOidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
        });
        await value(env.subject);
        await settle();
        const role = registered.find((r) => r.type === "aws:iam/role:Role" && r.name === "pass-role")!;
        expect(role.inputs.assumeRolePolicy.Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]).toBe("repo:acme@123456/app@456789:environment:ai-pass");
        expect(readTrustPolicy(role.inputs.assumeRolePolicy).problems).toEqual([]);
    });

    it("without it, looks nothing up and keeps the names-only subject", async () => {
        const before = calls.length;
        const env = new gh.GithubAiToolEnvironment("plain", { ...base, environment: "ai-plain" });
        expect(await value(env.subject)).toBe("repo:acme/app:environment:ai-plain");
        expect(calls.length).toBe(before);
        expect(env.trust).toEqual({ githubActions: { repository: "acme/app", environment: "ai-plain" } });
    });

    it("refuses a value that is not a boolean", () => {
        expect(() => new gh.GithubAiToolEnvironment("bad", { ...base, immutableSubject: "yes" as any })).toThrow(/`immutableSubject`: must be `true` or `false`/);
    });
});
