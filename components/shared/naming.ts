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
