/**
 * The root entry point loads each cloud on first use (see components/index.ts), so its namespaces
 * are declared by hand: these tests keep them equal to the per-cloud index files, and check that
 * loading the root loads no cloud SDK while every namespace still works.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { spawnSync } from "child_process";
import { MissingSdkError, missingSdks } from "../../components/sdk";

const COMPONENTS = path.join(__dirname, "../../components");
const CLOUDS = ["aws", "gcp", "azure", "github"] as const;

function source(file: string): ts.SourceFile {
    return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
}

/** Names a per-cloud index exports as types only (`export type { ... }`) or as classes (a value and a type). */
function typeExports(cloud: string): string[] {
    const file = source(path.join(COMPONENTS, cloud, "index.ts"));
    const names: string[] = [];
    for (const stmt of file.statements) {
        if (!ts.isExportDeclaration(stmt) || !stmt.exportClause || !ts.isNamedExports(stmt.exportClause)) continue;
        for (const el of stmt.exportClause.elements) {
            const local = (el.propertyName ?? el.name).text;
            const typeOnly = stmt.isTypeOnly || el.isTypeOnly;
            // A class export is also a type users write (`let id: nhi.aws.AiToolIdentity`).
            const isClass = /^(Aws|Gcp|Azure|Github)AiTool(Identity|Environment)$/.test(local);
            if (typeOnly || isClass) names.push(el.name.text);
        }
    }
    return names.sort();
}

/** Type aliases declared in the root's `declare namespace <cloud>`. */
function namespaceTypes(cloud: string): string[] {
    const file = source(path.join(COMPONENTS, "index.ts"));
    const ns = file.statements.find((s): s is ts.ModuleDeclaration => ts.isModuleDeclaration(s) && s.name.text === cloud);
    if (!ns?.body || !ts.isModuleBlock(ns.body)) return [];
    return ns.body.statements.filter(ts.isTypeAliasDeclaration).map((t) => t.name.text).sort();
}

describe("the root entry point's cloud namespaces", () => {
    it.each(CLOUDS)("`nhi.%s` declares every type its index exports, and nothing else", (cloud) => {
        const expected = typeExports(cloud);
        expect(expected.length).toBeGreaterThan(3);
        expect(namespaceTypes(cloud)).toEqual(expected);
    });

    it("requiring the root loads no cloud SDK; each namespace loads its own on first use", () => {
        // In a plain Node process: jest's module registry does not fill require.cache.
        const script = `
            const sdks = () => Object.keys(require.cache).filter((f) => /node_modules\\/@pulumi\\/(aws|gcp|azure-native|azuread|github)\\//.test(f)).map((f) => f.match(/@pulumi\\/([^/]+)/)[1]);
            const nhi = require("./components");
            const atLoad = [...new Set(sdks())];
            const keys = Object.keys(nhi);
            const isClass = typeof nhi.github.AiToolEnvironment;
            const afterGithub = [...new Set(sdks())];
            console.log(JSON.stringify({ atLoad, keys, isClass, afterGithub, same: nhi.github === require("./components/github") }));`;
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: path.join(__dirname, "../.."), encoding: "utf8" });
        expect(r.stderr).toBe("");
        const out = JSON.parse(r.stdout);
        expect(out.atLoad).toEqual([]);
        expect(out.keys).toEqual(expect.arrayContaining([...CLOUDS, "contract", "shared", "daysFromNow"]));
        expect(out.isClass).toBe("function");
        expect(out.afterGithub).toEqual(["github"]);
        expect(out.same).toBe(true);
    }, 120_000);
});

describe("a cloud used without its SDK", () => {
    const notInstalled = (id: string): string => {
        throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
    };

    it("names every missing package and the command that installs them", () => {
        expect(missingSdks("azure", notInstalled)).toEqual(["@pulumi/azure-native", "@pulumi/azuread"]);
        expect(new MissingSdkError("azure", ["@pulumi/azuread"]).message).toBe(
            "nhi-guard: `nhi.azure` (nhi-guard/azure) needs `@pulumi/azuread`: run `npm install @pulumi/azuread` in your Pulumi project",
        );
    });

    it("lists only what is missing", () => {
        const onlyNative = (id: string) => (id === "@pulumi/azure-native" ? "/x/index.js" : notInstalled(id));
        expect(missingSdks("azure", onlyNative)).toEqual(["@pulumi/azuread"]);
        expect(missingSdks("aws", () => "/x/index.js")).toEqual([]);
    });

    it("does not call an SDK that fails for another reason missing (that error surfaces as itself)", () => {
        const broken = () => {
            throw Object.assign(new Error("Unexpected token"), { code: "ERR_INVALID_PACKAGE_CONFIG" });
        };
        expect(missingSdks("gcp", broken)).toEqual([]);
    });
});
