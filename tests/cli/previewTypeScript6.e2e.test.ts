/**
 * A project that does not pin `typescript` gets the newest TypeScript @pulumi/pulumi accepts (6.x),
 * which refuses `moduleResolution: node` (TS5107). The gate must register ts-node as the Node.js
 * language host does (nodenext for TypeScript >= 4.7), so the same program gives the same report
 * under the project's TypeScript 6 as under the gate's pinned 5.9.
 *
 * The project is a copy of the data-sources fixture in a temporary folder whose node_modules holds
 * TypeScript 6 (installed from the npm cache, the registry only for what it lacks) and a link to
 * the gate's @pulumi packages, so ts-node (which resolves `typescript` from the project) uses 6.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROGRAMS, ROOT, runCli } from "./cliHelpers";

const MINUTES = 60_000;
const source = path.join(PROGRAMS, "data-sources");
let dir: string;
let installed: string | undefined;

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-ts6-"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "ts6-app", private: true, main: "index.ts" }));
    const r = spawnSync("npm", ["install", "--prefer-offline", "--no-save", "--no-audit", "--no-fund", "typescript@6"], { cwd: dir, encoding: "utf8", timeout: 4 * MINUTES });
    if (r.status !== 0) throw new Error(`npm install typescript@6 failed: ${r.stderr}`);
    installed = JSON.parse(fs.readFileSync(path.join(dir, "node_modules/typescript/package.json"), "utf8")).version;
    fs.symlinkSync(path.join(ROOT, "node_modules/@pulumi"), path.join(dir, "node_modules/@pulumi"), "dir");
    for (const f of fs.readdirSync(source)) fs.copyFileSync(path.join(source, f), path.join(dir, f));
    // The current `pulumi new aws-typescript` tsconfig (nodenext).
    fs.writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { strict: true, outDir: "bin", target: "es2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true, experimentalDecorators: true, forceConsistentCasingInFileNames: true }, files: ["index.ts", "documents.ts"] }),
    );
}, 5 * MINUTES);

afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("nhi-guard preview of a project whose TypeScript is 6.x", () => {
    it("has TypeScript 6 in the project", () => {
        expect(installed).toMatch(/^6\./);
    });

    it("runs the program and reports what the same program gives under TypeScript 5.9 (not exit 2)", () => {
        const ts6 = runCli(["preview", dir, "--format", "json", "--quiet"]);
        expect(ts6.stderr).not.toMatch(/TS5107|moduleResolution/);
        expect(ts6.code).not.toBe(2);
        const ts59 = runCli(["preview", source, "--format", "json", "--quiet"]);
        expect(ts6.code).toBe(ts59.code);
        const summary = (out: string) => {
            const report = JSON.parse(out);
            return { resources: report.resources, violations: report.violations.map((v: any) => `${v.policy} ${v.urn.split("::").pop()}`).sort() };
        };
        expect(summary(ts6.stdout)).toEqual(summary(ts59.stdout));
    }, 3 * MINUTES);
});
