import fc from "fast-check";
import { GITHUB_ACTIONS_ISSUER, githubActionsSubject, sameGithubEnvironment, splitRepository } from "../../../contract/github/oidc";
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
