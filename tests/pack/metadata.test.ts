/**
 * The pack's public surface: policy names users put in config and exemptions, and the metadata a
 * compliance team reads. Framework IDs are checked against the pack's copy of the reference list.
 */
import * as fs from "fs";
import * as path from "path";
import { PACK_DIR, loadPack, type PackHarness } from "../helpers/pack";
import { REGISTRY } from "../../policy-packs/nhi-guard/src/registry";
import { owaspNhi, OWASP_NHI, TAG_FRAMEWORKS } from "../../policy-packs/nhi-guard/src/frameworks";
import * as declaration from "../../contract/declaration";
import { DEFAULT_OWNER_PATTERN } from "../../contract/annotations";

const frameworksMd = fs.readFileSync(path.join(PACK_DIR, "docs/frameworks.md"), "utf8");
/** `| ID | Title |` rows of the section that starts with `heading`. */
function idsOf(heading: string): Map<string, string> {
    const start = frameworksMd.indexOf(heading);
    const section = frameworksMd.slice(start, frameworksMd.indexOf("\n## ", start + 1) >>> 0 || undefined);
    const rows = new Map<string, string>();
    for (const m of section.matchAll(/^\| ([A-Z][A-Z.]*[- ]?[0-9.]+) \| ([^|]+?) \|/gm)) rows.set(m[1], m[2].trim());
    return rows;
}

const ADVISORY_BY_DEFAULT = new Set(["nhi-no-identity-reuse", "nhi-environment-isolation"]);

let pack: PackHarness;
beforeAll(async () => {
    pack = await loadPack();
});

test("the pack serves exactly the 16 policies of the design, by name", () => {
    expect(pack.info.name).toBe("nhi-guard");
    expect(pack.info.version).toBe(require(path.join(PACK_DIR, "package.json")).version);
    expect(pack.info.policies.map((p) => p.name).sort()).toEqual([
        "nhi-approved-drift",
        "nhi-declared-access",
        "nhi-environment-isolation",
        "nhi-expiry-required",
        "nhi-human-approval",
        "nhi-least-privilege",
        "nhi-no-human-use",
        "nhi-no-identity-reuse",
        "nhi-no-long-lived-credentials",
        "nhi-no-plaintext-secrets",
        "nhi-no-shadow-access",
        "nhi-no-standing-access",
        "nhi-owner-required",
        "nhi-secret-rotation-required",
        "nhi-short-sessions",
        "nhi-trust-pinned",
    ]);
});

test("the design's level of each policy: resource, stack, or both", () => {
    const levels = Object.fromEntries(REGISTRY.map((p) => [p.name, [p.validateResource && "resource", p.validateStack && "stack"].filter(Boolean).join(" + ")]));
    expect(levels).toEqual({
        "nhi-owner-required": "resource",
        "nhi-expiry-required": "resource",
        "nhi-no-standing-access": "resource + stack",
        "nhi-no-long-lived-credentials": "resource",
        "nhi-secret-rotation-required": "stack",
        "nhi-short-sessions": "resource",
        "nhi-trust-pinned": "resource",
        "nhi-least-privilege": "resource + stack",
        "nhi-declared-access": "stack",
        "nhi-no-shadow-access": "stack",
        "nhi-human-approval": "resource + stack",
        "nhi-no-plaintext-secrets": "resource",
        "nhi-approved-drift": "stack",
        "nhi-no-identity-reuse": "stack",
        "nhi-environment-isolation": "stack",
        "nhi-no-human-use": "stack",
    });
});

