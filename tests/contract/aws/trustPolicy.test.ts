import fc from "fast-check";
import { readTrustPolicy } from "../../../contract/aws/trustPolicy";

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const SUB = "token.actions.githubusercontent.com:sub";
const AUD = "token.actions.githubusercontent.com:aud";
const github = (condition: unknown, principal: unknown = { Federated: PROVIDER }) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }] });
const pinned = { StringEquals: { [AUD]: "sts.amazonaws.com", [SUB]: "repo:acme/app:environment:ai-review" } };

describe("readTrustPolicy: valid", () => {
    it.each<[string, unknown, string[]]>([
        ["GitHub OIDC pinned to one environment", github(pinned), ["repo:acme/app:environment:ai-review"]],
        ["as a JSON string with StringLike and no wildcard", JSON.stringify(github({ StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: "repo:acme/app:environment:ai-review" } })), ["repo:acme/app:environment:ai-review"]],
        ["condition keys in another case", github({ StringEquals: { "Token.Actions.GitHubUserContent.com:AUD": "sts.amazonaws.com", "TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:SUB": "repo:acme/app:environment:ai-review" } }), ["repo:acme/app:environment:ai-review"]],
        ["one service principal", { Statement: { Effect: "Allow", Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole" } }, ["bedrock-agentcore.amazonaws.com"]],
        ["one role ARN", { Statement: { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/ci" }, Action: "sts:AssumeRole" } }, ["arn:aws:iam::123456789012:role/ci"]],
        ["a Deny with * next to a pinned allow", { Statement: [{ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" }, { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }, ["lambda.amazonaws.com"]],
    ])("%s", (_why, doc, subjects) => {
        const t = readTrustPolicy(doc);
        expect(t.problems).toEqual([]);
        expect(t.subjects).toEqual(subjects);
    });

    it("lists the GitHub environments it names", () => {
        expect(readTrustPolicy(github(pinned)).githubEnvironments).toEqual([{ repository: "acme/app", environment: "ai-review" }]);
    });
});

describe("readTrustPolicy: invalid", () => {
    it.each<[string, unknown, RegExp]>([
        ["Principal *", { Statement: { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" } }, /`\*` principal/],
        ["Principal AWS *", { Statement: { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" } }, /`\*` principal/],
        ["Principal AWS [*] among others", { Statement: { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::1:role/a", "*"] }, Action: "sts:AssumeRole" } }, /`\*` principal/],
        ["account root", { Statement: { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" } }, /every identity in the account/],
        ["bare account id", { Statement: { Effect: "Allow", Principal: { AWS: "123456789012" }, Action: "sts:AssumeRole" } }, /every identity in the account/],
        ["NotPrincipal allow", { Statement: { Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::1:role/a" }, Action: "sts:AssumeRole" } }, /NotPrincipal/],
        ["no principal", { Statement: { Effect: "Allow", Action: "sts:AssumeRole" } }, /no `Principal`/],
        ["GitHub without sub", github({ StringEquals: { [AUD]: "sts.amazonaws.com" } }), /without a `token.actions.githubusercontent.com:sub` condition/],
        ["GitHub with no condition at all", github(undefined), /without a `token.actions.githubusercontent.com:sub`/],
        ["GitHub wildcard owner", github({ StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: "repo:*/app:environment:x" } }), /wildcard in the owner\/repository/],
        ["GitHub wildcard repo", github({ StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: "repo:acme/*" } }), /wildcard in the owner\/repository/],
        ["GitHub wildcard environment", github({ StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: "repo:acme/app:environment:*" } }), /has a wildcard; name one exact subject/],
        ["GitHub several subjects", github({ StringEquals: { [AUD]: "sts.amazonaws.com", [SUB]: ["repo:acme/app:environment:a", "repo:acme/app:environment:b"] } }), /lists 2 subjects/],
        ["GitHub sub with IfExists", github({ StringEquals: { [AUD]: "sts.amazonaws.com" }, StringEqualsIfExists: { [SUB]: "repo:acme/app:environment:a" } }), /passes when the claim is absent/],
        ["GitHub sub only negated", github({ StringEquals: { [AUD]: "sts.amazonaws.com" }, StringNotEquals: { [SUB]: "repo:acme/app:environment:a" } }), /no exact/],
        ["GitHub without aud", github({ StringEquals: { [SUB]: "repo:acme/app:environment:a" } }), /no `token.actions.githubusercontent.com:aud` condition/],
        ["GitHub with a wrong aud", github({ StringEquals: { [AUD]: "https://github.com/acme", [SUB]: "repo:acme/app:environment:a" } }), /set it to `sts.amazonaws.com`/],
        ["two subjects across statements", { Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }, { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }, /names 2 subjects/],
        ["unreadable document", "{", /cannot be read/],
    ])("%s", (_why, doc, problem) => {
        const t = readTrustPolicy(doc);
        expect(t.problems.some((p) => problem.test(p))).toBe(true);
    });

    it("never throws, and a * principal in any spelling is always a problem", () => {
        fc.assert(fc.property(fc.anything(), (v) => void readTrustPolicy(v)));
        const star = fc.constantFrom<unknown>("*", " * ", { AWS: "*" }, { AWS: ["*"] }, { aws: "*" }, { AWS: ["arn:aws:iam::123456789012:role/a", "*"] });
        fc.assert(fc.property(star, fc.boolean(), (principal, asString) => {
            const doc = { Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }] };
            expect(readTrustPolicy(asString ? JSON.stringify(doc) : doc).problems.length).toBeGreaterThan(0);
        }));
    });

    it("never passes a GitHub subject with a wildcard in owner or repo", () => {
        const part = fc.stringMatching(/^[a-z0-9]{0,6}[*?][a-z0-9]{0,6}$/);
        fc.assert(
            fc.property(part, fc.boolean(), fc.constantFrom("StringLike", "StringEquals", "ForAnyValue:StringLike"), (wild, inOwner, op) => {
                const sub = inOwner ? `repo:${wild}/app:environment:x` : `repo:acme/${wild}:environment:x`;
                const t = readTrustPolicy(github({ StringEquals: { [AUD]: "sts.amazonaws.com" }, [op]: { [SUB]: sub } }));
                expect(t.problems.length).toBeGreaterThan(0);
            }),
        );
    });
});
