import type { GithubEnvironmentRef } from "../../../../contract/facts";
import { describe } from "../grants";
import { attestationFor, describeExpired, readAttestations } from "../externalEnvironments";
import type { NhiPolicy } from "../policy";
import { unknownPaths } from "../../../../contract/unknowns";
import type { StackEntry } from "../stackIndex";

// A GitHub environment resource names its repository without the owner (the provider's owner is
// implied) while a trust subject names `owner/repo`: index by repository name, then compare owners
// where both are given.
const repoName = (r: string) => r.slice(r.lastIndexOf("/") + 1).toLowerCase();
const ownerOf = (r: string) => (r.includes("/") ? r.slice(0, r.indexOf("/")).toLowerCase() : undefined);
const envKey = (e: GithubEnvironmentRef) => `${repoName(e.repository)}\u0000${e.environment}`;
const sameOwner = (a: GithubEnvironmentRef, b: GithubEnvironmentRef) => {
    const x = ownerOf(a.repository);
    const y = ownerOf(b.repository);
    return x === undefined || y === undefined || x === y;
};
const envName = (e: GithubEnvironmentRef) => `\`${e.repository}\` environment \`${e.environment}\``;

/** An AI tool that can approve its own change has no reviewer but itself. */
export const humanApproval: NhiPolicy = {
    name: "nhi-human-approval",
    description: "Checks that an AI tool cannot approve its own change: workflows cannot approve pull requests, the tool is no bypass actor of a review ruleset, and the only GitHub jobs that act as an AI tool's identity run in environments that require human reviewers.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: "NHI3",
    tags: ["owasp-asi:ASI09", "owasp-asi:ASI03", "nist-csf:PR.AA-05", "nist-ai-rmf:GOVERN-3.2"],
    remediationSteps:
        "Set `canApprovePullRequestReviews: false` on workflow permissions, remove the tool's app from ruleset bypass actors, require a human approving review and the policy check on the default branch, give every environment an AI tool deploys from required human reviewers with `preventSelfReview: true`, and trust that environment's subject, not a branch, tag or pull request. For an environment managed in another stack, pass that stack's export to the gate (`--with-export`) or attest its reviewers in `externallyManagedEnvironments`. The nhi-guard GitHub component does all of this.",
    options: ["externallyManagedEnvironments"],

    validateResource: (check) => {
        const facts = check.facts();
        const gate = facts?.gate;
        if (!facts || !gate) return;
        for (const problem of gate.problems) check.report(`${facts.label} "${check.name}" lets a machine approve its own change: ${problem}`);
        if (gate.unknown?.length) check.unverified("part of its approval settings", gate.unknown);
    },

    // Which environments an AI tool's identity trusts is only visible across resources.
    validateStack: (check) => {
        const { index } = check;
        const attestations = readAttestations(check.config.externallyManagedEnvironments);
        const environments = new Map<string, StackEntry[]>();
        for (const g of index.ofKind("gate")) {
            const env = g.facts?.gate?.environment;
            if (!env) continue;
            const list = environments.get(envKey(env));
            if (list) list.push(g);
            else environments.set(envKey(env), [g]);
        }
        const holders: { holder: StackEntry; refs: GithubEnvironmentRef[]; jobs: string[]; identities: StackEntry[] }[] = [];
        for (const i of index.ofKind("identity")) {
            const trust = i.facts?.identity?.trust;
            const refs = trust?.githubEnvironments ?? [];
            const jobs = trust?.githubJobsWithoutEnvironment ?? [];
            if ((refs.length || jobs.length) && check.inScope(i)) holders.push({ holder: i, refs, jobs, identities: [i] });
            // A trust unknown at preview may name environments: which ones cannot be listed yet.
            if (!i.facts?.unknown?.length && !trust?.unknown?.length) continue;
            const unknown = unknownPaths(i.facts?.unknown, "trust", trust?.unknown);
            if (unknown.length && check.inScope(i)) check.unknown(i, "which GitHub environments may act as it", unknown);
        }
        for (const t of index.ofKind("trust")) {
            const refs = t.facts?.trust?.githubEnvironments ?? [];
            const jobs = t.facts?.trust?.githubJobsWithoutEnvironment ?? [];
            if (!refs.length && !jobs.length) continue;
            const identities = index.targetsOf(t).filter((i) => check.inScope(i));
            if (identities.length || check.inScope(t)) holders.push({ holder: t, refs, jobs, identities: [...identities] });
        }
        for (const { holder, refs, jobs, identities } of holders) {
            const who = identities.length ? `AI tool identity ${identities.map(describe).join(", ")}` : "an AI tool's identity";
            // A branch, tag or pull-request job starts without anyone's approval: what the tool does
            // as the identity there is approved by nobody, however pinned the subject is.
            for (const job of jobs) {
                check.report(holder.urn, `${describe(holder)} lets GitHub jobs that run in no environment (\`${job}\`) act as ${who}, so no human approves what they do; trust one environment with required reviewers instead (\`repo:<owner>/<repo>:environment:<name>\`)`);
            }
            for (const ref of refs) {
                // Most stacks declare no environment at all: no key to build then.
                const declared = environments.size ? environments.get(envKey(ref)) : undefined;
                const gates = declared ? declared.filter((g) => sameOwner(g.facts!.gate!.environment!, ref)) : [];
                if (gates.length === 0) {
                    // Managed in another stack, most often: unverified (the gate's `--strict` fails), not a violation.
                    const attested = attestationFor(attestations, ref, check.now);
                    if (attested.current) continue;
                    const expired = attested.expired.map((a) => `; ${describeExpired(a)}`).join("");
                    check.unverified(
                        holder,
                        `it lets jobs in ${envName(ref)} act as ${who}, but that environment is not declared in this stack, so its human reviewers cannot be verified${expired}`,
                        "verify it by declaring it here with required reviewers and `preventSelfReview`, by passing the export of the stack that manages it to the gate (`--with-export <export.json>`), or by attesting its reviewers in the `nhi-human-approval` config `externallyManagedEnvironments`",
                    );
                    continue;
                }
                for (const g of gates) {
                    const env = g.facts!.gate!.environment!;
                    // A setting unknown at preview is listed as unverified (by the resource policy), not missing.
                    const unknown = g.facts!.gate!.unknown ?? [];
                    const isUnknownSetting = (name: string) => unknown.some((p) => p === name || p.startsWith(`${name}.`) || p.startsWith(`${name}[`));
                    const missing = [
                        !env.humanReviewers && !isUnknownSetting("reviewers") && "requires no human reviewer",
                        !env.preventSelfReview && !isUnknownSetting("preventSelfReview") && "lets the author approve their own deployment",
                    ].filter(Boolean);
                    if (unknown.length) check.unknown(g, `whether ${envName(ref)} requires human approval for jobs acting as ${who}`, unknown);
                    if (missing.length) check.report(holder.urn, `${describe(holder)} lets jobs in ${envName(ref)} act as ${who}, but ${describe(g)} ${missing.join(" and ")}; add required human reviewers and set \`preventSelfReview: true\``);
                }
            }
        }
    },
};
