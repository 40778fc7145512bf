import type { GithubEnvironmentRef } from "../../../../contract/facts";
import { describe } from "../grants";
import { trustByIdentity } from "../identityTrust";
import type { NhiPolicy } from "../policy";

// `repo:<owner>/<repo>:…` or the immutable `repo:<owner>@<id>/<repo>@<id>:…`, and GCP's
// `principalSet://…/attribute.repository/<owner>/<repo>`.
const SUBJECT_REPO = /^repo:([^:/@]+)(?:@\d+)?\/([^:@]+)(?:@(\d+))?:/;
const POOL_REPO = /\/attribute\.repository\/([^/]+)\/([^/]+)$/;
const POOL_REPO_ID = /\/attribute\.repository_id\/(\d+)$/;

interface Seen {
    /** Repositories by lower-cased `owner/repo`. */
    names: Set<string>;
    /** Repositories by immutable ID. */
    ids: Set<string>;
    /** Environments by lower-cased repository and name (GitHub compares both without case), as messages name them. */
    environments: Map<string, string>;
}

function noteRef(seen: Seen, ref: GithubEnvironmentRef) {
    if (!ref.repository.startsWith("repository_id:")) seen.names.add(ref.repository.toLowerCase());
    const id = ref.repositoryId ?? (ref.repository.startsWith("repository_id:") ? ref.repository.slice("repository_id:".length) : undefined);
    if (id) seen.ids.add(id);
    const key = `${ref.repositoryId ?? ref.repository.toLowerCase()}\u0000${ref.environment.toLowerCase()}`;
    if (!seen.environments.has(key)) seen.environments.set(key, `\`${ref.repository}\` environment \`${ref.environment}\``);
}

function noteSubject(seen: Seen, subject: string) {
    const m = SUBJECT_REPO.exec(subject);
    if (m) {
        seen.names.add(`${m[1]}/${m[2]}`.toLowerCase());
        if (m[3]) seen.ids.add(m[3]);
        return;
    }
    const p = POOL_REPO.exec(subject);
    if (p) seen.names.add(`${p[1]}/${p[2]}`.toLowerCase());
    const q = POOL_REPO_ID.exec(subject);
    if (q) seen.ids.add(q[1]);
}

/** Several tools named in one `tool` annotation (`claude-code, copilot`): one identity serving both. */
function toolsOf(value: unknown): string[] {
    if (typeof value !== "string") return [];
    // One tool, as nearly every identity names: nothing to split (asked of every identity in scope).
    if (value.indexOf(",") < 0 && value.indexOf(";") < 0) {
        const tool = value.trim().toLowerCase();
        return tool ? [tool] : [];
    }
    return [...new Set(value.split(/[,;]/).map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

/** One identity shared by several workloads: a leak in one is access for all, and no owner can retire it. */
export const noIdentityReuse: NhiPolicy = {
    name: "nhi-no-identity-reuse",
    description: "Checks that each AI tool identity serves one workload: its trust, over every resource that states it, names one GitHub repository and one environment, and its `tool` annotation names one tool.",
    // Advisory: existing estates often share one deploy identity across a monorepo's split
    // repositories or a review and a release environment on purpose; the finding asks for a
    // decision, and `--strict` or an exemption makes it one.
    enforcementLevel: "advisory",
    severity: "medium",
    framework: "NHI9",
    tags: ["owasp-asi:ASI03", "nist-csf:PR.AA-01", "nist-csf:ID.AM-08", "nist-ai-rmf:GOVERN-1.6"],
    remediationSteps:
        "Give each AI tool, repository and environment its own identity (one nhi-guard component per tool and repository) with only the access that workload needs, so each one can be rotated, reviewed and retired on its own. Where sharing is deliberate, record it with an exemption that names the owner and an expiry.",
    options: ["scope"],

    validateStack: (check) => {
        for (const { identity, sources, unknown } of trustByIdentity(check.index, (e) => check.inScope(e))) {
            const seen: Seen = { names: new Set(), ids: new Set(), environments: new Map() };
            for (const { trust } of sources) {
                for (const ref of trust.githubEnvironments) noteRef(seen, ref);
                for (const s of trust.subjects) noteSubject(seen, s);
            }
            const problems: string[] = [];
            // Names and IDs are counted apart: one trust naming a repository by name and another by
            // ID may be the same repository, which is not reuse.
            const repos = seen.names.size > 1 ? [...seen.names] : seen.ids.size > 1 ? [...seen.ids].map((id) => `repository ID ${id}`) : [];
            if (repos.length) problems.push(`its trust admits ${repos.length} GitHub repositories (${repos.map((r) => `\`${r}\``).join(", ")})`);
            else if (seen.environments.size > 1) problems.push(`its trust admits ${seen.environments.size} environments (${[...seen.environments.values()].join(", ")})`);
            const tools = toolsOf(identity.facts?.annotations?.values.tool);
            if (tools.length > 1) problems.push(`its \`tool\` annotation names ${tools.length} tools (${tools.map((t) => `\`${t}\``).join(", ")})`);
            if (problems.length) {
                check.report(identity.urn, `AI tool identity ${describe(identity)} is reused: ${problems.join(", and ")}; give each workload its own identity`);
            } else if (unknown.length) {
                // Unknown subjects may name a second repository: unverified, never a finding.
                for (const u of unknown) check.unknown(u.entry, `whether AI tool identity ${describe(identity)} serves more than one repository or environment`, u.paths);
            }
        }
    },
};
