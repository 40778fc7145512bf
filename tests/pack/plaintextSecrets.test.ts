/**
 * nhi-no-plaintext-secrets through real Analyze requests: a credential pasted into any input of any
 * type (the places issue 16 tried: Lambda environment, ECS container definitions, EC2 userData and
 * userDataBase64, CodeBuild PLAINTEXT variables, Cloud Run envs, App Service appSettings, an SSM
 * String parameter, a GitHub Actions variable, Kubernetes manifests, Step Functions definitions) is
 * found, named by field path and kind with at most its last four characters; secret-marked inputs,
 * provider-declared secret inputs, placeholders and documentation keys are not findings.
 */
import { UNKNOWN, secret } from "../../cli/analyzer/protocol";
import { loadPack, mandatory, of, resource, type PackHarness } from "../helpers/pack";
import { KEYS, pem, rand } from "../contract/secrets/keys";

const P = "nhi-no-plaintext-secrets";
let pack: PackHarness;
beforeAll(async () => {
    pack = await loadPack();
});

async function findings(type: string, props: Record<string, unknown>): Promise<string[]> {
    return mandatory(of(await pack.analyze(resource({ type, name: "r", props })), P)).map((d) => d.message);
}

/** The key must not appear in any message, nor any 8 characters of it beyond the last four. */
function expectNotLeaked(messages: string[], key: string): void {
    const text = messages.join("\n");
    const body = key.slice(0, -4);
    for (let i = 0; i + 8 <= body.length; i += 4) expect(text).not.toContain(body.slice(i, i + 8));
}

describe("every string input of every type is scanned", () => {
    const anthropic = KEYS["Anthropic API key"]();
    const openai = KEYS["OpenAI API key"]();
    const aws = KEYS["AWS access key ID"]();
    const gh = KEYS["GitHub personal access token"]();
    const groq = KEYS["Groq API key"]();
    test.each<[string, string, Record<string, unknown>, string, string, string]>([
        ["Lambda environment", "aws:lambda/function:Function", { runtime: "nodejs20.x", environment: { variables: { ANTHROPIC_API_KEY: anthropic } } }, "environment.variables.ANTHROPIC_API_KEY", "Anthropic API key", anthropic],
        [
            "ECS containerDefinitions (JSON in a string)",
            "aws:ecs/taskDefinition:TaskDefinition",
            { family: "agent", containerDefinitions: JSON.stringify([{ name: "agent", image: "agent:1", environment: [{ name: "OPENAI_API_KEY", value: openai }] }]) },
            "containerDefinitions",
            "OpenAI API key",
            openai,
        ],
        ["EC2 userData (shell)", "aws:ec2/instance:Instance", { ami: "ami-1", userData: `#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${aws}\n./run.sh\n` }, "userData", "AWS access key ID", aws],
        ["CodeBuild PLAINTEXT variable", "aws:codebuild/project:Project", { environment: { environmentVariables: [{ name: "GITHUB_TOKEN", type: "PLAINTEXT", value: gh }] } }, "environment.environmentVariables[0].value", "GitHub personal access token", gh],
        ["Cloud Run envs", "gcp:cloudrunv2/service:Service", { template: { containers: [{ image: "x", envs: [{ name: "GROQ", value: groq }] }] } }, "template.containers[0].envs[0].value", "Groq API key", groq],
        ["App Service appSettings", "azure-native:web:WebApp", { siteConfig: { appSettings: [{ name: "ANTHROPIC", value: anthropic }] } }, "siteConfig.appSettings[0].value", "Anthropic API key", anthropic],
        ["an SSM String parameter's value", "aws:ssm/parameter:Parameter", { type: "String", insecureValue: openai }, "insecureValue", "OpenAI API key", openai],
        ["a GitHub Actions variable", "github:index/actionsVariable:ActionsVariable", { repository: "app", variableName: "TOKEN", value: gh }, "value", "GitHub personal access token", gh],
        ["a type nobody catalogued", "acme:index/widget:Widget", { deep: { list: [{ more: { note: `use ${groq} here` } }] } }, "deep.list[0].more.note", "Groq API key", groq],
        [
            "a Kubernetes manifest (YAML)",
            "kubernetes:yaml/v2:ConfigGroup",
            { yaml: `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: agent\n      env:\n        - name: TOKEN\n          value: ${gh}\n` },
            "yaml",
            "GitHub personal access token",
            gh,
        ],
        [
            "a Step Functions definition",
            "aws:sfn/stateMachine:StateMachine",
            { definition: JSON.stringify({ StartAt: "Call", States: { Call: { Type: "Task", Parameters: { Headers: { Authorization: [`Bearer ${anthropic}`] } }, End: true } } }) },
            "definition",
            "Anthropic API key",
            anthropic,
        ],
    ])("%s", async (_where, type, props, field, kind, key) => {
        const m = await findings(type, props);
        const article = /^(?:[AEIOU]|xAI)/.test(kind) ? "an" : "a";
        expect(m).toEqual([expect.stringContaining(`\`${field}\` holds what looks like ${article} ${kind} (ending \`…${key.slice(-4)}\`) in plain text`)]);
        expectNotLeaked(m, key);
    });

    test("base64 userData is decoded and the finding says so", async () => {
        const key = KEYS["GitHub personal access token"]();
        const script = Buffer.from(`#!/bin/bash\necho start\nexport GH_TOKEN=${key}\n`).toString("base64");
        const m = await findings("aws:ec2/launchTemplate:LaunchTemplate", { userData: script });
        expect(m).toEqual([expect.stringContaining("`userData` holds what looks like a GitHub personal access token (ending `…" + key.slice(-4) + "`) base64-encoded in plain text")]);
        expectNotLeaked(m, key);
    });

    test("an AWS secret access key next to its key ID is found by name, in a map and in key=value text", async () => {
        const secretKey = rand(40, "bcdfghjklmnpqrstvwzBCDFGHJKLMNPQRSTVWZ0123456789+/");
        const inMap = await findings("aws:lambda/function:Function", { environment: { variables: { AWS_SECRET_ACCESS_KEY: secretKey } } });
        expect(inMap).toEqual([expect.stringContaining("`environment.variables.AWS_SECRET_ACCESS_KEY` holds what looks like an AWS secret access key")]);
        const inText = await findings("aws:ec2/instance:Instance", { userData: `[default]\naws_secret_access_key = ${secretKey}\n` });
        expect(inText).toEqual([expect.stringContaining("`userData` holds what looks like an AWS secret access key")]);
        expectNotLeaked([...inMap, ...inText], secretKey);
    });

    test.each(["RSA", "EC", "DSA", "OPENSSH", "ENCRYPTED", ""])("a %s private key is found without any of its characters", async (label) => {
        const key = pem(label);
        const m = await findings("aws:s3/bucketObject:BucketObject", { content: key });
        expect(m).toEqual([expect.stringMatching(/^`content` holds what looks like a private key in plain text/)]);
        expectNotLeaked(m, key.replace(/-----[A-Z ]+-----/g, ""));
    });

    test("a GCP service-account key file is named as one", async () => {
        const file = JSON.stringify({ type: "service_account", project_id: "p", private_key_id: rand(40), private_key: pem(""), client_email: "a@p.iam.gserviceaccount.com" });
        expect(await findings("kubernetes:core/v1:ConfigMap", { data: { "key.json": file } })).toEqual([expect.stringContaining("`data.key.json` holds what looks like a GCP service account key (JSON key file) in plain text")]);
    });
});

