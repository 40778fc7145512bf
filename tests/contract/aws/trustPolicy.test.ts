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
        ["GitHub without sub", github({ StringEquals: { [AUD]: "sts.amazonaws.com" } }), /without a `token.actions.githubusercontent.com:sub` condition \(nor `token.actions.githubusercontent.com:repository_id`\)/],
        ["GitHub with no condition at all", github(undefined), /without a `token.actions.githubusercontent.com:sub`/],
        ["GitHub with no condition at all (audience)", github(undefined), /no `token.actions.githubusercontent.com:aud` condition/],
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

const GH = "token.actions.githubusercontent.com";
const COGNITO = "cognito-identity.amazonaws.com";
const aud = { [AUD]: "sts.amazonaws.com" };

describe("readTrustPolicy: GitHub forms of 2026", () => {
    it.each<[string, unknown, string[], { repository: string; environment: string; repositoryId?: string }[]]>([
        ["an immutable subject", github({ StringEquals: { ...aud, [SUB]: "repo:acme@123456/app@456789:environment:prod" } }), ["repo:acme@123456/app@456789:environment:prod"], [{ repository: "acme/app", environment: "prod", repositoryId: "456789" }]],
        ["STS claim keys without sub: repository_id + environment", github({ StringEquals: { ...aud, [`${GH}:repository_id`]: "456789", [`${GH}:environment`]: "prod" } }), ["repository_id:456789:environment:prod"], [{ repository: "repository_id:456789", environment: "prod", repositoryId: "456789" }]],
        ["STS claim keys: repository + repository_id + environment", github({ StringEquals: { ...aud, [`${GH}:repository`]: "acme/app", [`${GH}:repository_id`]: "456789", [`${GH}:environment`]: "prod" } }), ["repo:acme/app:environment:prod"], [{ repository: "acme/app", environment: "prod", repositoryId: "456789" }]],
        ["a customised subject carrying repository_id", github({ StringEquals: { ...aud, [SUB]: "repository_owner_id:1844662:repository_id:599293758:environment:prod" } }), ["repository_owner_id:1844662:repository_id:599293758:environment:prod"], [{ repository: "repository_id:599293758", environment: "prod", repositoryId: "599293758" }]],
        ["a customised subject without repository, with repository_id pinned beside it", github({ StringEquals: { ...aud, [SUB]: "environment:prod", [`${GH}:repository_id`]: "456789" } }), ["environment:prod"], [{ repository: "repository_id:456789", environment: "prod", repositoryId: "456789" }]],
        ["job_workflow_ref and actor beside a pinned subject", github({ StringEquals: { ...aud, [SUB]: "repo:acme/app:environment:prod", [`${GH}:job_workflow_ref`]: "acme/app/.github/workflows/ai.yml@refs/heads/main", [`${GH}:actor_id`]: "42" } }), ["repo:acme/app:environment:prod"], [{ repository: "acme/app", environment: "prod" }]],
    ])("%s is pinned", (_why, doc, subjects, environments) => {
        const t = readTrustPolicy(doc);
        expect(t.problems).toEqual([]);
        expect(t.subjects).toEqual(subjects);
        expect(t.githubEnvironments).toEqual(environments);
        expect(t.githubJobsWithoutEnvironment).toBeUndefined();
    });

    it("a Cognito identity pool pinned by its audience is one subject", () => {
        const t = readTrustPolicy(github({ StringEquals: { [`${COGNITO}:aud`]: "eu-west-1:0f7b-11aa" }, "ForAnyValue:StringLike": { [`${COGNITO}:amr`]: "authenticated" } }, { Federated: COGNITO }));
        expect(t.problems).toEqual([]);
        expect(t.subjects).toEqual([`${COGNITO}:aud=eu-west-1:0f7b-11aa`]);
    });

    it.each<[string, unknown, RegExp]>([
        ["a customised sub with no repository part", github({ StringEquals: { ...aud, [SUB]: "environment:prod" } }), /names no repository/],
        ["a customised sub naming only the owner", github({ StringEquals: { ...aud, [SUB]: "repository_owner:acme:environment:prod" } }), /names no repository/],
        ["a sub GitHub never issues", github({ StringEquals: { ...aud, [SUB]: "prod" } }), /names no repository/],
        ["ForAllValues on repository_id", github({ StringEquals: aud, "ForAllValues:StringEquals": { [`${GH}:repository_id`]: "456789" } }), /`ForAllValues:StringEquals` on `token.actions.githubusercontent.com:repository_id` also passes when the claim is absent/],
        ["IfExists on environment beside a pinned repository", github({ StringEquals: { ...aud, [`${GH}:repository_id`]: "456789" }, StringEqualsIfExists: { [`${GH}:environment`]: "prod" } }), /`StringEqualsIfExists` on `token.actions.githubusercontent.com:environment` also passes/],
        ["ForAllValues on the audience", github({ StringEquals: { [SUB]: "repo:acme/app:environment:prod" }, "ForAllValues:StringEquals": { [AUD]: "sts.amazonaws.com" } }), /no `token.actions.githubusercontent.com:aud` condition/],
        ["a misspelt claim key", github({ StringEquals: { ...aud, [`${GH}:repositoryid`]: "456789", [`${GH}:environment`]: "prod" } }), /`token.actions.githubusercontent.com:repositoryid` is not a GitHub claim STS evaluates/],
        ["a misspelt key is not a pin even beside a good sub", github({ StringEquals: { ...aud, [SUB]: "repo:acme/app:environment:prod", [`${GH}:enviroment`]: "prod" } }), /fix the key's spelling/],
        ["a ? wildcard in the repository", github({ StringEquals: aud, StringLike: { [SUB]: "repo:acme/ap?:environment:prod" } }), /wildcard in the owner\/repository/],
        ["a ? wildcard in the environment", github({ StringEquals: aud, StringLike: { [SUB]: "repo:acme/app:environment:pro?" } }), /has a wildcard; name one exact subject/],
        ["a wildcard in repository_id", github({ StringEquals: { ...aud, [`${GH}:environment`]: "prod" }, StringLike: { [`${GH}:repository_id`]: "4567*" } }), /`token.actions.githubusercontent.com:repository_id` "4567\*" has a wildcard/],
        ["two repository IDs", github({ StringEquals: { ...aud, [`${GH}:repository_id`]: ["1", "2"], [`${GH}:environment`]: "prod" } }), /lists 2 values/],
        ["only the environment claim", github({ StringEquals: { ...aud, [`${GH}:environment`]: "prod" } }), /without a `token.actions.githubusercontent.com:sub` condition \(nor/],
        ["a second statement opening the role to the account", { Statement: [github({ StringEquals: { ...aud, [SUB]: "repo:acme/app:environment:prod" } }).Statement[0], { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }] }, /every identity in the account/],
        ["a second statement opening the role to an organisation", { Statement: [github({ StringEquals: { ...aud, [SUB]: "repo:acme/app:environment:prod" } }).Statement[0], { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }] }, /`\*` principal/],
        ["a second GitHub statement for another repository", { Statement: [github({ StringEquals: { ...aud, [SUB]: "repo:acme/app:environment:prod" } }).Statement[0], github({ StringEquals: { ...aud, [SUB]: "repo:acme/other:environment:prod" } }).Statement[0]] }, /names 2 subjects/],
        ["Cognito without an audience condition", github({ "ForAnyValue:StringLike": { [`${COGNITO}:amr`]: "authenticated" } }, { Federated: COGNITO }), /no `cognito-identity.amazonaws.com:aud` condition/],
        ["Cognito audience only IfExists", github({ StringEqualsIfExists: { [`${COGNITO}:aud`]: "eu-west-1:0f7b" } }, { Federated: COGNITO }), /no `cognito-identity.amazonaws.com:aud` condition/],
        ["Cognito audience as a pattern", github({ StringLike: { [`${COGNITO}:aud`]: "eu-west-1:*" } }, { Federated: COGNITO }), /has a wildcard/],
    ])("%s is not pinned", (_why, doc, problem) => {
        const t = readTrustPolicy(doc);
        expect(t.problems).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    });

    it.each<[string, unknown, string[]]>([
        ["pull requests", github({ StringEquals: { ...aud, [SUB]: "repo:acme/app:pull_request" } }), ["repo:acme/app:pull_request"]],
        ["a branch, immutable form", github({ StringEquals: { ...aud, [SUB]: "repo:acme@1/app@2:ref:refs/heads/main" } }), ["repo:acme@1/app@2:ref:refs/heads/main"]],
        ["any job of the repository", github({ StringEquals: aud, StringLike: { [SUB]: "repo:acme/app:*" } }), ["repo:acme/app:*"]],
        ["a repository by ID with no environment", github({ StringEquals: { ...aud, [`${GH}:repository_id`]: "456789" } }), ["repository_id:456789"]],
    ])("trusting %s lists jobs that run in no environment", (_why, doc, jobs) => {
        const t = readTrustPolicy(doc);
        expect(t.githubJobsWithoutEnvironment).toEqual(jobs);
        expect(t.githubEnvironments).toEqual([]);
    });

    it("never pins a sub that names no repository, however its other parts read", () => {
        const part = fc.constantFrom("environment:prod", "ref:refs/heads/main", "repository_owner:acme", "repository_owner_id:123", "job_workflow_ref:acme/app/.github/workflows/a.yml@refs/heads/main", "actor:bot", "pull_request", "context:prod");
        fc.assert(
            fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
                const t = readTrustPolicy(github({ StringEquals: { ...aud, [SUB]: parts.join(":") } }));
                expect(t.problems.length).toBeGreaterThan(0);
            }),
        );
    });

    it("never pins a pinning claim under an operator that passes when it is absent", () => {
        const claim = fc.constantFrom("sub", "repository", "repository_id", "environment");
        const op = fc.constantFrom("ForAllValues:StringEquals", "ForAllValues:StringLike", "StringEqualsIfExists", "StringLikeIfExists", "ForAllValues:StringEqualsIfExists");
        fc.assert(
            fc.property(claim, op, (c, o) => {
                const value = c === "sub" ? "repo:acme/app:environment:prod" : c === "repository" ? "acme/app" : c === "repository_id" ? "456789" : "prod";
                const t = readTrustPolicy(github({ StringEquals: aud, [o]: { [`${GH}:${c}`]: value } }));
                expect(t.problems.some((p) => p.includes("passes when the claim is absent"))).toBe(true);
            }),
        );
    });
});
