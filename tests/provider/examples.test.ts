/**
 * The Python and YAML examples use the package as its schema describes it: every argument they
 * pass exists, and the YAML program's declarations, sent as YAML sends them, construct the same
 * components the TypeScript example does. (The programs themselves need the Pulumi CLI to run.)
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import type { PackagedComponentProvider } from "../../provider/host";
import { installMocks, type MockEstate } from "../helpers/mocks";
import { daysFromNow } from "../../components/shared/dates";
import { checkedInSchema, constructFromWire, hostedProvider } from "./wire";

const EXAMPLES = path.join(__dirname, "../../examples");
const schema = checkedInSchema();
const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

let estate: MockEstate;
let provider: PackagedComponentProvider;

beforeAll(async () => {
    estate = await installMocks({ preview: true });
    provider = hostedProvider();
});

describe("examples/yaml-pr-reviewer", () => {
    const program: any = yaml.load(fs.readFileSync(path.join(EXAMPLES, "yaml-pr-reviewer/Pulumi.yaml"), "utf8"));
    const config: Record<string, string> = { githubOidcProviderArn: program.config.githubOidcProviderArn.default, expiresAt: daysFromNow(90), modelAccessUntil: daysFromNow(30) };
    const interpolate = (value: any): any =>
        typeof value === "string" ? value.replace(/^\$\{(\w+)\}$/, (_, key: string) => config[key] ?? `\${${key}}`)
        : Array.isArray(value) ? value.map(interpolate)
        : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]))
        : value;

    it("points at the package folder and uses only its components", () => {
        expect(program.packages).toEqual({ "nhi-guard": "../../provider" });
        for (const resource of Object.values<any>(program.resources)) expect(Object.keys(schema.resources)).toContain(resource.type);
    });

    it("constructs each declared component, at preview, with no error", async () => {
        for (const [name, resource] of Object.entries<any>(program.resources)) {
            await constructFromWire(provider, resource.type, name, interpolate(resource.properties));
        }
        await estate.settled();
        expect(estate.get("aws:iam/role:Role", "prReviewer-role").inputs.tags).toMatchObject({ "nhi:owner": "platform-team", "nhi:access": "read" });
        expect(estate.ofType("aws:iam/rolePolicy:RolePolicy").map((r) => r.name).sort()).toEqual(["prReviewer-grant-invoke-model", "prReviewer-grant-read-design-docs"]);
        expect(estate.get("github:index/repositoryEnvironment:RepositoryEnvironment", "prReviewerCi-environment").inputs.preventSelfReview).toBe(true);
    });

    it("reads only outputs the components have", () => {
        for (const expression of Object.values<string>(program.outputs)) {
            const [, resource, output] = /^\$\{(\w+)\.(\w+)\}$/.exec(expression)!;
            expect(Object.keys(schema.resources[program.resources[resource].type].properties)).toContain(output);
        }
    });
});

describe("examples/python-pr-reviewer", () => {
    const source = fs.readFileSync(path.join(EXAMPLES, "python-pr-reviewer/__main__.py"), "utf8");

    it.each(["AwsAiToolIdentity", "GithubAiToolEnvironment"])("passes %s only arguments its schema has", (component) => {
        const call = new RegExp(`nhi\\.${component}\\(\\n([\\s\\S]*?)\\n\\)`).exec(source);
        expect(call).not.toBeNull();
        const keywords = [...call![1].matchAll(/^    (\w+)=/gm)].map((m) => m[1]).filter((k) => k !== "opts");
        expect(keywords.length).toBeGreaterThan(3);
        const inputs = Object.keys(schema.resources[`nhi-guard:index:${component}`].inputProperties);
        for (const keyword of keywords) expect(inputs).toContain(camel(keyword));
        for (const required of schema.resources[`nhi-guard:index:${component}`].requiredInputs) expect(keywords.map(camel)).toContain(required);
    });

    it("reads only outputs the components have", () => {
        const outputs = [...source.matchAll(/(reviewer|ci)\.(\w+)\)/g)].map((m) => [m[1] === "ci" ? "GithubAiToolEnvironment" : "AwsAiToolIdentity", camel(m[2])]);
        expect(outputs.length).toBe(3);
        for (const [component, output] of outputs) expect(Object.keys(schema.resources[`nhi-guard:index:${component}`].properties)).toContain(output);
    });
});
