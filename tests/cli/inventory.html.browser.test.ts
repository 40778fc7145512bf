/**
 * The HTML inventory in a real browser: Debian's Chromium, headless, driven over the DevTools
 * protocol by playwright-core. The page is opened from a file (as a reviewer opens it), so its
 * Content-Security-Policy applies: a style or script whose hash does not match would be refused
 * and logged as a console error, and any request beyond the file itself would be seen here.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { EXPORTS, runCli } from "./cliHelpers";

const CHROMIUM = "/usr/bin/chromium";
const NOW = "2026-01-15";
/** The access key's secret, shown in the export with `--show-secrets`: it must never be printed. */
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

jest.setTimeout(120000);

let context: BrowserContext;
let page: Page;
let html: string;
let profile: string;
const problems: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-inventory-html-"));
    const file = path.join(dir, "inventory.html");
    const run = runCli(["inventory", path.join(EXPORTS, "aws-ai-estate.json"), "--now", NOW, "--output", file]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    html = fs.readFileSync(file, "utf8");
    profile = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-chromium-"));
    // A fresh profile per run (playwright's persistent context is Chromium's --user-data-dir).
    context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`file://${file}`, { waitUntil: "load" });
});

afterAll(async () => {
    await context?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

describe("the HTML inventory in Chromium", () => {
    it("loads with no console errors and requests nothing but itself", () => {
        expect(problems).toEqual([]);
        expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
        expect(requests).toHaveLength(1);
    });

    it("shows the summary counts at the top", async () => {
        const cards = await page.locator("section.cards .card").allInnerTexts();
        expect(cards.map((c) => c.replace(/\s+/g, " ").trim())).toEqual([
            "2 AI tools",
            "2 identities (2 AI tool)",
            "1 identities, grants, credentials or secrets ending within 30 days (1 already ended)",
            "9 findings: 8 mandatory, 0 advisory, 1 unverified",
        ]);
    });

    it("shows every identity with its owner, expiry and what each grant allows", async () => {
        const role = page.locator("article.identity", { hasText: "pr-reviewer-role" });
        await expect(role.isVisible()).resolves.toBe(true);
        const text = await role.innerText();
        expect(text).toContain("platform-team");
        expect(text).toMatch(/2099-12-31 \(in 27013 days\)/);
        expect(text).toContain("repo:acme/app:environment:ai-review");
        const grant = role.locator("table.grants tr", { hasText: "pr-reviewer-grant-read-docs" });
        expect(await grant.innerText()).toMatch(/s3:GetObject[\s\S]*arn:aws:s3:::acme-docs\/\*[\s\S]*2099-12-31/);
        expect(await role.locator("table.grants tr", { hasText: "shadow-admin" }).innerText()).toMatch(/AdministratorAccess[\s\S]*never \(standing\)/);
        expect(await role.locator("table.credentials").innerText()).toMatch(/pr-reviewer-secret-anthropic[\s\S]*rotates every 30 days/);
        const bot = await page.locator("article.identity", { hasText: "legacy-bot" }).innerText();
        expect(bot).toMatch(/2020-01-01 \(2206 days ago\)/);
        expect(bot).toMatch(/legacy-bot-key[\s\S]*long-lived/);
        expect(bot).toMatch(/MANDATORY/);
    });

    it("draws the timeline with today marked and one end per dated NHI, and the tool → identity → grant graph", async () => {
        const timeline = page.locator("svg#timeline");
        const box = await timeline.boundingBox();
        expect(box!.width).toBeGreaterThan(600);
        expect(await timeline.locator("g.end").count()).toBe(3); // the role's and the inline grant's 2099 ends, the user's 2020 expiry
        expect(await timeline.locator("text", { hasText: `today ${NOW}` }).isVisible()).toBe(true);
        const today = await page.locator("line#today").boundingBox();
        expect(today!.height).toBeGreaterThan(40);
        const graph = page.locator("svg#graph");
        expect(await graph.locator("g.col0").allTextContents()).toEqual(["claude-codeclaude-code", "copilot-agentcopilot-agent"]);
        expect(await graph.locator("g.col1 title").allTextContents()).toEqual(["IAM role pr-reviewer-role", "IAM user legacy-bot"]);
        expect(await graph.locator("g.col2").count()).toBe(4);
        expect(await graph.locator("path").count()).toBe(6);
    });

    it("renders hostile stack strings as text, runs only its own hashed script, and never shows a secret", async () => {
        expect(html).not.toContain(SECRET);
        expect(html).not.toContain("secrets-team");
        expect(html).not.toMatch(/\son[a-z]+=/i);
        expect(html).not.toMatch(/(src|href)=/i);
        expect(await page.locator("body").innerText()).toContain("Reviews pull requests | <b>docs</b> @security-team");
        expect(await page.locator("article b:text-is('docs')").count()).toBe(0);
        expect(await page.locator("script").count()).toBe(1);
        const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
        expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+';/);
        // The filter is that script: it runs under the policy, so the hash is right.
        await page.fill("#filter", "legacy-bot");
        expect(await page.locator("section.tool", { hasText: "pr-reviewer-role" }).isVisible()).toBe(false);
        expect(await page.locator("section.tool", { hasText: "legacy-bot" }).isVisible()).toBe(true);
        await page.fill("#filter", "");
    });

    it("prints: the filter is hidden and identities are not split across pages", async () => {
        await page.emulateMedia({ media: "print" });
        expect(await page.locator(".filter").isVisible()).toBe(false);
        expect(await page.locator("article.identity").first().evaluate((e) => (globalThis as any).getComputedStyle(e).breakInside)).toBe("avoid");
        await page.emulateMedia({ media: "screen" });
    });
});
