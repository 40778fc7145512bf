#!/usr/bin/env node
// Regenerates contract/secrets/rules.generated.ts: the credential formats the pack recognises, taken
// from gitleaks' maintained rule set (config/gitleaks.toml, MIT) rather than kept by hand.
//
//   node scripts/generate-secret-rules.js [--gitleaks GIT_DIR] [--check]
//
// GIT_DIR is a git directory of github.com/gitleaks/gitleaks (default: the `fetch` mirror, or
// NHI_GITLEAKS). Only the rules in SELECTED are taken: the credentials an AI tool's infrastructure
// holds (clouds, forges, chat, AI vendors, keys and tokens of the tools around them). gitleaks'
// generic rules (generic-api-key and friends) are left out on purpose: they are tuned for a
// repository scan with a human triaging, and here a finding fails a deployment.
//
// gitleaks' regexes are Go RE2. The translation to JavaScript is done here and refused (the script
// exits 1 naming the rule) for any construct it does not know, so a rule never silently changes
// meaning: a leading (?i) becomes the `i` flag, (?i:...) groups are expanded to both cases, (?P<n>
// becomes (?<n>, \z becomes $. Every translated regex is compiled and must match the sample the
// generator builds from nothing (it only checks the regex is well-formed; tests/contract/secrets
// checks real-looking samples per rule).
//
// `--check` writes nothing and exits 1 when the committed file differs from what the source gives.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const OUT = path.join(root, "contract/secrets/rules.generated.ts");
const DEFAULT_GIT = "/work/.mirror/gitleaks+gitleaks/repo";

const args = process.argv.slice(2);
const check = args.includes("--check");
const gitAt = args.indexOf("--gitleaks");
const gitDir = gitAt >= 0 ? args[gitAt + 1] : process.env.NHI_GITLEAKS || DEFAULT_GIT;

/** gitleaks rule id -> the kind the pack's message names. */
const SELECTED = {
    "aws-access-token": "AWS access key ID",
    "aws-amazon-bedrock-api-key-long-lived": "Amazon Bedrock API key",
    "github-pat": "GitHub personal access token",
    "github-fine-grained-pat": "GitHub fine-grained personal access token",
    "github-oauth": "GitHub OAuth token",
    "github-app-token": "GitHub app token",
    "github-refresh-token": "GitHub refresh token",
    "gitlab-pat": "GitLab personal access token",
    "gitlab-pat-routable": "GitLab personal access token",
    "gitlab-ptt": "GitLab pipeline trigger token",
    "gitlab-rrt": "GitLab runner registration token",
    "gitlab-runner-authentication-token": "GitLab runner token",
    "gitlab-deploy-token": "GitLab deploy token",
    "slack-bot-token": "Slack bot token",
    "slack-user-token": "Slack user token",
    "slack-app-token": "Slack app token",
    "slack-legacy-token": "Slack legacy token",
    "slack-config-access-token": "Slack configuration token",
    "slack-webhook-url": "Slack webhook URL",
    "private-key": "private key",
    "gcp-api-key": "Google API key",
    "azure-ad-client-secret": "Azure AD client secret",
    "jwt": "signed JWT",
    "anthropic-api-key": "Anthropic API key",
    "anthropic-admin-api-key": "Anthropic admin API key",
    "openai-api-key": "OpenAI API key",
    "huggingface-access-token": "Hugging Face token",
    "huggingface-organization-api-token": "Hugging Face organization token",
    "perplexity-api-key": "Perplexity API key",
    "cohere-api-token": "Cohere API key",
    "pulumi-api-token": "Pulumi access token",
    "npm-access-token": "npm access token",
    "stripe-access-token": "Stripe secret key",
    "databricks-api-token": "Databricks token",
    "doppler-api-token": "Doppler token",
    "digitalocean-pat": "DigitalOcean token",
    "linear-api-key": "Linear API key",
    "notion-api-token": "Notion token",
    "pypi-upload-token": "PyPI token",
    "shopify-access-token": "Shopify token",
    "grafana-service-account-token": "Grafana service account token",
    "sentry-user-token": "Sentry token",
    "sentry-org-token": "Sentry token",
    "1password-service-account-token": "1Password service account token",
    "age-secret-key": "age secret key",
};

/**
 * Prefilter keywords replaced where gitleaks' own would send most strings to the rule: its JWT
 * keyword `ey` is in "key" and "survey"; a JWT's header is JSON, so its base64 starts `eyJ`.
 * (twilio-api-key is left out for the same reason: its only keyword is `sk`, in "task" and "desk".)
 */
