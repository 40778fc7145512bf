/**
 * The GitHub Action (action.yml, comment/action.yml) and the example workflows that use it.
 * Nothing here can run GitHub Actions, so the YAML is parsed and what matters is pinned: actions
 * pinned to commit SHAs, least permissions, the gate run once for both reports, no expression
 * interpolated into a shell script, and fork safety (the workflow_run workflow never checks out or
 * runs pull-request code and checks the PR number it reads from the artifact). The comment script
 * runs for real against a local server that answers like the GitHub API.
 */
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { spawn, spawnSync } from "child_process";
import * as yaml from "js-yaml";
import { ROOT } from "./cliHelpers";
import { COMMENT_MARKER } from "../../cli/report/markdown";

const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");
const load = (f: string): any => yaml.load(read(f));
const FILES = ["action.yml", "comment/action.yml", "examples/github-actions/nhi-guard.yml", "examples/github-actions/nhi-guard-comment.yml"];

const action = load("action.yml");
const commentAction = load("comment/action.yml");
const gateWf = load("examples/github-actions/nhi-guard.yml");
const commentWf = load("examples/github-actions/nhi-guard-comment.yml");
const allSteps = (doc: any): any[] => (doc.runs ? doc.runs.steps : Object.values<any>(doc.jobs).flatMap((j) => j.steps));

