/**
 * Child names derive from the component's name (`${name}-role`), as pulumi-awsx does, so two
 * components never collide and a child keeps its URN when the component's arguments change.
 */
export function childName(componentName: string, ...parts: (string | number)[]): string {
    return [componentName, ...parts.map(String)].join("-");
}

/** An IAM statement ID (`Sid`) from a slug: `read-docs` -> `ReadDocs` (IAM allows only `[A-Za-z0-9]`). */
export function statementId(slug: string): string {
    return slug
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((word) => word[0].toUpperCase() + word.slice(1))
        .join("");
}

/**
 * The component's options with an alias to the type token it had before the multi-language
 * package (`nhi-guard:<cloud>:<Type>`), so a stack deployed with the old token moves its component
 * and every child (their URNs derive from the parent's type) instead of replacing them.
 */
export function withPreviousType<T extends { aliases?: any[] }>(previousType: string, opts: T | undefined): T {
    return { ...(opts ?? ({} as T)), aliases: [{ type: previousType }, ...(opts?.aliases ?? [])] };
}

/**
 * Every component names a grant's children `childName(name, "grant", grant.name ?? index)`, so two
 * grants with the same key (a repeated name, or a name equal to another unnamed grant's index)
 * would collide at registration. Returns one problem per colliding grant, naming the first.
 */
export function grantNameProblems(grants: unknown): string[] {
    const problems: string[] = [];
    if (!Array.isArray(grants)) return problems;
    const first = new Map<string, number>();
    grants.forEach((grant: unknown, i: number) => {
        if (!grant || typeof grant !== "object" || Array.isArray(grant)) return; // the shared schema reports it
        const name = (grant as { name?: unknown }).name;
        const key = typeof name === "string" ? name : String(i);
        const seen = first.get(key);
        if (seen !== undefined) problems.push(`\`grants[${i}].name\` ${JSON.stringify(key)} is also the name of \`grants[${seen}]\`; give each grant its own name`);
        else first.set(key, i);
    });
    return problems;
}
