/**
 * The declaration of an AI tool's identity, shared by every cloud's component. Schema first: the
 * zod schema gives the TypeScript type, the validation and (through z.toJSONSchema) the JSON schema.
 *
 * Owner and expiry are plain strings, never Pulumi Inputs: a value unknown at preview would turn a
 * mandatory check into an advisory one without anybody noticing.
 */
import { z } from "zod";
import { ACCESS_LEVELS, AccessLevel, ownerProblem } from "./annotations";
import { DAY_MS, parseContractDate } from "./dates";

import { DEFAULT_MAX_LIFETIME_DAYS, DEFAULT_MAX_ROTATION_DAYS, DEFAULT_MAX_SESSION_SECONDS } from "./limits";

export { DEFAULT_MAX_CREDENTIAL_DAYS, DEFAULT_MAX_LIFETIME_DAYS, DEFAULT_MAX_ROTATION_DAYS, DEFAULT_MAX_SESSION_SECONDS } from "./limits";

const slug = z.string().regex(/^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/, "use lower case letters, digits, `.`, `_` or `-` (at most 64), e.g. `claude-code`");
const contractDate = z.string().refine((s) => parseContractDate(s) !== undefined, "use a UTC date `YYYY-MM-DD` or date-time `YYYY-MM-DDTHH:MM:SSZ` that exists");

const githubActionsTrustSchema = z
    .object({
        repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "use `owner/repo` with no wildcard, e.g. `acme/app`").describe("The GitHub repository, `owner/repo`."),
        environment: z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, "use the environment's exact name (letters, digits, `.`, `_`, `-`), no wildcard").describe("The GitHub Actions environment whose jobs may assume the identity; it should require human reviewers."),
    })
    .strict()
    .describe("Trust a GitHub Actions job running in one environment of one repository (OIDC subject `repo:<repository>:environment:<environment>`).");

const trustSchema = z
    .object({
        githubActions: githubActionsTrustSchema.optional(),
        service: z.string().regex(/^[a-z0-9.-]+\.(amazonaws\.com|googleapis\.com|azure\.com)$/, "name one cloud service principal, e.g. `bedrock-agentcore.amazonaws.com`").optional().describe("A cloud service that may assume the identity (AWS service principal), e.g. `bedrock-agentcore.amazonaws.com`."),
        identity: z.string().min(1).refine((s) => !s.includes("*"), "name exactly one identity, no wildcard").optional().describe("Another identity that may assume this one: an AWS role ARN, a GCP service account e-mail or an Azure principal ID."),
    })
    .strict()
    .describe("Who may act as the identity: exactly one of `githubActions`, `service` or `identity`.");

const grantSchema = z
    .object({
        name: slug.optional().describe("A short name for the grant, used in child resource names; defaults to its index."),
        actions: z.array(z.string().min(1)).optional().describe("AWS: the IAM actions granted (no wildcards)."),
        resources: z.array(z.string().min(1)).optional().describe("AWS: the resource ARNs the actions apply to. GCP/Azure: unused."),
        role: z.string().min(1).optional().describe("GCP: the role (`roles/storage.objectViewer`). Azure: the role definition ID or built-in role name."),
        scope: z.string().min(1).optional().describe("GCP: `projects/<id>`, `folders/<id>`, `organizations/<id>` or a resource name. Azure: the ARM scope."),
        until: contractDate.optional().describe("When this grant ends, if earlier than the identity's expiry (UTC date or date-time)."),
    })
    .strict()
    .describe("One grant of access. It ends at `until` or at the identity's expiry, whichever is earlier.");

const secretSchema = z
    .object({
        name: slug.describe("The secret's name (lower case slug)."),
        rotationDays: z.number().int().min(1).max(365).optional().describe(`Days between rotations; default ${DEFAULT_MAX_ROTATION_DAYS}.`),
        description: z.string().max(256).optional().describe("What the secret holds (never the value)."),
    })
    .strict()
    .describe("A secret the tool reads (a vendor API key, a connector token), stored in the cloud's secret manager and rotated.");

