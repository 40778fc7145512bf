/**
 * Secrets: known values are planted in secret-marked inputs, secure config, plain inputs, and an
 * export's ciphertext and plaintext secret forms; every verb then runs in every format it offers
 * (read from the format registries, so a new format is covered by itself), writing `--output`,
 * and no planted value may appear in stdout, stderr or the written report. Credential-shaped
 * values in plain inputs must still be reported, by kind and at most their last four characters.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { catalogueFormatNames } from "../../cli/catalogue/formats";
import { inventoryFormatNames } from "../../cli/inventory/formats";
import { formatNames } from "../../cli/report/formats";
import { EXPORTS, ROOT } from "../cli/cliHelpers";

const PLANTS: Record<string, string> = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/plants.json"), "utf8"));
const PROGRAM = path.join(__dirname, "fixtures/programs/secrets");
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-guard-secrets-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The estate export plus an AI tool's role carrying planted values in every secret form an export has. */
function plantedExport(): string {
    const doc = JSON.parse(fs.readFileSync(path.join(EXPORTS, "v3-estate.json"), "utf8"));
    const cipher = { [SIG]: SECRET, ciphertext: `v1:${PLANTS.exportCiphertext}` };
    const plain = (v: unknown) => ({ [SIG]: SECRET, plaintext: JSON.stringify(v) });
    const soon = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
    const props = {
        name: "planted",
        maxSessionDuration: 3600,
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        description: `key ${PLANTS.exportAwsKeyPlain} pasted here`,
        tags: { "nhi:owner": "platform-team", "nhi:expires-at": soon, "nhi:tool": "claude-code", "nhi:access": "read", "ci-token": plain(PLANTS.exportOpenAiSecretTag), sealed: cipher },
        permissionsBoundary: plain(PLANTS.exportPlainSecret),
    };
    const stack = doc.deployment.resources[0].urn.split("::")[0].slice("urn:pulumi:".length);
    doc.deployment.resources.push({
        urn: `urn:pulumi:${stack}::estate::aws:iam/role:Role::planted`,
        type: "aws:iam/role:Role",
        custom: true,
        id: "planted",
        parent: doc.deployment.resources[0].urn,
        inputs: props,
        outputs: { ...props, arn: "arn:aws:iam::123456789012:role/planted", secretOut: cipher, shown: plain({ nested: PLANTS.exportPlainSecret }) },
    });
    const file = path.join(tmp, "planted.json");
    fs.writeFileSync(file, JSON.stringify(doc));
    return file;
}

interface Run {
    name: string;
    code: number | null;
    out: string;
    file: string;
}

function cli(name: string, args: string[]): Promise<Run> {
    const output = path.join(tmp, `${name}.out`);
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, "bin/nhi-guard.js"), ...args, "--output", output], { cwd: ROOT });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("close", (code) => resolve({ name, code, out, file: fs.existsSync(output) ? fs.readFileSync(output, "utf8") : "" }));
    });
}

/** Every 8-character window of the part of a value that must never be shown (all but its last four). */
function fragments(value: string): string[] {
    const hidden = value.slice(0, -4);
    const out: string[] = [];
    for (let i = 0; i + 8 <= hidden.length; i++) out.push(hidden.slice(i, i + 8));
    return out;
}

/** Where a planted value leaked (a fragment of it, in an output), for a readable failure. */
function leaks(text: string): string[] {
    const found: string[] = [];
    for (const [name, value] of Object.entries(PLANTS)) {
        // Windows with a digit: the planted values' own random parts, never words of the gate's messages.
        const hit = fragments(value).find((f) => /\d/.test(f) && text.includes(f));
        if (hit) found.push(`${name} (${hit})`);
    }
    return found;
}

describe("no planted secret appears in any output of any verb or format", () => {
    let runs: Run[];
    beforeAll(async () => {
        const exportFile = plantedExport();
        const jobs: [string, string[]][] = [
            ...formatNames().map((f): [string, string[]] => [`preview-${f}`, ["preview", PROGRAM, "--format", f]]),
            ...formatNames().map((f): [string, string[]] => [`audit-${f}`, ["audit", exportFile, "--format", f]]),
            ...inventoryFormatNames().map((f): [string, string[]] => [`inventory-${f}`, ["inventory", exportFile, "--format", f]]),
            ...catalogueFormatNames().map((f): [string, string[]] => [`policies-${f}`, ["policies", "--format", f]]),
        ];
        runs = [];
        for (let i = 0; i < jobs.length; i += 3) runs.push(...(await Promise.all(jobs.slice(i, i + 3).map(([n, a]) => cli(n, a)))));
    }, 240_000);

    test("every verb and format ran and wrote its report", () => {
        expect(runs.length).toBe(2 * formatNames().length + inventoryFormatNames().length + catalogueFormatNames().length);
        for (const r of runs) {
            expect([r.name, r.code]).toEqual([r.name, r.name.startsWith("preview") || r.name.startsWith("audit") ? 1 : 0]);
            expect([r.name, r.file.length > 0]).toEqual([r.name, true]);
        }
    });

    test("no fragment of a planted value in stdout, stderr or --output", () => {
        const found = runs.flatMap((r) => [...leaks(r.out).map((l) => `${r.name} terminal: ${l}`), ...leaks(r.file).map((l) => `${r.name} report: ${l}`)]);
        expect(found).toEqual([]);
    });

    test("the leak check itself sees a planted value (it can fail)", () => {
        expect(leaks(`token ${PLANTS.githubPlain}`)).toContainEqual(expect.stringMatching(/^githubPlain \(/));
        expect(leaks(`token ${PLANTS.githubPlain.slice(0, -4)}`)).toContainEqual(expect.stringMatching(/^githubPlain \(/));
        expect(leaks(`a GitHub token ending \`…${PLANTS.githubPlain.slice(-4)}\``)).toEqual([]);
    });

    test("credential-shaped plain values are reported in every format, by kind and last four characters", () => {
        const expected: [string, string, string][] = [
            ["preview", "Anthropic API key", PLANTS.anthropicPlain.slice(-4)],
            ["preview", "GitHub personal access token", PLANTS.githubPlain.slice(-4)],
            ["audit", "AWS access key ID", PLANTS.exportAwsKeyPlain.slice(-4)],
        ];
        for (const [verb, kind, tail] of expected) {
            for (const f of formatNames()) {
                const r = runs.find((x) => x.name === `${verb}-${f}`)!;
                expect([r.name, r.file.includes(kind), r.file.includes(tail)]).toEqual([r.name, true, true]);
            }
        }
    });

    test("a secret-marked input is not a finding, in an export's plaintext form or the program's pulumi.secret", () => {
        for (const f of formatNames()) {
            // The export's `ci-token` tag holds an OpenAI key as a secret; the program's holds a GitHub token.
            expect([f, runs.find((x) => x.name === `audit-${f}`)!.file.includes("OpenAI API key")]).toEqual([f, false]);
            expect([f, runs.find((x) => x.name === `preview-${f}`)!.file.includes(PLANTS.githubSecretTag.slice(-4))]).toEqual([f, false]);
        }
    });
});
