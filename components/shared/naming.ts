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
