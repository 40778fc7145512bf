/**
 * Project and stack files as the Pulumi CLI reads them for a Node.js program: what the program
 * sees as config, and what the gate cannot see (ESC imports, a stack with no file) named in notes.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UNREADABLE_SECRET, readProject, readStackConfig } from "../../cli/preview/project";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-guard-project-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
    const dir = path.join(tmp, name);
    for (const [f, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), text);
    }
    return dir;
}

describe("secure config", () => {
    it("marks a structured value secret when a `secure:` leaf sits inside a map or a list, and keeps its other fields", () => {
        const dir = project("nested", {
            "Pulumi.yaml": "name: nested\nruntime: nodejs\n",
            "index.js": "",
            "Pulumi.dev.yaml": [
                "config:",
                "  nested:vendor:",
                "    endpoint: https://api.example",
                "    keys:",
                "      - name: primary",
                "        value:",
                "          secure: v1:abc:def",
                "  nested:plain: hello",
                "  nested:token:",
                "    secure: v1:xyz:uvw",
            ].join("\n"),
        });
        const c = readStackConfig(readProject(dir), "dev");
        expect(JSON.parse(c.config["nested:vendor"])).toEqual({ endpoint: "https://api.example", keys: [{ name: "primary", value: UNREADABLE_SECRET }] });
        expect(c.config["nested:token"]).toBe(UNREADABLE_SECRET);
        expect(c.secretKeys.sort()).toEqual(["nested:token", "nested:vendor"]);
        expect(c.secretKeys).not.toContain("nested:plain");
        expect(c.notes).toEqual([]);
    });
});

describe("what the program cannot see is named in a note", () => {
    it("an ESC `environment:` import, in the list form and the `imports:` form", () => {
        const dir = project("esc", {
            "Pulumi.yaml": "name: esc\nruntime: nodejs\n",
            "index.js": "",
            "Pulumi.dev.yaml": "environment:\n  - acme/aws-dev\n  - acme/shared\nconfig:\n  aws:region: eu-west-1\n",
            "Pulumi.prod.yaml": "environment:\n  imports:\n    - acme/aws-prod\n",
        });
        const p = readProject(dir);
        const dev = readStackConfig(p, "dev");
        expect(dev.config["aws:region"]).toBe("eu-west-1");
        expect(dev.notes).toEqual([
            "`Pulumi.dev.yaml` imports ESC environments `acme/aws-dev`, `acme/shared`: their config cannot be read offline, so the program saw only the stack file's own config",
        ]);
        expect(readStackConfig(p, "prod").notes).toEqual([
            "`Pulumi.prod.yaml` imports ESC environment `acme/aws-prod`: its config cannot be read offline, so the program saw only the stack file's own config",
        ]);
    });

    it("`--stack` that names no stack file, listing the stacks that have one; silent for the default stack", () => {
        const dir = project("stacks", {
            "Pulumi.yaml": "name: stacks\nruntime: nodejs\nconfig:\n  region:\n    default: eu-west-1\n",
            "index.js": "",
            "Pulumi.dev.yaml": "config: {}\n",
            "Pulumi.staging.yaml": "config: {}\n",
        });
        const p = readProject(dir);
        const missing = readStackConfig(p, "prdo", true);
        expect(missing.notes).toEqual(["`--stack prdo` names no `Pulumi.prdo.yaml`: the program ran with the project's defaults only (stack files here: `dev`, `staging`)"]);
        expect(missing.config).toEqual({ "stacks:region": "eu-west-1" });
        expect(readStackConfig(p, "prdo", false).notes).toEqual([]);
        expect(readStackConfig(p, "staging", true).notes).toEqual([]);
    });

    it("a project with no stack files says so; a fully qualified stack uses its last segment", () => {
        const bare = project("bare", { "Pulumi.yaml": "name: bare\nruntime: nodejs\n", "index.js": "" });
        expect(readStackConfig(readProject(bare), "prod", true).notes).toEqual([
            "`--stack prod` names no `Pulumi.prod.yaml`: the program ran with the project's defaults only (the project has no stack files)",
        ]);
        const qualified = project("qualified", { "Pulumi.yaml": "name: qualified\nruntime: nodejs\n", "index.js": "", "Pulumi.prod.yaml": "config:\n  qualified:x: y\n" });
        const c = readStackConfig(readProject(qualified), "acme/qualified/prod", true);
        expect(c.notes).toEqual([]);
        expect(c.config["qualified:x"]).toBe("y");
    });

    it("stack files under `stackConfigDir`", () => {
        const dir = project("configdir", {
            "Pulumi.yaml": "name: configdir\nruntime: nodejs\nstackConfigDir: stacks\n",
            "index.js": "",
            "stacks/Pulumi.dev.yaml": "config:\n  configdir:owner: platform-team\n",
        });
        expect(readStackConfig(readProject(dir), "dev", true)).toMatchObject({ config: { "configdir:owner": "platform-team" }, notes: [] });
    });
});

describe("the entry point", () => {
    it("records whether `main` is set in Pulumi.yaml (the host then ignores package.json's)", () => {
        const withMain = project("main", { "Pulumi.yaml": "name: m\nruntime: nodejs\nmain: src/index.mjs\n", "src/index.mjs": "" });
        expect(readProject(withMain)).toMatchObject({ explicitMain: true, main: path.join(withMain, "src/index.mjs") });
        const without = project("nomain", { "Pulumi.yaml": "name: n\nruntime: nodejs\n", "index.ts": "" });
        expect(readProject(without)).toMatchObject({ explicitMain: false, main: without });
    });
});