describe.each(REGISTRY.map((p) => [p.name, p] as const))("%s", (_name, policy) => {
    test("description is one sentence starting 'Checks that'", () => {
        expect(policy.description).toMatch(/^Checks that [^.]+(?:\.[^ .][^.]*)*\.$/);
        expect(policy.description.length).toBeLessThan(300);
    });
    test("severity, enforcement level and remediation are set", () => {
        expect(["low", "medium", "high", "critical"]).toContain(policy.severity);
        // Reuse is often deliberate in existing estates (a shared deploy identity) and environment
        // names are a convention: advisory until config makes them mandatory; every other policy blocks.
        expect(policy.enforcementLevel).toBe(ADVISORY_BY_DEFAULT.has(policy.name) ? "advisory" : "mandatory");
        expect(policy.remediationSteps.length).toBeGreaterThan(40);
    });
    test("framework IDs exist in frameworks.md with the same titles", () => {
        const nhi = idsOf("## OWASP Non-Human Identities Top 10");
        expect(nhi.get(policy.framework)).toBe(OWASP_NHI[policy.framework]);
        expect(owaspNhi(policy.framework).specification).toBe(nhi.get(policy.framework));
        const lists: Record<string, Map<string, string>> = {
            "owasp-asi": idsOf("## OWASP Top 10 for Agentic Applications"),
            "nist-csf": idsOf("## NIST Cybersecurity Framework 2.0"),
            "nist-ai-rmf": new Map([...idsOf("## NIST AI Risk Management Framework").entries()].map(([k, v]) => [k.replace(" ", "-"), v])),
        };
        expect(policy.tags.length).toBeGreaterThan(0);
        for (const tag of policy.tags) {
            const [framework, id] = tag.split(":");
            expect(lists[framework]?.has(id)).toBe(true);
        }
        expect(policy.tags.some((t) => t.startsWith("owasp-asi:"))).toBe(true);
        expect(policy.tags.some((t) => t.startsWith("nist-csf:"))).toBe(true);
    });
    test("every config option has a documented default, and exemptions are always accepted", () => {
        const served = pack.info.policies.find((p) => p.name === policy.name)!;
        const props = served.configSchema!.properties!;
        expect(Object.keys(props).sort()).toEqual([...policy.options, "exemptions"].sort());
        for (const [key, schema] of Object.entries(props)) {
            expect(schema).toHaveProperty("default");
            expect(String(schema.description)).toMatch(key === "exemptions" ? /Exempted:/ : /Default|default/);
        }
    });
});

test("the lists in frameworks.ts are exactly those of frameworks.md", () => {
    expect([...idsOf("## OWASP Non-Human Identities Top 10").keys()]).toEqual(Object.keys(OWASP_NHI));
    expect([...idsOf("## OWASP Top 10 for Agentic Applications").keys()]).toEqual([...TAG_FRAMEWORKS["owasp-asi"]]);
    expect([...idsOf("## NIST Cybersecurity Framework 2.0").keys()]).toEqual([...TAG_FRAMEWORKS["nist-csf"]]);
    expect([...idsOf("## NIST AI Risk Management Framework").keys()].map((k) => k.replace(" ", "-"))).toEqual([...TAG_FRAMEWORKS["nist-ai-rmf"]]);
});

test("config defaults are the contract's, so components and pack agree", () => {
    const schema = (name: string) => pack.info.policies.find((p) => p.name === name)!.configSchema!.properties!;
    expect(schema("nhi-expiry-required").maxLifetimeDays.default).toBe(declaration.DEFAULT_MAX_LIFETIME_DAYS);
    expect(schema("nhi-expiry-required").maxLifetimeDays.default).toBe(365);
    expect(schema("nhi-no-long-lived-credentials").maxCredentialDays.default).toBe(90);
    expect(schema("nhi-secret-rotation-required").maxRotationDays.default).toBe(30);
    expect(schema("nhi-short-sessions").maxSessionSeconds.default).toBe(3600);
    expect(schema("nhi-owner-required").ownerPattern.default).toBe(DEFAULT_OWNER_PATTERN);
    expect(schema("nhi-least-privilege").scope.default).toBe("ai-tools");
});

test("the pack folder is publishable: PulumiPolicy.yaml, own package.json with only the policy runtime", () => {
    expect(fs.readFileSync(path.join(PACK_DIR, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
    const pkg = require(path.join(PACK_DIR, "package.json"));
    expect(pkg.name).toBe("nhi-guard-policy-pack");
    expect(pkg.main).toBe("dist/index.js");
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi"]);
});
