/** Several exports at once: one organisation-wide inventory, in every format. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EXPORTS, expectOneLine, runCli } from "./cliHelpers";

const aws = path.join(EXPORTS, "aws-ai-estate.json");
const gcp = path.join(EXPORTS, "gcp.json");
const NOW = "2026-01-15";

describe("inventory of several stacks", () => {
    let single: { aws: any; gcp: any };
    let org: any;
    beforeAll(() => {
        const read = (args: string[]) => {
            const run = runCli(["inventory", ...args, "--now", NOW, "--format", "json"]);
            expect([run.code, run.stderr]).toEqual([0, ""]);
            return JSON.parse(run.stdout);
        };
        single = { aws: read([aws]), gcp: read([gcp]) };
        org = read([aws, gcp]);
    });

    it("lists every stack's identities, each with its stack, and sums the counts", () => {
        expect(org.stacks).toEqual([
            { project: "ai-estate", stack: "prod", source: "audit" },
            { project: single.gcp.project, stack: single.gcp.stack, source: "audit" },
        ]);
        expect(org.identities.map((i: any) => [i.stack, i.name])).toEqual([
            ...single.aws.identities.map((i: any) => [`ai-estate/prod`, i.name]),
            ...single.gcp.identities.map((i: any) => [`${single.gcp.project}/${single.gcp.stack}`, i.name]),
        ]);
        for (const k of Object.keys(single.aws.counts)) expect([k, org.counts[k]]).toEqual([k, single.aws.counts[k] + single.gcp.counts[k]]);
        expect(org.unattached.map((u: any) => [u.stack, u.name])).toEqual([
            ["ai-estate/prod", "orphan-policy"],
            ...single.gcp.unattached.map((u: any) => [`${single.gcp.project}/${single.gcp.stack}`, u.name]),
        ]);
    });

    it("reads a folder of exports in name order, and names the stacks on the page and in the table", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-exports-"));
        fs.copyFileSync(gcp, path.join(dir, "b-gcp.json"));
        fs.copyFileSync(aws, path.join(dir, "a-aws.json"));
        fs.writeFileSync(path.join(dir, "README.txt"), "not an export");
        const html = runCli(["inventory", dir, "--now", NOW, "--format", "html"]);
        expect(html.code).toBe(0);
        expect(html.stdout).toContain("<title>NHI inventory: 2 stacks</title>");
        expect(html.stdout.indexOf("pr-reviewer-role")).toBeGreaterThan(0);
        expect(html.stdout).toContain(` · ${single.gcp.project}/${single.gcp.stack}</span>`);
        const text = runCli(["inventory", dir, "--now", NOW]);
        expect(text.stdout).toMatch(/^ai-estate\/prod: IAM role pr-reviewer-role /m);
        expect(text.stdout.trimEnd().split("\n").pop()).toContain("2 stacks: audit of ai-estate/prod, audit of ");
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("refuses a folder that is neither a program nor holds exports (exit 2, one line)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-empty-"));
        const run = runCli(["inventory", dir]);
        expect(run.code).toBe(2);
        expect(expectOneLine(run.stderr)).toMatch(/is a folder with no Pulumi\.yaml and no `\*\.json` exports/);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