const KEYWORDS = { jwt: ["eyj"] };

// ---------------------------------------------------------------------------------------------
// TOML: the subset gitleaks.toml uses ([[tables]], key = string | '''literal''' | number | array).

function parseToml(text) {
    const rules = [];
    let table = {}; // top-level keys (title, minVersion) are not used
    let i = 0;
    const n = text.length;
    const skipSpace = () => {
        for (;;) {
            while (i < n && /[ \t\r\n,]/.test(text[i])) i++;
            if (text[i] === "#") while (i < n && text[i] !== "\n") i++;
            else return;
        }
    };
    const value = () => {
        skipSpace();
        if (text.startsWith("'''", i)) {
            const end = text.indexOf("'''", i + 3);
            const v = text.slice(i + 3, end);
            i = end + 3;
            return v;
        }
        if (text[i] === "'") {
            const end = text.indexOf("'", i + 1);
            const v = text.slice(i + 1, end);
            i = end + 1;
            return v;
        }
        if (text[i] === '"') {
            let j = i + 1;
            while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
            const v = JSON.parse(text.slice(i, j + 1));
            i = j + 1;
            return v;
        }
        if (text[i] === "[") {
            i++;
            const out = [];
            for (;;) {
                skipSpace();
                if (text[i] === "]") {
                    i++;
                    return out;
                }
                out.push(value());
            }
        }
        const m = /^[^\s\n#,\]]+/.exec(text.slice(i, i + 64));
        i += m[0].length;
        if (m[0] === "true" || m[0] === "false") return m[0] === "true";
        return Number(m[0]);
    };
    for (;;) {
        skipSpace();
        if (i >= n) break;
        if (text.startsWith("[[rules.allowlists]]", i)) {
            table = {};
            rules[rules.length - 1].allowlists.push(table);
            i += "[[rules.allowlists]]".length;
        } else if (text.startsWith("[[rules]]", i)) {
            table = { allowlists: [] };
            rules.push(table);
            i += "[[rules]]".length;
        } else if (text[i] === "[") {
            table = {}; // global tables: not used (their path and stopword lists are for repositories)
            i = text.indexOf("]", i) + 1;
            while (text[i] === "]") i++;
        } else {
            const m = /^([A-Za-z0-9_.-]+)\s*=/.exec(text.slice(i, i + 80));
            if (!m) throw new Error(`gitleaks.toml: cannot read at offset ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
            i += m[0].length;
            table[m[1]] = value();
        }
    }
    return rules;
}

// ---------------------------------------------------------------------------------------------
// RE2 -> JavaScript.

const both = (c) => (/[a-z]/i.test(c) ? `${c.toLowerCase()}${c.toUpperCase()}` : c);

/** The class body `[...]` (without brackets) with every letter and letter range in both cases. */
function foldClass(body) {
    let out = "";
    for (let k = 0; k < body.length; k++) {
        const c = body[k];
        if (c === "\\") {
            out += body.slice(k, k + 2);
            k++;
        } else if (body[k + 1] === "-" && body[k + 2] && body[k + 2] !== "]" && /[a-z]/i.test(c) && /[a-z]/i.test(body[k + 2])) {
            const lo = c, hi = body[k + 2];
            out += `${lo.toLowerCase()}-${hi.toLowerCase()}${lo.toUpperCase()}-${hi.toUpperCase()}`;
            k += 2;
        } else out += both(c);
    }
    return out;
}

/** Translates one RE2 pattern; throws naming the construct when it has no faithful JS form here. */
function translate(id, source) {
    let flags = "";
    let s = source;
    const lead = /^\(\?([is]+)\)/.exec(s);
    if (lead) {
        flags = [...new Set(lead[1])].join("");
        s = s.slice(lead[0].length);
    }
    for (const bad of ["(?-", "(?s", "(?m", "(?U", "[[:", "\\A", "\\Q", "\\pL", "\\p{"]) {
        if (s.includes(bad)) throw new Error(`rule ${id}: RE2 construct ${bad} is not translated`);
    }
    s = s.replace(/\(\?P</g, "(?<").replace(/\\z/g, "$");
    // A (?i) later in the pattern turns case folding on up to the end of its group: at the top
    // level that is the rest of the pattern, the same as a (?i:...) group around it.
    const mid = s.indexOf("(?i)");
    if (mid >= 0) {
        if (depthAt(s, mid) !== 0) throw new Error(`rule ${id}: (?i) inside a group is not translated`);
        s = `${s.slice(0, mid)}(?i:${s.slice(mid + 4)})`;
    }
    // (?i:...) groups, innermost content folded to both cases (outside an `i` flag only).
    let out = "";
    for (let k = 0; k < s.length; ) {
        if (s.startsWith("(?i:", k)) {
            let depth = 1, j = k + 4, inClass = false;
            for (; j < s.length && depth; j++) {
                if (s[j] === "\\") j++;
                else if (inClass) inClass = s[j] !== "]";
                else if (s[j] === "[") inClass = true;
                else if (s[j] === "(") depth++;
                else if (s[j] === ")") depth--;
            }
            const inner = s.slice(k + 4, j - 1);
            out += flags.includes("i") ? `(?:${inner})` : `(?:${fold(inner)})`;
            k = j;
        } else out += s[k++];
    }
    if (out.includes("(?i")) throw new Error(`rule ${id}: nested (?i) is not translated`);
    return { source: out, flags };
}

/** How many groups are open at `index` (escapes and classes skipped). */
function depthAt(s, index) {
    let depth = 0, inClass = false;
    for (let j = 0; j < index; j++) {
        if (s[j] === "\\") j++;
        else if (inClass) inClass = s[j] !== "]";
        else if (s[j] === "[") inClass = true;
        else if (s[j] === "(") depth++;
        else if (s[j] === ")") depth--;
    }
    return depth;
}

/** A pattern with every literal letter and class matching both cases (for (?i:...)). */
function fold(p) {
    let out = "";
    for (let k = 0; k < p.length; k++) {
        const c = p[k];
        if (c === "\\") {
            out += p.slice(k, k + 2);
            if (p[k + 1] === "x") {
                out += p.slice(k + 2, k + 4);
                k += 2;
            }
            k++;
        } else if (c === "[") {
            let j = k + 1;
            if (p[j] === "^") j++;
            if (p[j] === "]") j++;
            while (p[j] !== "]") j += p[j] === "\\" ? 2 : 1;
            const neg = p[k + 1] === "^";
            out += `[${neg ? "^" : ""}${foldClass(p.slice(k + (neg ? 2 : 1), j))}]`;
            k = j;
        } else if (c === "{") {
            const j = p.indexOf("}", k);
            out += p.slice(k, j + 1);
            k = j;
        } else if (c === "(" && p[k + 1] === "?") {
            // (?: or (?<name> are syntax, not letters to fold
            const m = /^\(\?(?::|<[A-Za-z0-9_]+>)/.exec(p.slice(k));
            out += m[0];
            k += m[0].length - 1;
        } else out += /[a-z]/i.test(c) ? `[${both(c)}]` : c;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------

function readSource() {
    const commit = execFileSync("git", ["--git-dir", gitDir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    const date = execFileSync("git", ["--git-dir", gitDir, "log", "-1", "--format=%cs", "HEAD"], { encoding: "utf8" }).trim();
    let tag = "";
    try {
        tag = execFileSync("git", ["--git-dir", gitDir, "describe", "--tags", "--abbrev=0", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
        tag = "untagged";
    }
    const toml = execFileSync("git", ["--git-dir", gitDir, "show", "HEAD:config/gitleaks.toml"], { encoding: "utf8", maxBuffer: 64 << 20 });
    return { commit, date, tag, toml };
}

function build() {
    const src = readSource();
    const all = parseToml(src.toml);
    const byId = new Map(all.map((r) => [r.id, r]));
    const rules = [];
    for (const [id, kind] of Object.entries(SELECTED)) {
        const r = byId.get(id);
        if (!r) throw new Error(`rule ${id} is no longer in gitleaks.toml: choose its successor in SELECTED`);
        const { source, flags } = translate(id, r.regex);
        new RegExp(source, flags); // throws on a translation JS cannot compile
        const allow = [];
        for (const a of r.allowlists) {
            if (a.paths && !a.regexes && !a.stopwords) continue; // path allowlists are for repositories
            for (const re of a.regexes ?? []) {
                const t = translate(`${id} allowlist`, re);
                new RegExp(t.source, t.flags);
                allow.push([t.source, t.flags]);
            }
            for (const w of a.stopwords ?? []) allow.push([w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i"]);
        }
        const keywords = (KEYWORDS[id] ?? r.keywords ?? []).map((k) => k.toLowerCase());
        if (!keywords.length) throw new Error(`rule ${id} has no keywords: the prefilter could not skip it`);
        rules.push({ id, kind, source, flags, keywords, entropy: r.entropy ?? 0, secretGroup: r.secretGroup ?? 0, allow });
    }
    const header = `// Generated by scripts/generate-secret-rules.js: do not edit (run it again).
// Source: gitleaks config/gitleaks.toml, https://github.com/gitleaks/gitleaks (MIT licence,
// Copyright (c) 2019 Zachary Rice), ${src.tag} commit ${src.commit} (${src.date}); ${rules.length} of
// ${all.length} rules selected. Regexes translated from Go RE2 to JavaScript by the generator.
`;
    const body = `export interface GeneratedRule {
    /** gitleaks rule id. */
    id: string;
    /** What the pack's message calls it. */
    kind: string;
    source: string;
    flags: string;
    /** Lower-case substrings one of which any match contains (gitleaks' keyword prefilter). */
    keywords: readonly string[];
    /** Minimum Shannon entropy of the secret part (0: none). */
    entropy: number;
    /** Capture group holding the secret (0: the first group if any, else the whole match). */
    secretGroup: number;
    /** Matches of the secret part that are known non-secrets (documentation keys). */
    allow: readonly (readonly [string, string])[];
}

export const GITLEAKS_SOURCE = ${JSON.stringify({ repository: "https://github.com/gitleaks/gitleaks", version: src.tag, commit: src.commit, licence: "MIT" })} as const;

export const GENERATED_RULES: readonly GeneratedRule[] = ${JSON.stringify(rules, null, 4)};
`;
    return header + body;
}

// ---------------------------------------------------------------------------------------------
// Inputs the providers declare secret. Each SDK's generated constructor wraps them,
// `resourceInputs["value"] = args?.value ? pulumi.secret(args.value) : undefined`, so under the
// real engine they arrive secret-marked anyway; the table is for requests built without the SDK
// (hand-written exports, other languages' programs read back) and nested secrets the SDK cannot
// mark, which are listed by hand in contract/secrets/providerSecrets.ts.

const SDKS = ["aws", "gcp", "azure-native", "azuread", "github"];

function providerSecrets() {
    const table = {};
    const versions = {};
    for (const sdk of SDKS) {
        const dir = path.join(root, "node_modules/@pulumi", sdk);
        if (!fs.existsSync(dir)) continue;
        versions[sdk] = require(path.join(dir, "package.json")).version;
        let files = "";
        try {
            files = execFileSync("grep", ["-rl", "--include=*.js", "pulumi.secret(args", dir], { encoding: "utf8", maxBuffer: 64 << 20 });
        } catch {
            continue; // grep exits 1 when nothing matches
        }
        for (const file of files.split("\n").filter(Boolean)) {
            const js = fs.readFileSync(file, "utf8");
            const type = /static __pulumiType = '([^']+)'/.exec(js);
            if (!type || type[1].endsWith(":Provider") || type[1].startsWith("pulumi:providers:")) continue;
            const props = [...js.matchAll(/resourceInputs\["([A-Za-z0-9_]+)"\] = [^;\n]*pulumi\.secret\(args/g)].map((m) => m[1]);
            if (props.length) table[type[1]] = [...new Set(props)].sort();
        }
    }
    const sorted = Object.fromEntries(Object.keys(table).sort().map((k) => [k, table[k]]));
    return `// Generated by scripts/generate-secret-rules.js: do not edit (run it again).
// Source: the installed Pulumi SDKs' generated constructors (pulumi.secret(args.x)): ${Object.entries(versions).map(([k, v]) => `@pulumi/${k} ${v}`).join(", ")}.
/** Type token -> top-level inputs the provider's schema marks secret. */
export const PROVIDER_SECRET_INPUTS: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(sorted, null, 4)};
`;
}

const OUTPUTS = [
    [OUT, build()],
    [path.join(root, "contract/secrets/providerSecrets.generated.ts"), providerSecrets()],
];
let stale = false;
for (const [file, text] of OUTPUTS) {
    if (check) {
        const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
        if (current !== text) {
            console.error(`${path.relative(root, file)} is stale against its source: run node scripts/generate-secret-rules.js`);
            stale = true;
        }
    } else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        console.log(`wrote ${path.relative(root, file)}`);
    }
}
if (stale) process.exit(1);
