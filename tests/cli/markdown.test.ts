/** The pull-request comment: escaping of hostile stack strings and GitHub's size limit. */
import { buildReport } from "../../cli/report/model";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../cli/report/markdown";
import { markdownText } from "../../cli/report/escape";

const pack = { name: "pack", version: "1.0.0", initialConfig: {}, policies: [{ name: "p", displayName: "", description: "Checks that x.", enforcementLevel: "mandatory" as const, message: "" }] };
const urn = (name: string) => `urn:pulumi:dev::proj::aws:iam/role:Role::${name}`;
const report = (n: number, message: string, name = "r") =>
    buildReport(
        Array.from({ length: n }, (_, i) => ({
            requestUrn: urn(`${name}${i}`),
            diagnostic: { policyName: "p", policyPackName: "pack", policyPackVersion: "1.0.0", enforcementLevel: (i % 2 ? "advisory" : "mandatory") as any, message, urn: "", description: "", severity: 0 },
        })),
        { command: "preview", stack: "dev", project: "proj", packs: [pack], resources: n, stackUrns: [] },
    );

describe("markdown PR comment", () => {
    it("escapes table pipes, HTML, markdown links and @-mentions in stack strings", () => {
        const md = renderMarkdown(report(2, "owner | <img src=x onerror=alert(1)> [click](https://evil.invalid) @org/team \u001b[2J", "a|b<"), { color: false, strict: false });
        expect(md).not.toMatch(/<img|\[click\]|@org|\u001b/);
        expect(md).toContain("owner \\| &lt;img src=x onerror=alert(1)&gt; \\[click\\](https://evil.invalid) &#64;org/team \\\\x1b\\[2J");
        expect(md).toContain("**a\\|b&lt;0**");
        // The advisory sits in a collapsed block, the mandatory one in the table.
        expect(md).toMatch(/#### Mandatory violations[\s\S]*<details><summary>1 advisory finding<\/summary>/);
    });

    it("stays under GitHub's comment limit and says how many rows it left out", () => {
        const big = report(4000, "x".repeat(200));
        const md = renderMarkdown(big, { color: false, strict: false });
        expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
        const shown = md.split("\n").filter((l) => l.startsWith("| p |")).length;
        const omitted = Number(/_(\d+) more rows not shown/.exec(md)?.[1]);
        expect(shown + omitted).toBe(4000);
        expect(md).toContain("**2000** mandatory, **2000** advisory");
        // Every opened block is closed.
        expect(md.split("<details>").length).toBe(md.split("</details>").length);
    });

    it("is not truncated when it fits", () => {
        const md = renderMarkdown(report(3, "small"), { color: false, strict: false });
        expect(md).not.toMatch(/not shown/);
    });

    it("markdownText leaves plain words alone", () => {
        expect(markdownText("platform-team")).toBe("platform-team");
    });
});