describe("what is not a finding", () => {
    const key = KEYS["Anthropic API key"]();
    test.each<[string, string, Record<string, unknown>]>([
        ["a secret-marked tag", "aws:iam/role:Role", { tags: { token: secret(key) } }],
        ["a secret-marked nested environment", "aws:lambda/function:Function", { environment: secret({ variables: { ANTHROPIC_API_KEY: key } }) }],
        ["a secret-marked list element", "aws:codebuild/project:Project", { environment: { environmentVariables: [secret({ name: "K", type: "PLAINTEXT", value: key })] } }],
        ["an SSM parameter's value (the provider declares it secret)", "aws:ssm/parameter:Parameter", { type: "SecureString", value: key }],
        ["a GitHub Actions secret's plaintextValue (declared secret)", "github:index/actionsSecret:ActionsSecret", { repository: "app", secretName: "K", plaintextValue: key }],
        ["an azure-native Key Vault secret's properties.value (declared secret)", "azure-native:keyvault:Secret", { properties: { value: key } }],
        ["placeholders", "aws:lambda/function:Function", { environment: { variables: { A: "sk-...", B: "<your-key>", C: "ghp_" + "x".repeat(36), D: "sk-ant-api03-" + "0".repeat(93) + "AA", E: "${OPENAI_API_KEY}" } } }],
        ["AWS's documentation key", "aws:iam/role:Role", { tags: { k: "AKIAIOSFODNN7EXAMPLE" }, description: "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }],
        ["words that contain prefixes", "aws:iam/role:Role", { description: "task-management for sk-learn, AKIA is a prefix, ghp_short, eyJ alone" }],
        ["a database URL whose password is a variable", "aws:ecs/taskDefinition:TaskDefinition", { containerDefinitions: JSON.stringify([{ environment: [{ name: "DB", value: "postgres://app:${DB_PASSWORD}@db:5432/app" }] }]) }],
        ["values unknown at preview", "aws:lambda/function:Function", { environment: { variables: { A: UNKNOWN } }, description: UNKNOWN }],
        ["a policy document and ARNs", "aws:iam/role:Role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" }] }) }],
    ])("%s", async (_why, type, props) => {
        expect(await findings(type, props)).toEqual([]);
    });

    test("a secret-marked tag next to a plain one: only the plain one is reported", async () => {
        const plain = KEYS["xAI API key"]();
        const m = await findings("aws:iam/role:Role", { tags: { sealed: secret(key), open: plain } });
        expect(m).toEqual([expect.stringContaining("`tags.open` holds what looks like an xAI API key")]);
    });
});