const declarationSchema = z
    .object({
        tool: slug.describe("The AI tool (`claude-code`, `copilot-agent`, ...)."),
        owner: z.string({ error: "name the accountable team slug (`platform-team`) or an e-mail address" }).min(1, "name the accountable team slug (`platform-team`) or an e-mail address").describe("The accountable owner: a team slug (`platform-team`) or an e-mail address (AWS and Azure)."),
        purpose: z.string().min(3, "describe in one sentence why the tool needs this identity (3 to 256 characters)").max(256, "keep it to one sentence (at most 256 characters)").describe("Why the tool has this identity, in one sentence."),
        expiresAt: contractDate.describe("When the identity and every grant end: UTC `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`."),
        access: z.enum(ACCESS_LEVELS, { error: "use `read`, `write` or `admin`" }).describe("The declared access level: `read`, `write` or `admin`. A `read` tool may hold no write action or role."),
        trust: trustSchema,
        grants: z.array(grantSchema).default([]).describe("The access granted; each ends by the identity's expiry."),
        secrets: z.array(secretSchema).default([]).describe("Secrets the tool reads, rotated by the cloud's secret manager."),
        maxSessionSeconds: z.number().int().min(900).max(43200).default(DEFAULT_MAX_SESSION_SECONDS).describe(`The longest session or token lifetime, in seconds; default ${DEFAULT_MAX_SESSION_SECONDS}.`),
    })
    .strict();

/**
 * The public types are written out rather than exported as `z.infer<...>`: an inferred type (or a
 * zod schema type) in a shipped `.d.ts` makes every consumer compile zod's own declaration files,
 * which fail under Pulumi's template tsconfig (no `skipLibCheck`). `Same` below keeps each one equal
 * to what its schema infers, so the schema stays the single definition.
 */
export interface GithubActionsTrustDeclaration {
    repository: string;
    environment: string;
}

export interface TrustDeclaration {
    githubActions?: GithubActionsTrustDeclaration;
    service?: string;
    identity?: string;
}

export interface Grant {
    name?: string;
    actions?: string[];
    resources?: string[];
    role?: string;
    scope?: string;
    until?: string;
}

export interface SecretDeclaration {
    name: string;
    rotationDays?: number;
    description?: string;
}

/** A declaration after validation, with defaults applied. */
export interface Declaration {
    tool: string;
    owner: string;
    purpose: string;
    expiresAt: string;
    access: AccessLevel;
    trust: TrustDeclaration;
    grants: Grant[];
    secrets: SecretDeclaration[];
    maxSessionSeconds: number;
}

/** A declaration as written: `grants`, `secrets` and `maxSessionSeconds` have defaults. */
export type DeclarationInput = Omit<Declaration, "grants" | "secrets" | "maxSessionSeconds"> & Partial<Pick<Declaration, "grants" | "secrets" | "maxSessionSeconds">>;

/** The zod methods the contract's users call, declared without zod's types (see above). */
export interface ContractSchema<T> {
    safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[] } };
    parse(input: unknown): T;
}

