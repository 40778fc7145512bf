/**
 * The component package installed the way `pulumi package add <repo>/provider` installs it, then
 * started the way the CLI starts it:
 *
 * - the CLI clones the repository and installs dependencies in the plugin folder only (the
 *   Node.js language host's InstallDependencies: `npm install --loglevel=error` in `provider/`,
 *   which runs its `prepare`); nothing is installed at the repository root;
 * - RunPlugin then locates `@pulumi/pulumi/cmd/run-plugin` from the plugin folder and runs
 *   `node <run-plugin> <plugin folder> <engine address>` with the consumer's folder as working
 *   directory (pulumi-language-nodejs main.go, RunPlugin: `cmd.Dir = req.Pwd`), so run-plugin's
 *   ts-node reads the consumer's tsconfig, if any;
 * - the engine asks the plugin for its schema (GetSchema) to generate the consumer's SDK.
 *
 * The clone is of this repository's HEAD: commit before running. Slow (installs every cloud SDK
 * from the npm cache `npm ci` filled); skipped, with a message, only if the registry is unreachable.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "../..");
const MINUTES = 60_000;
const grpc: typeof import("@grpc/grpc-js") = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] }));
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerProto = require("@pulumi/pulumi/proto/provider_pb");

/** Without this repository's module paths: the clone must stand on its own. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !["NODE_PATH", "NODE_OPTIONS", "TS_NODE_PROJECT", "TS_NODE_TRANSPILE_ONLY"].includes(k)));

const reachable = spawnSync("npm", ["ping"], { encoding: "utf8", timeout: 30_000 }).status === 0;
if (!reachable) console.warn("tests/provider/install.e2e skipped: the npm registry is unreachable (`npm ping` failed), so provider/ cannot install");
const describeOnline = reachable ? describe : describe.skip;

let work: string;
let clone: string;
let pluginDir: string;
let installLog = "";

beforeAll(() => {
    if (!reachable) return;
    work = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-guard-provider-"));
    clone = path.join(work, "nhi-guard");
    const git = spawnSync("git", ["clone", "--quiet", "--depth", "1", `file://${ROOT}`, clone], { encoding: "utf8" });
    if (git.status !== 0) throw new Error(`git clone failed: ${git.stderr}`);
    pluginDir = path.join(clone, "provider");
    const npm = spawnSync("npm", ["install", "--loglevel=error", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: pluginDir, encoding: "utf8", env: ENV, timeout: 20 * MINUTES });
    installLog = `${npm.stdout}\n${npm.stderr}`;
    if (npm.status !== 0) throw new Error(`npm install in provider/ failed (${npm.status ?? npm.signal}):\n${installLog}`);
}, 25 * MINUTES);

afterAll(() => {
    // Hundreds of MB of node_modules: the default hook timeout would cut the removal short.
    if (work) fs.rmSync(work, { recursive: true, force: true });
}, 10 * MINUTES);

/** A Python program's folder, as `pulumi package add` leaves it (no node_modules, no tsconfig). */
function pythonProject(dir: string): string {
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ["Pulumi.yaml", "__main__.py", "requirements.txt"]) fs.copyFileSync(path.join(ROOT, "examples/python-pr-reviewer", f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8").replace("nhi-guard: ../../provider", `nhi-guard: ${pluginDir}`));
    return dir;
}

/** A TypeScript program's folder with Pulumi's template tsconfig, which run-plugin's ts-node reads. */
function typescriptProject(dir: string): string {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ts-consumer\nruntime: nodejs\npackages:\n  nhi-guard: ${pluginDir}\n`);
    const compilerOptions = { strict: true, outDir: "bin", target: "es2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true, experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts"] }, null, 4));
    fs.writeFileSync(path.join(dir, "index.ts"), `import * as nhi from "@pulumi/nhi-guard";\n`);
    return dir;
}

/** An address nothing listens on: the engine the plugin is given but GetSchema does not need. */
async function closedAddress(): Promise<string> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    return `127.0.0.1:${port}`;
}

interface Started {
    child: ChildProcess;
    port: number;
    stderr: () => string;
}

/** RunPlugin: locateModule from the plugin folder, then node <run-plugin> <plugin folder> <engine> in `consumer`. */
async function runPlugin(consumer: string): Promise<Started> {
    const located = spawnSync(process.execPath, ["-e", "console.log(require.resolve('@pulumi/pulumi/cmd/run-plugin'))"], { cwd: pluginDir, encoding: "utf8", env: ENV });
    if (located.status !== 0) throw new Error(`locateModule failed: ${located.stderr}`);
    const runPath = located.stdout.trim();
    const child = spawn(process.execPath, [runPath, pluginDir, await closedAddress()], { cwd: consumer, env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const port = await new Promise<number>((resolve, reject) => {
        let stdout = "";
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            if (!stdout.includes("\n")) return;
            const line = stdout.split("\n")[0].trim();
            /^\d+$/.test(line) ? resolve(Number(line)) : reject(new Error(`expected a port, got ${JSON.stringify(line)}; stderr: ${stderr}`));
        });
        child.on("exit", (code) => reject(new Error(`the plugin exited with ${code} before printing a port: ${stderr}`)));
    });
    return { child, port, stderr: () => stderr };
}

async function getSchema(port: number): Promise<any> {
    const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
        const response: any = await new Promise((resolve, reject) => client.getSchema(new providerProto.GetSchemaRequest(), (err: Error | null, resp: any) => (err ? reject(err) : resolve(resp))));
        return JSON.parse(response.getSchema());
    } finally {
        client.close();
    }
}

describeOnline("provider/ from a fresh clone, installed as `pulumi package add` installs it", () => {
    it("installs in provider/ alone: nothing at the repository root, the plugin built", () => {
        expect(fs.existsSync(path.join(clone, "node_modules"))).toBe(false);
        expect(fs.existsSync(path.join(pluginDir, "node_modules/@pulumi/pulumi/package.json"))).toBe(true);
        expect(fs.existsSync(path.join(pluginDir, "bin/plugin.js"))).toBe(true);
    });

    it.each([
        ["a Python project's folder", pythonProject],
        ["a TypeScript project's folder (Pulumi's template tsconfig)", typescriptProject],
    ])("starts from %s and answers GetSchema with the checked-in schema", async (_label, make) => {
        const consumer = make(path.join(work, `consumer-${make.name}`));
        const started = await runPlugin(consumer);
        try {
            const schema = await getSchema(started.port);
            expect(schema).toEqual(JSON.parse(fs.readFileSync(path.join(pluginDir, "schema.json"), "utf8")));
            expect(Object.keys(schema.resources).sort()).toEqual(["nhi-guard:index:AwsAiToolIdentity", "nhi-guard:index:AzureAiToolIdentity", "nhi-guard:index:GcpAiToolIdentity", "nhi-guard:index:GithubAiToolEnvironment"]);
            expect(started.stderr()).toBe("");
        } finally {
            started.child.kill();
        }
    }, 5 * MINUTES);
});
