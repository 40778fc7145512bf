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
