/**
 * @pulumi/policy's `UnknownValueError`: what its proxy throws when a check reads a value unknown at
 * preview, and what its server turns into an advisory "can't be known during preview" result. It is
 * exported at run time but marked internal, so its typings are stripped; recognise it here, once.
 */
import * as policy from "@pulumi/policy";

const UnknownValueErrorClass: (new (...args: any[]) => Error) | undefined = (policy as any).UnknownValueError;

export function isUnknownValueError(e: unknown): e is Error {
    if (UnknownValueErrorClass) return e instanceof UnknownValueErrorClass;
    return e instanceof Error && e.constructor?.name === "UnknownValueError";
}

/**
 * Why a check could not be made at preview, for an `Unverified:` advisory: what is unknown and
 * which inputs hold it. Paths only, never values: a known neighbour could be a secret.
 */
export function unknownReason(what: string, paths: readonly string[]): string {
    const shown = paths.slice(0, 3).map((p) => `\`${p}\``);
    const more = paths.length > 3 ? ` and ${paths.length - 3} more` : "";
    const inputs = shown.length ? `${shown.join(", ")}${more} ${paths.length === 1 ? "is" : "are"} computed from other resources` : "an input is computed from other resources";
    return `${what} is unknown until the update (${inputs})`;
}
