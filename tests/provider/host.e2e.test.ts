/**
 * The package as the Pulumi CLI runs it: the Node.js language host locates
 * `@pulumi/pulumi/cmd/run-plugin` from the `provider/` folder and starts it with the consumer's
 * folder as working directory (RunPlugin in pulumi-language-nodejs: `cmd.Dir = req.Pwd`), the
 * provider folder and the engine's address as arguments. run-plugin requires the folder's `main`
 * (bin/plugin.js, which `npm install` there builds), which starts the provider and prints its
 * port. This does the same from the Python example's folder, asks for the schema over gRPC, and
 * stops it. tests/provider/install.e2e.test.ts does it from a fresh clone, installed as
 * `pulumi package add` installs it. (The CLI itself is not available here: `pulumi package add`
 * and SDK generation are not exercised.)
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { checkedInSchema } from "./wire";

const ROOT = path.join(__dirname, "../..");
const PROVIDER_DIR = path.join(ROOT, "provider");
const CONSUMER_DIR = path.join(ROOT, "examples/python-pr-reviewer");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc: typeof import("@grpc/grpc-js") = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerProto = require("@pulumi/pulumi/proto/provider_pb");

let host: ChildProcess | undefined;
let port: number;
let stderr = "";

beforeAll(async () => {
    await require("../../provider/build").buildPlugin();
    // As locateModule does: resolved from the plugin's folder, not the consumer's.
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [PROVIDER_DIR] });
    host = spawn(process.execPath, [runPlugin, PROVIDER_DIR], { cwd: CONSUMER_DIR, stdio: ["ignore", "pipe", "pipe"] });
    host.stderr!.on("data", (chunk) => (stderr += chunk));
    port = await new Promise<number>((resolve, reject) => {
        let stdout = "";
        host!.stdout!.on("data", (chunk) => {
            stdout += chunk;
            const line = stdout.split("\n")[0];
            if (stdout.includes("\n")) /^\d+$/.test(line.trim()) ? resolve(Number(line.trim())) : reject(new Error(`expected a port, got ${JSON.stringify(line)}; stderr: ${stderr}`));
        });
        host!.on("exit", (code) => reject(new Error(`the provider host exited with ${code} before printing a port: ${stderr}`)));
    });
}, 300_000);

afterAll(() => {
    if (host && host.exitCode === null) host.kill();
});

describe("provider/ run as a Pulumi plugin", () => {
    it("prints the port of its gRPC server on the first line of stdout", () => {
        expect(port).toBeGreaterThan(0);
    });

    it("serves, over gRPC, the schema checked in as provider/schema.json", async () => {
        const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        try {
            const response: any = await new Promise((resolve, reject) => client.getSchema(new providerProto.GetSchemaRequest(), (err: Error | null, resp: any) => (err ? reject(err) : resolve(resp))));
            expect(JSON.parse(response.getSchema())).toEqual(checkedInSchema());
        } finally {
            client.close();
        }
    }, 300_000);
});
