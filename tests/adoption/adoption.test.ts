/**
 * nhi-guard as a user gets it: the packed tarball installed into a fresh project made exactly like
 * Pulumi's TypeScript template, with AWS the only cloud SDK, then `tsc` under the template's
 * tsconfig (current and earlier) and the installed CLI. A second project leaves `typescript`
 * unpinned, which is where npm used to pick TypeScript 7 and refuse the install (ERESOLVE).
 *
 * Slow (two `npm install`s from the npm cache, a full build): one install per project, reused by
 * every case. Installs use `--prefer-offline` so the cache `npm ci` filled serves them; the
 * registry is asked only for what the cache lacks. Skipped, with a message, only when the registry
 * is unreachable.
 */
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { lockedVersion, writeProject } from "./project";

const ROOT = path.join(__dirname, "../..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const MINUTES = 60_000;

function run(cmd: string, args: string[], cwd: string, timeout = 10 * MINUTES): SpawnSyncReturns<string> {
    return spawnSync(cmd, args, { cwd, encoding: "utf8", timeout, env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" } });
}

function registryReachable(): boolean {
    return run(NPM, ["ping"], ROOT, 30_000).status === 0;
}

const reachable = registryReachable();
if (!reachable) console.warn("tests/adoption skipped: the npm registry is unreachable (`npm ping` failed), so a fresh project cannot install");
const describeOnline = reachable ? describe : describe.skip;

let work: string;
let tarball: string;

/** `npm install` in a project written by writeProject; the whole output on failure. */
function install(dir: string): void {
    const r = run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], dir);
    if (r.status !== 0) throw new Error(`npm install in ${path.basename(dir)} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}

function tsc(dir: string, project: string): SpawnSyncReturns<string> {
    return run(process.execPath, [path.join(dir, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", project], dir);
}

function cli(dir: string, args: string[]): SpawnSyncReturns<string> {
    // `npx nhi-guard` runs node_modules/.bin/nhi-guard: the package's bin, as a user's CI runs it.
    return run(path.join(dir, "node_modules/.bin/nhi-guard"), args, dir, 5 * MINUTES);
}


beforeAll(() => {
    if (!reachable) return;
    work = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-guard-adoption-"));
    // `npm pack` runs prepack: the pack and CLI bundles, and the typed library with its declaration checks.
    const pack = run(NPM, ["pack", "--pack-destination", work, "--loglevel=error"], ROOT);
    if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stdout}\n${pack.stderr}`);
    tarball = path.join(work, pack.stdout.trim().split("\n").pop()!);
}, 15 * MINUTES);

afterAll(() => {
    // Hundreds of MB of node_modules: the default hook timeout would cut the removal short.
    if (work) fs.rmSync(work, { recursive: true, force: true });
}, 10 * MINUTES);

