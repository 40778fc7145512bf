/**
 * The gate's failures, each mapped to one exit code and one line on stderr. Anything else that
 * escapes is a bug and still ends as one line (never a stack trace) with a non-zero exit.
 */

export const EXIT_CLEAN = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_BAD_INPUT = 2;
/** The pack or the protocol failed: nothing may be concluded about the stack. */
export const EXIT_NOT_ANALYSED = 3;

/** Bad command line, bad file, bad program: the user can fix it. */
export class InputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "InputError";
    }
}

/** Something could not be analysed (pack start, an RPC, a timeout): fail closed. */
export class AnalysisError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AnalysisError";
    }
}
