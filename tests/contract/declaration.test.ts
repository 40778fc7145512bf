import { DeclarationError, declarationJsonSchema, grantEnd, validateDeclaration } from "../../contract/declaration";

const now = new Date("2027-01-01T00:00:00Z");
const valid = {
    tool: "claude-code",
    owner: "platform-team",
    purpose: "Reviews pull requests in acme/app.",
    expiresAt: "2027-03-31",
    access: "read",
    trust: { githubActions: { repository: "acme/app", environment: "ai-review" } },
    grants: [{ name: "docs", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::docs/*"], until: "2027-02-01" }],
};

function problems(input: unknown): string[] {
    try {
        validateDeclaration("tool", input, { now });
    } catch (e) {
        expect(e).toBeInstanceOf(DeclarationError);
        return (e as DeclarationError).problems;
    }
    return [];
}

describe("validateDeclaration", () => {
    it("accepts a valid declaration and fills defaults", () => {
        const d = validateDeclaration("tool", { ...valid, owner: " platform-team " }, { now });
        expect(d.owner).toBe("platform-team");
        expect(d.maxSessionSeconds).toBe(3600);
        expect(d.secrets).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
        ["missing owner", { owner: undefined }, /^`owner`: /],
        ["placeholder owner", { owner: "TBD" }, /^`owner`: owner "TBD" names nobody/],
        ["owner with a newline", { owner: "team\nx" }, /^`owner`: /],
        ["impossible date", { expiresAt: "2027-02-30" }, /^`expiresAt`: use a UTC date/],
        ["other time zone", { expiresAt: "2027-03-31T00:00:00+01:00" }, /^`expiresAt`: use a UTC date/],
        ["past expiry", { expiresAt: "2026-12-31" }, /^`expiresAt` 2026-12-31 is in the past/],
        ["expiry beyond a year", { expiresAt: "2028-06-01" }, /^`expiresAt` 2028-06-01 is more than 365 days away/],
        ["unknown access", { access: "readonly" }, /^`access`: use `read`, `write` or `admin`/],
        ["wildcard repository", { trust: { githubActions: { repository: "acme/*", environment: "x" } } }, /^`trust\.githubActions\.repository`: use `owner\/repo` with no wildcard/],
        ["two trusts", { trust: { service: "bedrock-agentcore.amazonaws.com", identity: "arn:aws:iam::123456789012:role/x" } }, /^`trust`: name exactly one of/],
        ["no trust", { trust: {} }, /^`trust`: name exactly one of .* \(got none\)/],
        ["past grant", { grants: [{ actions: ["s3:GetObject"], until: "2026-06-01" }] }, /^`grants\[0\]\.until` 2026-06-01 is in the past/],
        ["unknown field", { extra: 1 }, /^`\(declaration\)`: /],
        ["session too long", { maxSessionSeconds: 43201 }, /^`maxSessionSeconds`: /],
        ["bad tool slug", { tool: "Claude Code" }, /^`tool`: use lower case letters/],
    ])("reports %s in one line naming the field", (_why, patch, expected) => {
        const found = problems({ ...valid, ...patch });
        expect(found.some((p) => expected.test(p))).toBe(true);
        for (const p of found) expect(p).not.toMatch(/\n/);
    });

    it("reports every problem at once", () => {
        expect(problems({ ...valid, owner: "", expiresAt: "nope", access: "x" }).length).toBeGreaterThanOrEqual(3);
    });

    it("reports non-object input without throwing anything but a DeclarationError", () => {
        for (const input of [undefined, null, "x", 5, []]) expect(problems(input).length).toBeGreaterThan(0);
    });

    it("error message lists problems one per line", () => {
        try {
            validateDeclaration("my-tool", { ...valid, owner: "" }, { now });
            throw new Error("expected a DeclarationError");
        } catch (e) {
            expect((e as Error).message).toMatch(/^invalid declaration for "my-tool":\n  - `owner`/);
        }
    });
});

describe("grantEnd", () => {
    it("is the earlier of the grant's until and the identity's expiry", () => {
        expect(grantEnd({ expiresAt: "2027-03-31" }, { until: "2027-02-01" }).toISOString()).toBe("2027-02-01T00:00:00.000Z");
        expect(grantEnd({ expiresAt: "2027-03-31" }, { until: "2027-06-01" }).toISOString()).toBe("2027-03-31T00:00:00.000Z");
        expect(grantEnd({ expiresAt: "2027-03-31T12:00:00Z" }, {}).toISOString()).toBe("2027-03-31T12:00:00.000Z");
    });
});

describe("declarationJsonSchema", () => {
    it("describes the required fields", () => {
        const schema = declarationJsonSchema() as { required: string[]; properties: Record<string, unknown> };
        expect(schema.required).toEqual(expect.arrayContaining(["tool", "owner", "purpose", "expiresAt", "access", "trust"]));
        expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["grants", "secrets", "maxSessionSeconds"]));
    });
});
