/**
 * GitHub environments managed in another stack (most organisations keep GitHub in a stack of its
 * own). An identity here that trusts one cannot show its reviewers from this stack alone, so the
 * check is unverified until either the other stack's export is read with this one (the gate's
 * `--with-export`) or someone attests, in config, that the environment has required human
 * reviewers and no self-review, until a date. A past `until` stops counting and is said so: an
 * attestation nobody renews is not a control.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { formatInstant, parseContractDate } from "../../../contract/dates";
import type { GithubEnvironmentRef } from "../../../contract/facts";
import { ENVIRONMENT_PATTERN, REPOSITORY_PATTERN, sameGithubEnvironment } from "../../../contract/github/oidc";

export const EXTERNAL_ENVIRONMENTS_SCHEMA: PolicyConfigSchema["properties"][string] = {
    type: "array",
    default: [],
    description:
        "GitHub environments managed in another stack, each attested to have required human reviewers and `preventSelfReview`: `{ repository: \"<owner>/<repo>\", environment, attestedBy, until }`. An identity trusting one counts as verified until `until`; after it the check is unverified again and says so. Default: none.",
    items: {
        type: "object",
        required: ["repository", "environment", "attestedBy", "until"],
        properties: {
            repository: { type: "string", description: "The repository, `<owner>/<repo>`." },
            environment: { type: "string", description: "The environment's name." },
            attestedBy: { type: "string", minLength: 1, description: "Who checked its reviewers (a person or team)." },
            until: { type: "string", description: "When the attestation stops counting: UTC `YYYY-MM-DD` (the start of that day) or `YYYY-MM-DDTHH:MM:SSZ`." },
        },
    },
};

export interface Attestation {
    index: number;
    environment: GithubEnvironmentRef;
    attestedBy: string;
    until: Date;
}

function text(v: unknown): string | undefined {
    return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** The first thing wrong with the list, naming the entry and field; undefined when every entry is usable. */
export function externalEnvironmentsProblem(value: unknown): string | undefined {
    if (!Array.isArray(value)) return "must be a list of `{ repository, environment, attestedBy, until }`";
    for (let i = 0; i < value.length; i++) {
        const e = value[i];
        const at = `entry [${i}]:`;
        if (!e || typeof e !== "object" || Array.isArray(e)) return `${at} must be an object with \`repository\`, \`environment\`, \`attestedBy\` and \`until\``;
        const r = e as Record<string, unknown>;
        const repository = text(r.repository);
        if (!repository || !REPOSITORY_PATTERN.test(repository)) return `${at} \`repository\` must be \`<owner>/<repo>\` with no wildcard`;
        const environment = text(r.environment);
        if (!environment || !ENVIRONMENT_PATTERN.test(environment)) return `${at} \`environment\` must be one environment's name`;
        if (!text(r.attestedBy)) return `${at} \`attestedBy\` is required: name who checked the environment's reviewers`;
        if (!parseContractDate(text(r.until))) return `${at} \`until\` must be a UTC date \`YYYY-MM-DD\` or date-time \`YYYY-MM-DDTHH:MM:SSZ\``;
    }
    return undefined;
}

/** Entries of a list `externalEnvironmentsProblem` accepted. */
export function readAttestations(value: readonly unknown[]): Attestation[] {
    return value.map((e, index) => {
        const r = e as Record<string, string>;
        return { index, environment: { repository: r.repository.trim(), environment: r.environment.trim() }, attestedBy: r.attestedBy.trim(), until: parseContractDate(r.until.trim())! };
    });
}

export type AttestationOutcome = { current: Attestation } | { current: undefined; expired: Attestation[] };

/** Whether a current attestation covers the trusted environment; the expired ones that would have. */
export function attestationFor(attestations: readonly Attestation[], trusted: GithubEnvironmentRef, now: Date): AttestationOutcome {
    const expired: Attestation[] = [];
    for (const a of attestations) {
        // A trust naming the repository by ID only cannot be matched to a name: it stays unverified.
        if (!sameGithubEnvironment(trusted, a.environment) || trusted.repository.startsWith("repository_id:")) continue;
        if (a.until.getTime() > now.getTime()) return { current: a };
        expired.push(a);
    }
    return { current: undefined, expired };
}

export function describeExpired(a: Attestation): string {
    return `the attestation \`externallyManagedEnvironments[${a.index}]\` by ${a.attestedBy} ended ${formatInstant(a.until)} and no longer counts; check the environment's reviewers again and renew \`until\``;
}
