/**
 * The checked-in package schema (`provider/schema.json`): current with the components' source, and
 * complete enough that a Python, Go, .NET, Java or YAML program sees everything a TypeScript one
 * does: every component, every input documented with its default, governed values plain, no `any`.
 */
import * as fs from "fs";
import { DEFAULT_MAX_ROTATION_DAYS, DEFAULT_MAX_SESSION_SECONDS } from "../../contract/declaration";
import { checkedInSchema } from "./wire";

const COMPONENTS = ["AwsAiToolIdentity", "GcpAiToolIdentity", "AzureAiToolIdentity", "GithubAiToolEnvironment"];
const schema = checkedInSchema();
const token = (name: string) => `nhi-guard:index:${name}`;

/** Every property of the schema, with where it is: resource inputs and outputs, then object types. */
function everyProperty(): { where: string; name: string; prop: any; input: boolean }[] {
    const found: { where: string; name: string; prop: any; input: boolean }[] = [];
    for (const [t, resource] of Object.entries<any>(schema.resources)) {
        for (const [name, prop] of Object.entries<any>(resource.inputProperties)) found.push({ where: `${t} input`, name, prop, input: true });
        for (const [name, prop] of Object.entries<any>(resource.properties)) found.push({ where: `${t} output`, name, prop, input: false });
    }
    const inputTypes = referencedTypes(Object.values<any>(schema.resources).map((r) => r.inputProperties));
    for (const [t, type] of Object.entries<any>(schema.types)) {
        for (const [name, prop] of Object.entries<any>(type.properties ?? {})) found.push({ where: t, name, prop, input: inputTypes.has(t) });
    }
    return found;
}

/** The object types reachable from these property maps. */
function referencedTypes(roots: Record<string, any>[]): Set<string> {
    const seen = new Set<string>();
    const visit = (node: any) => {
        if (!node || typeof node !== "object") return;
        if (typeof node.$ref === "string" && node.$ref.startsWith("#/types/")) {
            const t = node.$ref.slice("#/types/".length);
            if (!seen.has(t)) {
                seen.add(t);
                for (const p of Object.values(schema.types[t]?.properties ?? {})) visit(p);
            }
        }
        for (const v of Object.values(node)) visit(v);
    };
    roots.forEach(visit);
    return seen;
}

/** The input paths that accept an Output (not `plain`): everything else must be known at construction. */
function nonPlainInputs(): string[] {
    const paths: string[] = [];
    const walk = (prefix: string, prop: any) => {
        if (!prop.plain) paths.push(prefix);
        if (prop.items) walk(`${prefix}[]`, prop.items);
        if (prop.additionalProperties) walk(`${prefix}{}`, prop.additionalProperties);
        if (prop.$ref?.startsWith("#/types/")) {
            for (const [name, p] of Object.entries<any>(schema.types[prop.$ref.slice(8)].properties)) walk(`${prefix}.${name}`, p);
        }
    };
    for (const name of COMPONENTS) {
        for (const [input, prop] of Object.entries<any>(schema.resources[token(name)].inputProperties)) walk(`${name}.${input}`, prop);
    }
    return paths.sort();
}

