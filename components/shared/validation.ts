import * as pulumi from "@pulumi/pulumi";
import { Declaration, DeclarationError, DeclarationSchema, validateDeclaration } from "../../contract/declaration";
import { readMaxLifetimeDays } from "./config";
import { githubIdProblems, withoutGithubIds } from "./githubIds";

/** The argument names that belong to the shared declaration; everything else is a cloud's own. */
export const DECLARATION_KEYS: readonly string[] = Object.keys(DeclarationSchema.shape);

/**
 * A component's arguments are invalid. It is a `ResourceError` with its stack hidden, so the
 * Pulumi CLI prints the problems (one line each, naming the argument and the fix) against the
 * component and no stack trace.
 */
export class InvalidArgumentsError extends pulumi.ResourceError {
    readonly problems: string[];

    constructor(resource: pulumi.Resource, readonly resourceName: string, problems: string[]) {
        super(new DeclarationError(resourceName, problems).message, resource, /* hideStack */ true);
        this.name = "InvalidArgumentsError";
        this.problems = problems;
    }
}

export interface ArgsValidation {
    /** The component's own argument names besides the declaration's, so a misspelt one is refused. */
    cloudKeys: readonly string[];
    /**
     * The cloud's own problems. Called even when the declaration itself is invalid, so a user
     * fixes every problem in one round; it must not assume any field is well-formed.
     */
    cloudProblems: (args: Record<string, any>) => string[];
    /** The clock; tests pin it. */
    now?: Date;
}

export interface ValidatedArgs {
    declaration: Declaration;
    maxLifetimeDays: number;
}

/**
 * Validates a component's arguments before it creates any child: the shared declaration (with the
 * stack's `nhi-guard:maxLifetimeDays`), the cloud's own rules, and unknown argument names. Throws an
 * `InvalidArgumentsError` listing every problem at once.
 */
export function validateComponentArgs(resource: pulumi.Resource, name: string, args: unknown, validation: ArgsValidation): ValidatedArgs {
    if (!args || typeof args !== "object" || Array.isArray(args)) {
        throw new InvalidArgumentsError(resource, name, ["`args`: is required; pass the tool's declaration (`tool`, `owner`, `purpose`, `expiresAt`, `access`, `trust`)"]);
    }
    const raw = args as Record<string, any>;
    const problems: string[] = [];
    const maxLifetime = readMaxLifetimeDays();
    if (maxLifetime.problem) problems.push(maxLifetime.problem);

    const declarationInput: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        // The GitHub IDs may be Outputs: they stay out of the declaration, whose values are plain.
        if (DECLARATION_KEYS.includes(key)) declarationInput[key] = key === "trust" ? withoutGithubIds(value) : value;
        else if (!validation.cloudKeys.includes(key)) problems.push(`\`${key}\`: is not an argument of this component; remove it or check its spelling`);
    }

    let declaration: Declaration | undefined;
    try {
        declaration = validateDeclaration(name, declarationInput, { now: validation.now, maxLifetimeDays: maxLifetime.value });
    } catch (err) {
        if (!(err instanceof DeclarationError)) throw err;
        problems.push(...err.problems);
    }
    problems.push(...githubIdProblems(raw.trust));
    problems.push(...validation.cloudProblems(raw));

    if (problems.length || !declaration) throw new InvalidArgumentsError(resource, name, problems);
    return { declaration, maxLifetimeDays: maxLifetime.value };
}
