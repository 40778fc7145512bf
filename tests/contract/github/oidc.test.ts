import fc from "fast-check";
import { GITHUB_ACTIONS_ISSUER, environmentOfSubject, githubActionsSubject, parseGithubSubject, pinsOneRepository, sameGithubEnvironment, splitRepository } from "../../../contract/github/oidc";
import { formatRotationRecord, readRotationRecord, recordedSecretName, rotationRecordName } from "../../../contract/github/rotationRecord";
import { GithubActionsTrustSchema } from "../../../contract/declaration";

describe("GitHub Actions OIDC", () => {
    it("builds the exact subject and issuer", () => {
        expect(githubActionsSubject("acme/app", "ai-review")).toBe("repo:acme/app:environment:ai-review");
        expect(GITHUB_ACTIONS_ISSUER).toBe("https://token.actions.githubusercontent.com");
    });

    it("splits only `owner/repo`", () => {
        expect(splitRepository("acme/app")).toEqual({ owner: "acme", name: "app" });
        for (const bad of ["app", "acme/*", "acme/app/x", "/app", "acme/"]) expect(splitRepository(bad)).toBeUndefined();
    });

    it.each([
        [{ repository: "acme/app", environment: "ai-review" }, { repository: "app", environment: "ai-review" }, true],
        [{ repository: "acme/app", environment: "ai-review" }, { repository: "ACME/App", environment: "AI-Review" }, true],
        [{ repository: "acme/app", environment: "ai-review" }, { repository: "other/app", environment: "ai-review" }, false],
        [{ repository: "acme/app", environment: "ai-review" }, { repository: "app2", environment: "ai-review" }, false],
        [{ repository: "acme/app", environment: "ai-review" }, { repository: "app", environment: "prod" }, false],
    ])("trusted %j is declared %j: %s", (trusted, declared, same) => {
        expect(sameGithubEnvironment(trusted, declared)).toBe(same);
    });

    it("accepts every name the declaration's trust schema accepts", () => {
        const part = fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/);
        fc.assert(
            fc.property(part, part, part, (owner, repo, env) => {
                const trust = { repository: `${owner}/${repo}`, environment: env };
                expect(GithubActionsTrustSchema.safeParse(trust).success).toBe(true);
                expect(sameGithubEnvironment(trust, { repository: repo, environment: env.toUpperCase() })).toBe(true);
            }),
        );
    });
});

describe("rotation records", () => {
    it("round-trips", () => {
        const text = formatRotationRecord({ owner: "platform-team", rotationDays: 30, rotatedAt: "2026-11-01" });
        expect(text).toBe("owner=platform-team;expires-at=2026-12-01;rotation-days=30;rotated-at=2026-11-01");
        const back = readRotationRecord(text);
        expect(back).toEqual({ owner: "platform-team", rotationDays: 30, rotatedAt: new Date("2026-11-01T00:00:00Z"), dueAt: new Date("2026-12-01T00:00:00Z"), problems: [] });
    });

    it("names records after their secret", () => {
        expect(rotationRecordName("OPENAI_KEY")).toBe("NHI_ROTATION_OPENAI_KEY");
        expect(recordedSecretName("nhi_rotation_openai_key")).toBe("OPENAI_KEY");
        for (const other of ["NHI_ROTATION_", "MODEL", 5, undefined]) expect(recordedSecretName(other)).toBeUndefined();
    });

    it("never throws and never reads a record without both period and date as enabled", () => {
        fc.assert(
            fc.property(fc.oneof(fc.string(), fc.anything()), (text) => {
                const r = readRotationRecord(text);
                if (r.problems.length === 0) expect(r.rotationDays! >= 1 && r.rotatedAt instanceof Date).toBe(true);
            }),
        );
    });
});


describe("githubActionsSubject: immutable form", () => {
    it("writes owner and repository IDs after `@` when both are given", () => {
        expect(githubActionsSubject("acme/app", "prod", { ownerId: "123456", repositoryId: "456789" })).toBe("repo:acme@123456/app@456789:environment:prod");
    });
    it("falls back to names when either ID is missing", () => {
        expect(githubActionsSubject("acme/app", "prod", { ownerId: "123456" })).toBe("repo:acme/app:environment:prod");
    });
});

