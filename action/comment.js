#!/usr/bin/env node
// Keeps one nhi-guard comment per pull request up to date. The comment is found by the hidden
// marker the markdown report starts with, and only among comments the bot itself wrote: "the last
// comment" (`gh pr comment --edit-last`) is whatever the bot posted last, and a marker typed by
// someone else must not make the bot edit their comment. Plain Node (20+, global fetch), no
// dependencies: it runs from the action's own folder, never from the pull request's code.
"use strict";
const fs = require("fs");

const MARKER = "<!-- nhi-guard-report -->";
/** GitHub rejects comment bodies above 65536 characters. */
const MAX_BODY = 65000;

function fail(message) {
    const e = new Error(message);
    e.expected = true;
    return e;
}

function commentBody(report) {
    let body = report.startsWith(MARKER) ? report : `${MARKER}\n${report}`;
    if (body.length > MAX_BODY) body = `${body.slice(0, MAX_BODY)}\n\n… (truncated: the full report is in the \`nhi-guard-report\` artifact and in code scanning)\n`;
    return body;
}

async function api(fetchImpl, env, method, route, body) {
    const res = await fetchImpl(`${env.GITHUB_API_URL || "https://api.github.com"}${route}`, {
        method,
        headers: {
            authorization: `Bearer ${env.GITHUB_TOKEN}`,
            accept: "application/vnd.github+json",
            "x-github-api-version": "2022-11-28",
            ...(body ? { "content-type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw fail(`GitHub API ${method} ${route.split("?")[0]} answered ${res.status}: check the job's \`pull-requests: write\` permission`);
    return res.status === 204 ? null : res.json();
}

/**
 * Creates or updates the comment. `expectedHeadSha` (from the workflow_run event) guards the PR
 * number read from an artifact: a fork controls that artifact, so the number is only trusted when
 * the PR's head is the commit the analysis ran on.
 */
async function upsertComment({ env, report, fetchImpl = fetch }) {
    const repo = env.GITHUB_REPOSITORY;
    const pr = String(env.PR_NUMBER || "").trim();
    if (!/^[0-9]{1,10}$/.test(pr)) throw fail(`\`PR_NUMBER\` is \`${pr.slice(0, 20)}\`: it must be a pull request number`);
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo || "")) throw fail("`GITHUB_REPOSITORY` must be `owner/name`");
    const author = env.COMMENT_AUTHOR || "github-actions[bot]";
    if (env.EXPECTED_HEAD_SHA) {
        const pull = await api(fetchImpl, env, "GET", `/repos/${repo}/pulls/${pr}`);
        if (!pull || !pull.head || pull.head.sha !== env.EXPECTED_HEAD_SHA) {
            throw fail(`pull request #${pr} is not at the analysed commit ${env.EXPECTED_HEAD_SHA.slice(0, 12)}: not commenting (the report is for another head)`);
        }
    }
    const body = commentBody(report);
    for (let page = 1; page <= 50; page++) {
        const comments = await api(fetchImpl, env, "GET", `/repos/${repo}/issues/${pr}/comments?per_page=100&page=${page}`);
        const mine = comments.find((c) => c.user && c.user.login === author && typeof c.body === "string" && c.body.startsWith(MARKER));
        if (mine) {
            await api(fetchImpl, env, "PATCH", `/repos/${repo}/issues/comments/${mine.id}`, { body });
            return { action: "updated", id: mine.id };
        }
        if (comments.length < 100) break;
    }
    const created = await api(fetchImpl, env, "POST", `/repos/${repo}/issues/${pr}/comments`, { body });
    return { action: "created", id: created.id };
}

module.exports = { MARKER, commentBody, upsertComment };

if (require.main === module) {
    const env = process.env;
    let report;
    try {
        report = fs.readFileSync(env.REPORT, "utf8");
    } catch {
        process.stderr.write(`nhi-guard comment: cannot read the report \`${env.REPORT}\`: set \`REPORT\` to the markdown file\n`);
        process.exit(2);
    }
    upsertComment({ env, report }).then(
        (r) => process.stdout.write(`nhi-guard comment ${r.action} (#${r.id})\n`),
        (e) => {
            process.stderr.write(`nhi-guard comment: ${e.expected ? e.message : `failed: ${String(e.message).split("\n")[0]}`}\n`);
            process.exit(1);
        },
    );
}