describeOnline("a Pulumi TypeScript template project with AWS only and typescript ^5", () => {
    let dir: string;
    beforeAll(() => {
        dir = path.join(work, "aws-app");
        writeProject(dir, tarball, true);
        install(dir);
    }, 15 * MINUTES);

    it("installs no cloud SDK but @pulumi/aws", () => {
        const sdks = fs.readdirSync(path.join(dir, "node_modules/@pulumi")).filter((p) => ["aws", "gcp", "azure-native", "azuread", "github"].includes(p));
        expect(sdks).toEqual(["aws"]);
        expect(JSON.parse(fs.readFileSync(path.join(dir, "node_modules/@pulumi/aws/package.json"), "utf8")).version).toBe(lockedVersion("@pulumi/aws"));
    });

    it("type-checks under the template's tsconfig (nodenext, no skipLibCheck, no esModuleInterop)", () => {
        const r = tsc(dir, "tsconfig.json");
        expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: "" });
    }, 5 * MINUTES);

    it("type-checks under the earlier template's tsconfig (commonjs, moduleResolution node)", () => {
        const r = tsc(dir, "tsconfig.earlier.json");
        expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: "" });
    }, 5 * MINUTES);

    it("loads the AWS namespace and names the package a cloud without its SDK needs", () => {
        const script = `
            const nhi = require("nhi-guard");
            const out = { aws: typeof nhi.aws.AiToolIdentity, same: nhi.aws === require("nhi-guard/aws") };
            for (const cloud of ["gcp", "azure", "github"]) {
                try { nhi[cloud]; out[cloud] = "loaded"; } catch (e) { out[cloud] = e.message; }
            }
            try { require("nhi-guard/gcp"); out.entry = "loaded"; } catch (e) { out.entry = e.message; }
            console.log(JSON.stringify(out));`;
        const r = run(process.execPath, ["-e", script], dir);
        expect(r.status).toBe(0);
        const out = JSON.parse(r.stdout);
        expect(out.aws).toBe("function");
        expect(out.same).toBe(true);
        expect(out.gcp).toBe("nhi-guard: `nhi.gcp` (nhi-guard/gcp) needs `@pulumi/gcp`: run `npm install @pulumi/gcp` in your Pulumi project");
        expect(out.azure).toBe("nhi-guard: `nhi.azure` (nhi-guard/azure) needs `@pulumi/azure-native` and `@pulumi/azuread`: run `npm install @pulumi/azure-native @pulumi/azuread` in your Pulumi project");
        expect(out.github).toBe("nhi-guard: `nhi.github` (nhi-guard/github) needs `@pulumi/github`: run `npm install @pulumi/github` in your Pulumi project");
        expect(out.entry).toBe(out.gcp);
    });

    it("serves ES module programs through the per-cloud entry points", () => {
        const script = `
            import { AiToolIdentity, githubSubject } from "nhi-guard/aws";
            import { parseContractDate } from "nhi-guard/contract";
            import nhi from "nhi-guard";
            console.log(JSON.stringify({ cls: typeof AiToolIdentity, subject: githubSubject("acme/app", "ai-review"), date: typeof parseContractDate, same: nhi.aws.AiToolIdentity === AiToolIdentity }));`;
        const r = run(process.execPath, ["--input-type=module", "-e", script], dir);
        expect(r.stderr).toBe("");
        expect(JSON.parse(r.stdout)).toEqual({ cls: "function", subject: "repo:acme/app:environment:ai-review", date: "function", same: true });
    });

    it("`nhi-guard --version` prints the installed package's version", () => {
        const r = cli(dir, ["--version"]);
        expect(r.status).toBe(0);
        expect(r.stdout).toContain(JSON.parse(fs.readFileSync(path.join(dir, "node_modules/nhi-guard/package.json"), "utf8")).version);
    });

    it("`nhi-guard policies` lists the pack's policies", () => {
        const r = cli(dir, ["policies"]);
        expect(r.status).toBe(0);
        for (const name of ["nhi-owner-required", "nhi-no-long-lived-credentials", "nhi-trust-pinned"]) expect(r.stdout).toContain(name);
    });

    it("`nhi-guard preview .` passes the compliant program (exit 0)", () => {
        const r = cli(dir, ["preview", "."]);
        expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
        expect(r.stdout).toContain("pr-reviewer-role");
    }, 5 * MINUTES);

    it("`nhi-guard preview noncompliant` blocks a static access key (exit 1)", () => {
        const r = cli(dir, ["preview", "noncompliant"]);
        expect(r.status).toBe(1);
        expect(r.stdout).toContain("nhi-no-long-lived-credentials");
    }, 5 * MINUTES);
});

describeOnline("the same project without typescript pinned", () => {
    let dir: string;
    beforeAll(() => {
        dir = path.join(work, "aws-app-unpinned");
        writeProject(dir, tarball, false);
        install(dir);
    }, 15 * MINUTES);

    it("installs a TypeScript that @pulumi/pulumi accepts (below 7)", () => {
        const version: string = JSON.parse(fs.readFileSync(path.join(dir, "node_modules/typescript/package.json"), "utf8")).version;
        expect(Number(version.split(".")[0])).toBeLessThan(7);
    });

    it("type-checks under the template's tsconfig", () => {
        const r = tsc(dir, "tsconfig.json");
        expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: "" });
    }, 5 * MINUTES);

    // npm gives such a project TypeScript 6 (the newest @pulumi/pulumi accepts), under which
    // ts-node refuses `moduleResolution: node` (TS5107): the gate must register it as the language
    // host does (nodenext), or this fails.
    it("`nhi-guard preview .` runs the program with that TypeScript (exit 0)", () => {
        const r = cli(dir, ["preview", "."]);
        expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    }, 5 * MINUTES);
});
