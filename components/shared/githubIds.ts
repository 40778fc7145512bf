/**
 * The owner's and repository's immutable IDs a `trust.githubActions` may carry (`ownerId`,
 * `repositoryId`). With both, the cloud components write the subject GitHub issues for repositories
 * created or renamed since 2026-07-15, or opted in (`repo:<owner>@<ownerId>/<repo>@<repositoryId>:
 * environment:<env>`), or, on GCP, ID conditions. They may be Outputs (the GitHub component takes
 * them from the repository it governs), so they stay out of the declaration, whose values are plain
 * by design: a trust written from Outputs is verified where they are known (at `pulumi preview`,
 * where the lookups run, or at update).
 */
import * as pulumi from "@pulumi/pulumi";
import { GITHUB_ID_PATTERN, githubActionsSubject } from "../../contract/github/oidc";

export interface GithubIds {
    ownerId: pulumi.Input<string>;
    repositoryId: pulumi.Input<string>;
}

const ID_KEYS = ["ownerId", "repositoryId"] as const;
const isPlainObject = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);
/** An Output or a promise: a value the program does not know yet. */
const isEventual = (v: unknown) => isPlainObject(v) && (typeof (v as any).apply === "function" || typeof (v as any).then === "function");

/** `trust` without the IDs, for the declaration schema (which refuses keys it does not know). */
export function withoutGithubIds(trust: unknown): unknown {
    if (!isPlainObject(trust) || !isPlainObject(trust.githubActions)) return trust;
    const { ownerId: _o, repositoryId: _r, ...rest } = trust.githubActions;
    return { ...trust, githubActions: rest };
}

/** One line per problem with the IDs, naming the argument and the fix. */
export function githubIdProblems(trust: unknown): string[] {
    if (!isPlainObject(trust) || !isPlainObject(trust.githubActions)) return [];
    const g = trust.githubActions;
    const problems: string[] = [];
    for (const key of ID_KEYS) {
        const v = g[key];
        if (v === undefined || isEventual(v)) continue;
        if (typeof v !== "string" || !GITHUB_ID_PATTERN.test(v)) {
            problems.push(`\`trust.githubActions.${key}\` ${JSON.stringify(v)?.slice(0, 40)} is not a GitHub ID; use the numeric \`id\` from the GitHub API as a string, e.g. "123456" (the GitHub component provides both)`);
        }
    }
    if ((g.ownerId === undefined) !== (g.repositoryId === undefined)) {
        problems.push(`\`trust.githubActions\`: give both \`ownerId\` and \`repositoryId\` (the immutable subject names both), or neither`);
    }
    return problems;
}

export function githubIdsOf(trust: unknown): GithubIds | undefined {
    if (!isPlainObject(trust) || !isPlainObject(trust.githubActions)) return undefined;
    const { ownerId, repositoryId } = trust.githubActions;
    return ownerId !== undefined && repositoryId !== undefined ? { ownerId, repositoryId } : undefined;
}

/** The OIDC subject for the declared environment: immutable when the IDs are given, names only otherwise. */
export function subjectFor(repository: string, environment: string, ids: GithubIds | undefined): pulumi.Input<string> {
    if (!ids) return githubActionsSubject(repository, environment);
    if (typeof ids.ownerId === "string" && typeof ids.repositoryId === "string") return githubActionsSubject(repository, environment, { ownerId: ids.ownerId, repositoryId: ids.repositoryId });
    return pulumi.all([ids.ownerId, ids.repositoryId]).apply(([ownerId, repositoryId]) => githubActionsSubject(repository, environment, { ownerId, repositoryId }));
}