/** An object schema: its keys are the declaration's argument names. */
export interface ContractObjectSchema<T> extends ContractSchema<T> {
    readonly shape: { readonly [K in keyof T]-?: unknown };
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: [
    Same<z.output<typeof githubActionsTrustSchema>, GithubActionsTrustDeclaration>,
    Same<z.output<typeof trustSchema>, TrustDeclaration>,
    Same<z.output<typeof grantSchema>, Grant>,
    Same<z.output<typeof secretSchema>, SecretDeclaration>,
    Same<z.output<typeof declarationSchema>, Declaration>,
    Same<z.input<typeof declarationSchema>, DeclarationInput>,
] = [true, true, true, true, true, true];
void sameTypes;

export const GithubActionsTrustSchema: ContractObjectSchema<GithubActionsTrustDeclaration> = githubActionsTrustSchema;
export const TrustSchema: ContractObjectSchema<TrustDeclaration> = trustSchema;
export const GrantSchema: ContractObjectSchema<Grant> = grantSchema;
export const SecretSchema: ContractObjectSchema<SecretDeclaration> = secretSchema;
export const DeclarationSchema: ContractObjectSchema<Declaration> = declarationSchema;

export interface ValidationOptions {
    /** The clock; tests pin it. */
    now?: Date;
    /** The longest an identity may live; default 365 days. */
    maxLifetimeDays?: number;
}

/** Thrown for a bad declaration: one line per problem, each naming the argument and the fix. */
export class DeclarationError extends Error {
    constructor(readonly resourceName: string, readonly problems: string[]) {
        super(`invalid declaration for "${resourceName}":\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "DeclarationError";
    }
}

/**
 * What a governed argument given as an Output, a promise or a value unknown at preview is told:
 * the component cannot read it at construction, and the pack could only report it as advisory.
 * Programs in other languages meet it when they pass an Output (every component output is one there).
 */
export const NOT_PLAIN = "must be a plain value, known at preview (not an Output, a secret or an unknown); write the value out";

/** An Output, a promise, or the runtime's unknown sentinel: a value the program does not know yet. Duck-typed: the contract does not import `@pulumi/pulumi`. */
export function isEventual(value: unknown): boolean {
    if (!value || typeof value !== "object") return false;
    const v = value as Record<string, unknown>;
    return typeof v.apply === "function" || typeof v.then === "function" || v.constructor?.name === "Unknown";
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
    let value: any = input;
    for (const key of path) {
        if (value === null || typeof value !== "object") return undefined;
        value = value[key as any];
    }
    return value;
}

function pathOf(path: readonly PropertyKey[]): string {
    return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("") || "(declaration)";
}

/**
 * Validates and normalises a declaration. Returns the declaration with defaults, or throws a
 * `DeclarationError` listing every problem at once, so a user fixes them in one round.
 */
export function validateDeclaration(resourceName: string, input: unknown, opts: ValidationOptions = {}): Declaration {
    const now = opts.now ?? new Date();
    const maxLifetimeDays = opts.maxLifetimeDays ?? DEFAULT_MAX_LIFETIME_DAYS;
    const problems: string[] = [];
    const parsed = declarationSchema.safeParse(input);
    if (!parsed.success) {
        const notPlain = new Set<string>();
        for (const issue of parsed.error.issues) {
            const field = pathOf(issue.path);
            if (notPlain.has(field)) continue; // one line per argument: the checks after its kind say nothing more
            // zod does not report the input by default: read the value at the path to tell a missing
            // argument from one of the wrong kind.
            const value = valueAt(input, issue.path);
            const message =
                issue.code !== "invalid_type" ? issue.message
                : value === undefined ? "is required"
                : isEventual(value) ? NOT_PLAIN
                : issue.message;
            if (message === NOT_PLAIN) notPlain.add(field);
            problems.push(`\`${field}\`: ${message}`);
        }
    }
    const raw = (input ?? {}) as Record<string, any>;
    const ownerIssue = typeof raw.owner === "string" ? ownerProblem(raw.owner.trim()) : undefined;
    if (ownerIssue) problems.push(`\`owner\`: ${ownerIssue}; name the accountable team slug (\`platform-team\`) or an e-mail address`);

    const expiry = parseContractDate(raw.expiresAt);
    if (expiry) {
        if (expiry.getTime() <= now.getTime()) problems.push(`\`expiresAt\` ${raw.expiresAt} is in the past; set a future date within ${maxLifetimeDays} days`);
        else if (expiry.getTime() - now.getTime() > maxLifetimeDays * DAY_MS) problems.push(`\`expiresAt\` ${raw.expiresAt} is more than ${maxLifetimeDays} days away; set an earlier date and renew it when the tool still needs access`);
    }
    const trust = raw.trust;
    if (trust && typeof trust === "object") {
        const kinds = ["githubActions", "service", "identity"].filter((k) => trust[k] !== undefined);
        if (kinds.length !== 1) problems.push(`\`trust\`: name exactly one of \`githubActions\`, \`service\` or \`identity\` (got ${kinds.length ? kinds.join(", ") : "none"})`);
    }
    if (Array.isArray(raw.grants) && expiry) {
        raw.grants.forEach((g: any, i: number) => {
            const until = parseContractDate(g?.until);
            if (until && until.getTime() <= now.getTime()) problems.push(`\`grants[${i}].until\` ${g.until} is in the past; remove the grant or set a future date`);
        });
    }
    if (problems.length) throw new DeclarationError(resourceName, problems);
    const declaration = parsed.data!;
    return { ...declaration, owner: declaration.owner.trim() };
}

/** The instant a grant ends: its own `until` or the identity's expiry, whichever is earlier. */
export function grantEnd(declaration: Pick<Declaration, "expiresAt">, grant: Pick<Grant, "until">): Date {
    const expiry = parseContractDate(declaration.expiresAt)!;
    const until = grant.until ? parseContractDate(grant.until) : undefined;
    return until && until.getTime() < expiry.getTime() ? until : expiry;
}

/** JSON schema of the declaration (for docs and the multi-language package schema). */
export function declarationJsonSchema(): object {
    return z.toJSONSchema(declarationSchema, { io: "input" });
}
