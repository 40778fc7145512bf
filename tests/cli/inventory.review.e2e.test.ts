/** `nhi-guard inventory --expiring-within`: the scheduled renewal review, as a nightly job runs it. */
import * as path from "path";
import { EXPORTS, expectOneLine, runCli } from "./cliHelpers";
import { parseWindow } from "../../cli/inventory/review";

const estate = path.join(EXPORTS, "aws-ai-estate.json");

describe("inventory --expiring-within", () => {
    it("exits 1 and lists what has ended (the user's 2020 expiry) but not standing grants or the long-lived key", () => {
        const run = runCli(["inventory", estate, "--now", "2026-01-15", "--expiring-within", "30d", "--format", "json"]);
        expect([run.code, run.stderr]).toEqual([1, ""]);
        const { review } = JSON.parse(run.stdout);
        expect(review).toEqual({
            withinDays: 30,
            ending: [{ kind: "identity", identity: "legacy-bot", tool: "copilot-agent", name: "legacy-bot", urn: expect.stringMatching(/::legacy-bot$/), ends: "2020-01-01", daysLeft: -2206 }],
        });
    });

    it("lists the role and its grant that end inside the window, soonest first (ties by URN)", () => {
        const run = runCli(["inventory", estate, "--now", "2099-12-15", "--expiring-within", "16", "--format", "json"]);
        expect(run.code).toBe(1);
        const ending = JSON.parse(run.stdout).review.ending.map((e: any) => [e.kind, e.name, e.daysLeft]);
        expect(ending).toEqual([
            ["identity", "legacy-bot", expect.any(Number)],
            ["identity", "pr-reviewer-role", 16],
            ["grant", "pr-reviewer-grant-read-docs", 16],
        ]);
        const text = runCli(["inventory", estate, "--now", "2099-12-15", "--expiring-within", "16"]);
        expect(text.stdout).toContain("Review: 3 end within 16 days or ended");
        expect(text.stdout).toContain("  grant pr-reviewer-grant-read-docs (of pr-reviewer-role), claude-code: 2099-12-31, in 16 days");
    });

    it("exits 0 with an empty list when nothing ends within the window", () => {
        const clean = runCli(["inventory", path.join(__dirname, "../.."), "--now", "2026-12-02", "--expiring-within", "20d", "--format", "json", "--quiet"]);
        expect(clean.code).toBe(0);
        expect(JSON.parse(clean.stdout).review).toEqual({ withinDays: 20, ending: [] });
    });

    it.each(["30days", "-1", "1w", "", "99999"])("refuses the window %p with one line naming the option and the format (exit 2)", (w) => {
        const run = runCli(["inventory", estate, `--expiring-within=${w}`]);
        expect(run.code).toBe(2);
        expect(expectOneLine(run.stderr)).toMatch(/^nhi-guard: `--expiring-within` is `.*`: give whole days as `30d` \(or `30`\)/);
    });

    it("reads whole days with or without the d", () => {
        expect([parseWindow("30d"), parseWindow("30"), parseWindow(" 7d "), parseWindow("3650"), parseWindow("3651"), parseWindow("30D")]).toEqual([30, 30, 7, 3650, undefined, undefined]);
    });
});