describe("parseGithubSubject", () => {
    it.each<[string, ReturnType<typeof parseGithubSubject>]>([
        ["repo:acme/app:environment:prod", { repository: "acme/app", environment: "prod", pullRequest: false, wildcard: false }],
        ["repo:octocat@123456/my-repo@456789:ref:refs/heads/main", { repository: "octocat/my-repo", ownerId: "123456", repositoryId: "456789", ref: "refs/heads/main", pullRequest: false, wildcard: false }],
        ["repo:acme/app:pull_request", { repository: "acme/app", pullRequest: true, wildcard: false }],
        ["repository_owner_id:1844662:repository_id:599293758:ref:refs/heads/main", { ownerId: "1844662", repositoryId: "599293758", ref: "refs/heads/main", pullRequest: false, wildcard: false }],
        ["environment:prod", { environment: "prod", pullRequest: false, wildcard: false }],
        ["repo:acme/app:*", { repository: "acme/app", pullRequest: false, wildcard: true }],
    ])("%s", (sub, expected) => {
        expect(parseGithubSubject(sub)).toEqual(expected);
    });

    it.each(["", "acme/app", "repo:", "repo:acme", "repo:acme/app:environment", "unknown_key:x", "repo:acme/app/extra:environment:x"])("%j is not a GitHub subject", (sub) => {
        expect(parseGithubSubject(sub)).toBeUndefined();
    });

    it("pins a repository by name or by ID, never by a pattern or the owner alone", () => {
        expect(pinsOneRepository(parseGithubSubject("repo:acme/app:environment:prod")!)).toBe(true);
        expect(pinsOneRepository(parseGithubSubject("repository_id:42:environment:prod")!)).toBe(true);
        expect(pinsOneRepository(parseGithubSubject("repo:acme/a*:environment:prod")!)).toBe(false);
        expect(pinsOneRepository(parseGithubSubject("repository_owner_id:42:environment:prod")!)).toBe(false);
        expect(pinsOneRepository(parseGithubSubject("environment:prod")!)).toBe(false);
    });

    it("names the environment only for one repository and no pattern", () => {
        expect(environmentOfSubject(parseGithubSubject("repo:acme@1/app@2:environment:prod")!)).toEqual({ repository: "acme/app", environment: "prod", repositoryId: "2" });
        expect(environmentOfSubject(parseGithubSubject("environment:prod")!)).toBeUndefined();
        expect(environmentOfSubject(parseGithubSubject("repo:acme/app:environment:p*")!)).toBeUndefined();
    });
});

describe("sameGithubEnvironment: by ID", () => {
    it("compares repository IDs when both sides carry one", () => {
        expect(sameGithubEnvironment({ repository: "acme/old-name", environment: "prod", repositoryId: "9" }, { repository: "acme/new-name", environment: "prod", repositoryId: "9" })).toBe(true);
        expect(sameGithubEnvironment({ repository: "acme/app", environment: "prod", repositoryId: "9" }, { repository: "acme/app", environment: "prod", repositoryId: "10" })).toBe(false);
    });
});


describe("parseGithubSubject: properties", () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,12}$/);
    const id = fc.integer({ min: 1, max: 2 ** 40 }).map(String);

    it("never throws, whatever the text", () => {
        fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void parseGithubSubject(s)));
        fc.assert(fc.property(fc.array(fc.constantFrom("repo", "environment", "ref", ":", "/", "@", "*", "?", "pull_request", "x"), { maxLength: 20 }), (parts) => void parseGithubSubject(parts.join(""))));
    });

    it("reads back what githubActionsSubject writes, names-only and immutable", () => {
        fc.assert(
            fc.property(name, name, name, fc.option(fc.tuple(id, id), { nil: undefined }), (owner, repo, env, ids) => {
                const sub = githubActionsSubject(`${owner}/${repo}`, env, ids && { ownerId: ids[0], repositoryId: ids[1] });
                const s = parseGithubSubject(sub)!;
                expect(s.repository).toBe(`${owner}/${repo}`);
                expect(s.environment).toBe(env);
                expect(environmentOfSubject(s)).toEqual(ids ? { repository: `${owner}/${repo}`, environment: env, repositoryId: ids[1] } : { repository: `${owner}/${repo}`, environment: env });
            }),
        );
    });

    it("a wildcard put anywhere in the owner or repository never leaves it pinned", () => {
        fc.assert(
            fc.property(name, name, name, fc.constantFrom("*", "?"), fc.boolean(), fc.nat(12), (owner, repo, env, wild, inOwner, at) => {
                const put = (s: string) => s.slice(0, at % (s.length + 1)) + wild + s.slice(at % (s.length + 1));
                const s = parseGithubSubject(`repo:${inOwner ? put(owner) : owner}/${inOwner ? repo : put(repo)}:environment:${env}`);
                expect(s === undefined || !pinsOneRepository(s)).toBe(true);
                if (s) expect(environmentOfSubject(s)).toBeUndefined();
            }),
        );
    });
});