describe("provider/schema.json", () => {
    it(
        "is what the components' source generates (when this fails, run `npm run schema` and commit provider/schema.json)",
        async () => {
            const { generateSchemaText, SCHEMA_PATH } = require("../../provider/schema");
            const generated: string = await generateSchemaText();
            const current = fs.readFileSync(SCHEMA_PATH, "utf8");
            if (current !== generated) throw new Error("provider/schema.json is stale; run `npm run schema`");
        },
        300_000,
    );

    it("serves the four components, as components, under the package's index module", () => {
        expect(schema.name).toBe("nhi-guard");
        expect(Object.keys(schema.resources).sort()).toEqual(COMPONENTS.map(token).sort());
        for (const name of COMPONENTS) {
            expect(schema.resources[token(name)].isComponent).toBe(true);
            expect(schema.resources[token(name)].description?.length).toBeGreaterThan(100);
        }
        // Outputs name no other package's resources, so a generated SDK needs no cloud SDK.
        expect(schema.dependencies).toEqual([]);
    });

    it("has no `any`, and every type reference resolves", () => {
        const text = JSON.stringify(schema);
        expect(text).not.toContain("pulumi.json#/Any");
        for (const ref of text.match(/"#\/types\/[^"]+"/g) ?? []) expect(schema.types).toHaveProperty([JSON.parse(ref).slice(8)]);
        for (const { where, name, prop } of everyProperty()) {
            const kind = prop.type ?? prop.$ref;
            if (!kind) throw new Error(`${where} \`${name}\` has no type`);
        }
    });

    it("documents every input with whether it is required or its default, and every output", () => {
        const problems: string[] = [];
        for (const { where, name, prop, input } of everyProperty()) {
            if (!prop.description) problems.push(`${where} \`${name}\` has no description`);
            else if (input && !/Required|Default:/.test(prop.description)) problems.push(`${where} \`${name}\` says neither "Required" nor its "Default:"`);
        }
        expect(problems).toEqual([]);
    });

    it("requires the shared declaration on every cloud component and the GitHub environment's own", () => {
        for (const name of ["AwsAiToolIdentity", "GcpAiToolIdentity", "AzureAiToolIdentity"]) {
            expect(schema.resources[token(name)].requiredInputs).toEqual(["access", "expiresAt", "owner", "purpose", "tool", "trust"]);
        }
        expect(schema.resources[token("GithubAiToolEnvironment")].requiredInputs).toEqual(["environment", "owner", "repository", "tool"]);
    });

    it("takes an Output only where an unknown value cannot weaken a check: governed values are plain", () => {
        // The GitHub IDs come from lookups (the GitHub component's `trust`): the subject's names
        // are plain, so an unknown ID leaves the trust unverified at preview, never loosened.
        expect(nonPlainInputs()).toEqual([
            "AwsAiToolIdentity.secretRotationLambdaArn",
            "AwsAiToolIdentity.trust.githubActions.ownerId",
            "AwsAiToolIdentity.trust.githubActions.repositoryId",
            "AzureAiToolIdentity.keyVault.resourceGroupName",
            "AzureAiToolIdentity.keyVault.vaultName",
            "AzureAiToolIdentity.location",
            "AzureAiToolIdentity.resourceGroupName",
            "AzureAiToolIdentity.secretValues{}",
            "AzureAiToolIdentity.trust.githubActions.ownerId",
            "AzureAiToolIdentity.trust.githubActions.repositoryId",
            "GcpAiToolIdentity.trust.githubActions.ownerId",
            "GcpAiToolIdentity.trust.githubActions.repositoryId",
            "GithubAiToolEnvironment.secrets[].value",
        ]);
    });

    it("states the defaults the components apply", () => {
        for (const name of ["AwsAiToolIdentity", "GcpAiToolIdentity", "AzureAiToolIdentity"]) {
            expect(schema.resources[token(name)].inputProperties.maxSessionSeconds.description).toContain(`Default: ${DEFAULT_MAX_SESSION_SECONDS}.`);
        }
        for (const type of ["AwsSecret", "GcpSecret", "AzureSecret"]) {
            expect(schema.types[token(type)].properties.rotationDays.description).toContain(`Default: ${DEFAULT_MAX_ROTATION_DAYS}.`);
        }
        expect(schema.resources[token("AwsAiToolIdentity")].inputProperties.access.description).toContain("one of `read`, `write` or `admin`");
    });

    it("types the declaration output, so every language reads it as an object", () => {
        for (const name of ["AwsAiToolIdentity", "GcpAiToolIdentity", "AzureAiToolIdentity"]) {
            expect(schema.resources[token(name)].properties.declaration.$ref).toBe("#/types/nhi-guard:index:AiToolDeclaration");
        }
        expect(Object.keys(schema.types[token("AiToolDeclaration")].properties).sort()).toEqual(
            ["access", "expiresAt", "grants", "maxSessionSeconds", "owner", "purpose", "secrets", "tool", "trust"],
        );
        expect(schema.resources[token("GithubAiToolEnvironment")].properties.trust.$ref).toBe("#/types/nhi-guard:index:GithubActionsTrustOutput");
    });
});
