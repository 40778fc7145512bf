"use strict";
/**
 * The floor for `nhi-guard preview`: the same program run as the Pulumi Node.js language host runs
 * it (cmd/run of @pulumi/pulumi: `source-map-support/register` first, then ts-node in transpile-only
 * mode with the host's compiler options), under the SDK's mocks in preview mode, with nothing else:
 * no registration capture, no engine model, no pack. What the gate adds on top is its own cost.
 *
 * Usage: node floor.js <program dir> [stack]
 * Prints one JSON line: { registrations, runMs } (runMs from before ts-node loads to the last RPC).
 */
const fs = require("fs");
const path = require("path");

async function main() {
    const [dirArg, stack = "dev"] = process.argv.slice(2);
    const dir = path.resolve(dirArg);
    const t0 = Number(process.hrtime.bigint()) / 1e6;
    const yaml = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
    const project = /^name:\s*(\S+)/m.exec(yaml)[1];
    const main = /^main:\s*(\S+)/m.exec(yaml)?.[1] ?? "index.ts";
    // The language host runs with the project folder as its working directory.
    process.chdir(dir);
    // Resolved as the host resolves them: from the program's own @pulumi/pulumi (its cmd/run).
    const pulumiMain = require.resolve("@pulumi/pulumi", { paths: [dir] });
    const fromHost = (m) => require.resolve(m, { paths: [path.dirname(pulumiMain), dir] });
    require(fromHost("source-map-support/register"));
    const tsconfig = path.join(dir, "tsconfig.json");
    require(fromHost("ts-node")).register({
        transpileOnly: true,
        project: tsconfig,
        skipProject: !fs.existsSync(tsconfig),
        // What cmd/run/run.js passes for a CommonJS program (TypeScript >= 4.7: nodenext).
        compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true" },
    });
    const pulumi = require(pulumiMain);
    let registrations = 0;
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                registrations++;
                return { id: undefined, state: a.inputs };
            },
            call: (a) => a.inputs,
        },
        project,
        stack,
        true,
    );
    await pulumi.runtime.runInPulumiStack(async () => require(path.join(dir, main)));
    if (typeof pulumi.runtime.waitForRPCs === "function") await pulumi.runtime.waitForRPCs();
    const runMs = Number(process.hrtime.bigint()) / 1e6 - t0;
    process.stdout.write(JSON.stringify({ registrations, runMs }) + "\n");
}

main().then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(`floor: ${e && e.stack ? e.stack : e}\n`);
        process.exit(3);
    },
);