describe("action pins", () => {
    const lines = FILES.flatMap((f) => read(f).split("\n").map((l) => ({ f, l })));
    const usesLines = lines.filter(({ l }) => /^\s*(-\s+)?uses:/.test(l));

    it("pins every third-party action to a full commit SHA with its version in a comment", () => {
        expect(usesLines.length).toBeGreaterThan(8);
        const pins = new Map<string, string>();
        for (const { f, l } of usesLines) {
            const m = /uses:\s*(\S+)@(\S+)(?:\s+#\s*(\S+))?\s*$/.exec(l);
            expect([f, l, !!m]).toEqual([f, l, true]);
            const [, name, ref, comment] = m!;
            if (name.startsWith("<owner>/nhi-guard")) {
                expect(ref).toBe("v1");
                continue;
            }
            expect([f, name, ref]).toEqual([f, name, expect.stringMatching(/^[0-9a-f]{40}$/)]);
            expect([f, name, comment]).toEqual([f, name, expect.stringMatching(/^v\d+\.\d+\.\d+$/)]);
            // One version of an action across all files.
            const repo = name.split("/").slice(0, 2).join("/");
            expect([repo, pins.get(repo) ?? ref]).toEqual([repo, ref]);
            pins.set(repo, ref);
        }
    });

    it("sets up the node version @pulumi/pulumi declares in engines, and installs this package's version", () => {
        const engines: string = require(path.join(ROOT, "node_modules/@pulumi/pulumi/package.json")).engines.node;
        const min = Number(/>=\s*(\d+)/.exec(engines)![1]);
        expect(Number(action.inputs["node-version"].default)).toBeGreaterThanOrEqual(min);
        const setupNode = allSteps(gateWf).find((s) => String(s.uses).startsWith("actions/setup-node@"));
        expect(Number(setupNode.with["node-version"])).toBeGreaterThanOrEqual(min);
        expect(action.inputs["nhi-guard-version"].default).toBe(require(path.join(ROOT, "package.json")).version);
    });
});

describe("action.yml", () => {
    const steps = action.runs.steps as any[];
    const gate = steps.find((s) => s.id === "gate");

    it("is a composite action that installs the gate from npm, not from a checkout of this repository", () => {
        expect(action.runs.using).toBe("composite");
        const install = steps.find((s) => s.name === "Install nhi-guard");
        expect(install.run).toMatch(/npm install .*"\$\{PACKAGE:-nhi-guard@\$VERSION\}"/);
        expect(steps.some((s) => String(s.uses).startsWith("actions/checkout"))).toBe(false);
    });

    it("runs the gate once, writing SARIF and markdown from that one run", () => {
        const invocations = steps.filter((s) => /(^|\n)\s*nhi-guard /.test(s.run ?? ""));
        expect(invocations).toEqual([gate]);
        expect(gate.run).toMatch(/nhi-guard "\$\{args\[@\]\}" --quiet -o "sarif=\$OUT\/nhi-guard\.sarif" -o "markdown=\$OUT\/nhi-guard\.md"/);
        expect(gate.run).not.toMatch(/--edit-last/);
    });

    it("its gate script, run with bash as the runner would, writes both reports and keeps the exit code", () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-action-"));
        try {
            // `nhi-guard` on PATH, as the install step leaves it.
            const bin = path.join(tmp, "bin");
            fs.mkdirSync(bin);
            fs.writeFileSync(path.join(bin, "nhi-guard"), `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, "bin/nhi-guard.js")}" "$@"\n`, { mode: 0o755 });
            const output = path.join(tmp, "github-output");
            fs.writeFileSync(output, "");
            const run = (env: Record<string, string>) =>
                spawnSync("bash", ["-e", "-c", gate.run], {
                    cwd: ROOT,
                    encoding: "utf8",
                    env: { PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output, OUT: path.join(tmp, "out"), WORKDIR: ".", STACK: "", CONFIG: "", PACKS: "", STRICT: "false", PR_NUMBER: "42", HEAD_SHA: "abc", ...env },
                });
            const r = run({ COMMAND: "audit", EXPORT_FILE: "tests/cli/fixtures/baseline/legacy-estate.json" });
            expect(r.status).toBe(0); // the verdict is the last step's
            const outputs = Object.fromEntries(fs.readFileSync(output, "utf8").trim().split("\n").map((l) => l.split(/=(.*)/).slice(0, 2)));
            expect(outputs["exit-code"]).toBe("1");
            expect(JSON.parse(fs.readFileSync(outputs.sarif, "utf8")).runs[0].results.length).toBeGreaterThan(0);
            expect(fs.readFileSync(outputs.markdown, "utf8")).toMatch(/^<!-- nhi-guard-report -->/);
            expect(JSON.parse(fs.readFileSync(path.join(tmp, "out/pull-request.json"), "utf8"))).toEqual({ pr: "42", headSha: "abc" });
            // Bad input fails the step at once, with the gate's own exit code.
            expect(run({ COMMAND: "audit", EXPORT_FILE: "" }).status).toBe(2);
            expect(run({ COMMAND: "deploy", EXPORT_FILE: "" }).stdout).toMatch(/::error::nhi-guard: `command` is `deploy`/);
            expect(run({ COMMAND: "audit", EXPORT_FILE: "no-such.json" }).status).toBe(2);
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    it("never interpolates an expression into a shell script (inputs and event fields go through env)", () => {
        for (const doc of [action, commentAction, gateWf, commentWf]) {
            for (const s of allSteps(doc).filter((x) => x.run)) expect([s.name, s.run.includes("${{")]).toEqual([s.name, false]);
        }
    });

    it("always uploads the artifact; publishes SARIF and the comment only where the token can write", () => {
        const artifact = steps.find((s) => String(s.uses).startsWith("actions/upload-artifact@"));
        expect(artifact.if).toBeUndefined();
        expect(artifact.with.name).toBe("nhi-guard-report");
        const sarif = steps.find((s) => String(s.uses).startsWith("github/codeql-action/upload-sarif@"));
        const comment = steps.find((s) => s.name === "Update the pull request comment");
        for (const s of [sarif, comment]) expect(s.if).toMatch(/github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
        expect(comment.run).toBe('node "$GITHUB_ACTION_PATH/action/comment.js"');
        // The gate's verdict comes last, after everything is published.
        expect(steps[steps.length - 1].if).toMatch(/steps\.gate\.outputs\.exit-code != '0'/);
    });

    it("the comment action runs the same script, from the action's own folder", () => {
        expect(commentAction.runs.steps.map((s: any) => s.run)).toEqual(['node "$GITHUB_ACTION_PATH/../action/comment.js"']);
        expect(fs.existsSync(path.join(ROOT, "action/comment.js"))).toBe(true);
    });
});

describe("example workflows", () => {
    it("nhi-guard.yml: nothing granted by default, each job only what it needs", () => {
        expect(gateWf.permissions).toEqual({});
        expect(gateWf.jobs["nhi-guard"].permissions).toEqual({ contents: "read", "security-events": "write", "pull-requests": "write", actions: "read" });
        expect(gateWf.jobs["pulumi-preview"].permissions).toEqual({ contents: "read", "id-token": "write" });
        for (const s of allSteps(gateWf).filter((x) => String(x.uses).startsWith("actions/checkout@"))) expect(s.with["persist-credentials"]).toBe(false);
        const step = gateWf.jobs["nhi-guard"].steps.find((s: any) => String(s.uses).startsWith("<owner>/nhi-guard@"));
        expect(step.with.command).toBe("preview");
    });

    it("nhi-guard.yml: the real pulumi preview uses the pack the npm package ships", () => {
        expect(gateWf.jobs["pulumi-preview"].if).toMatch(/head\.repo\.full_name == github\.repository/);
        const pulumi = gateWf.jobs["pulumi-preview"].steps.find((s: any) => String(s.uses).startsWith("pulumi/actions@"));
        expect(pulumi.with.policyPacks).toBe("node_modules/nhi-guard/policy-packs/nhi-guard");
        const files: string[] = require(path.join(ROOT, "package.json")).files;
        for (const f of ["policy-packs/nhi-guard/PulumiPolicy.yaml", "policy-packs/nhi-guard/package.json", "policy-packs/nhi-guard/dist"]) expect(files).toContain(f);
    });

    it("nhi-guard-comment.yml: runs after nhi-guard, for fork pull requests only", () => {
        expect(commentWf.on).toEqual({ workflow_run: { workflows: [gateWf.name], types: ["completed"] } });
        expect(commentWf.permissions).toEqual({});
        const job = commentWf.jobs.publish;
        expect(job.permissions).toEqual({ actions: "read", "pull-requests": "write", "security-events": "write" });
        expect(job.if).toMatch(/workflow_run\.event == 'pull_request'/);
        expect(job.if).toMatch(/workflow_run\.head_repository\.full_name != github\.repository/);
    });

    it("nhi-guard-comment.yml: never checks out or runs the pull request's code", () => {
        const steps = commentWf.jobs.publish.steps as any[];
        expect(steps.some((s) => String(s.uses).startsWith("actions/checkout"))).toBe(false);
        for (const s of steps.filter((x) => x.run)) expect(s.run).not.toMatch(/\b(npm|npx|node|yarn|pnpm|make|sh|bash|source)\b|\.\//);
        const download = steps.find((s) => String(s.uses).startsWith("actions/download-artifact@"));
        expect(download.with).toMatchObject({ name: "nhi-guard-report", "run-id": "${{ github.event.workflow_run.id }}" });
    });

    it("nhi-guard-comment.yml: the PR number from the artifact is checked against the analysed commit", () => {
        const steps = commentWf.jobs.publish.steps as any[];
        const find = steps.find((s) => s.id === "pr");
        expect(find.env.HEAD_SHA).toBe("${{ github.event.workflow_run.head_sha }}");
        expect(find.run).toMatch(/\^\[0-9\]\{1,10\}\$/);
        expect(find.run).toMatch(/--jq \.head\.sha/);
        expect(find.run).toMatch(/"\$head" != "\$HEAD_SHA"/);
        const sarif = steps.find((s) => String(s.uses).startsWith("github/codeql-action/upload-sarif@"));
        expect(sarif.with).toMatchObject({ sha: "${{ github.event.workflow_run.head_sha }}", ref: "refs/pull/${{ steps.pr.outputs.number }}/head" });
        const comment = steps.find((s) => String(s.uses).startsWith("<owner>/nhi-guard/comment@"));
        expect(comment.with).toMatchObject({ "pr-number": "${{ steps.pr.outputs.number }}", "expected-head-sha": "${{ github.event.workflow_run.head_sha }}" });
    });

    it("no workflow uses pull_request_target", () => {
        for (const f of FILES) expect(read(f)).not.toMatch(/pull_request_target/);
    });

    it("the README explains the action, forks and policy groups", () => {
        const readme = read("examples/github-actions/README.md");
        for (const s of ["<owner>/nhi-guard@v1", "workflow_run", "nhi-guard-comment.yml", "<!-- nhi-guard-report -->", "pulumi policy publish", "policy group"]) expect(readme).toContain(s);
        for (const input of Object.keys(action.inputs).filter((i) => i !== "github-token")) expect(readme).toContain(`\`${input}\``);
    });
});

/** A stand-in for the GitHub REST API: records requests and answers from `comments` and `head`. */
function fakeGitHub(comments: any[], head = "abc123") {
    const requests: { method: string; url: string; body?: any; auth?: string }[] = [];
    const server = http.createServer((req, res) => {
        let data = "";
        req.on("data", (c) => (data += c));
        req.on("end", () => {
            const url = new URL(req.url!, "http://x");
            requests.push({ method: req.method!, url: url.pathname + url.search, body: data ? JSON.parse(data) : undefined, auth: req.headers.authorization });
            const send = (status: number, body: unknown) => {
                res.writeHead(status, { "content-type": "application/json" });
                res.end(JSON.stringify(body));
            };
            if (req.method === "GET" && /\/pulls\/\d+$/.test(url.pathname)) return send(200, { head: { sha: head } });
            if (req.method === "GET" && /\/issues\/\d+\/comments$/.test(url.pathname)) {
                const page = Number(url.searchParams.get("page"));
                return send(200, comments.slice((page - 1) * 100, page * 100));
            }
            if (req.method === "PATCH") return send(200, { id: Number(url.pathname.split("/").pop()) });
            if (req.method === "POST") return send(201, { id: 999 });
            send(404, {});
        });
    });
    return new Promise<{ url: string; requests: typeof requests; close: () => void }>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as any).port}`, requests, close: () => server.close() })),
    );
}

function runComment(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, "action/comment.js")], { env: { PATH: process.env.PATH!, GITHUB_REPOSITORY: "acme/app", GITHUB_TOKEN: "t0ken", ...env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c) => (stdout += c));
        child.stderr.on("data", (c) => (stderr += c));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

describe("action/comment.js", () => {
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nhi-comment-")), "nhi-guard.md");
    beforeAll(() => fs.writeFileSync(report, `${COMMENT_MARKER}\n### nhi-guard preview: ✅ passed\n`));
    afterAll(() => fs.rmSync(report, { force: true }));
    const bot = (id: number, body: string) => ({ id, user: { login: "github-actions[bot]" }, body });

    it("uses the markdown report's marker", () => {
        expect(require(path.join(ROOT, "action/comment.js")).MARKER).toBe(COMMENT_MARKER);
    });

    it("updates the bot's own marked comment, found past the first page, and nobody else's", async () => {
        const others = Array.from({ length: 100 }, (_, i) => bot(i + 1, `unrelated ${i}`));
        const gh = await fakeGitHub([
            { id: 500, user: { login: "mallory" }, body: `${COMMENT_MARKER} not the bot's` },
            ...others,
            bot(777, `${COMMENT_MARKER}\nold report`),
        ]);
        try {
            const r = await runComment({ GITHUB_API_URL: gh.url, PR_NUMBER: "12", REPORT: report });
            expect(r.stderr).toBe("");
            expect(r.stdout).toBe("nhi-guard comment updated (#777)\n");
            const writes = gh.requests.filter((q) => q.method !== "GET");
            expect(writes).toEqual([{ method: "PATCH", url: "/repos/acme/app/issues/comments/777", body: { body: fs.readFileSync(report, "utf8") }, auth: "Bearer t0ken" }]);
            expect(gh.requests.filter((q) => q.method === "GET").map((q) => q.url)).toEqual([
                "/repos/acme/app/issues/12/comments?per_page=100&page=1",
                "/repos/acme/app/issues/12/comments?per_page=100&page=2",
            ]);
        } finally {
            gh.close();
        }
    });

    it("creates the comment when there is none", async () => {
        const gh = await fakeGitHub([bot(3, "a comment without the marker")]);
        try {
            const r = await runComment({ GITHUB_API_URL: gh.url, PR_NUMBER: "12", REPORT: report });
            expect(r.stdout).toBe("nhi-guard comment created (#999)\n");
            expect(gh.requests.filter((q) => q.method === "POST").map((q) => q.url)).toEqual(["/repos/acme/app/issues/12/comments"]);
        } finally {
            gh.close();
        }
    });

    it("refuses a PR number whose head is not the analysed commit, and a malformed number", async () => {
        const gh = await fakeGitHub([], "0000000000000000000000000000000000000000");
        try {
            const r = await runComment({ GITHUB_API_URL: gh.url, PR_NUMBER: "12", REPORT: report, EXPECTED_HEAD_SHA: "1111111111111111111111111111111111111111" });
            expect(r.code).toBe(1);
            expect(r.stderr).toMatch(/^nhi-guard comment: pull request #12 is not at the analysed commit 111111111111/);
            expect(gh.requests.map((q) => q.method)).toEqual(["GET"]);
            const bad = await runComment({ GITHUB_API_URL: gh.url, PR_NUMBER: "12; rm -rf /", REPORT: report });
            expect(bad.code).toBe(1);
            expect(bad.stderr).toMatch(/`PR_NUMBER` is .*: it must be a pull request number/);
            expect(gh.requests).toHaveLength(1);
        } finally {
            gh.close();
        }
    });

    it("keeps a body under GitHub's limit and adds the marker when missing", () => {
        const { commentBody } = require(path.join(ROOT, "action/comment.js"));
        const long = commentBody("x".repeat(70000));
        expect(long.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
        expect(long.length).toBeLessThan(65536);
        expect(long).toMatch(/truncated: the full report is in the `nhi-guard-report` artifact/);
    });
});
