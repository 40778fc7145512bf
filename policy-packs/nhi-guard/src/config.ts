/**
 * Policy configuration: the limits, the owner pattern, the scope of AI-tool-only policies and the
 * exemptions. Each policy declares the options it reads; its JSON schema (which the Pulumi CLI uses
 * to validate `--policy-pack-config` and fill in defaults) is built from the same table that
 * defaults and validates here, because the gate and Pulumi Cloud may send config the CLI never saw.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { DEFAULT_OWNER_PATTERN } from "../../../contract/annotations";
import {
    DEFAULT_MAX_CREDENTIAL_DAYS,
    DEFAULT_MAX_LIFETIME_DAYS,
    DEFAULT_MAX_ROTATION_DAYS,
    DEFAULT_MAX_SESSION_SECONDS,
} from "../../../contract/limits";
import { EXEMPTIONS_SCHEMA } from "./exemptions";
import { EXTERNAL_ENVIRONMENTS_SCHEMA, externalEnvironmentsProblem } from "./externalEnvironments";
import {
    APPROVAL_REQUIRED_SCHEMA,
    CAPABILITY_BASELINE_SCHEMA,
    DEFAULT_APPROVAL_REQUIRED,
    DRIFT_APPROVALS_SCHEMA,
    approvalRequiredProblem,
    baselineProblem,
    driftApprovalsProblem,
} from "./capabilities";

export const SCOPES = ["ai-tools", "all"] as const;
export type Scope = (typeof SCOPES)[number];

export interface PolicyConfig {
    maxLifetimeDays: number;
    maxCredentialDays: number;
    maxRotationDays: number;
    maxSessionSeconds: number;
    ownerPattern: string;
    /** Regular expressions (case-insensitive) naming production and non-production environments. */
    productionPattern: string;
    nonProductionPattern: string;
    scope: Scope;
    /** GitHub environments managed in another stack, attested (`externalEnvironments.ts`). */
    externallyManagedEnvironments: unknown[];
    /** The deployed stack's capabilities (`capabilities.ts`); `{}` when none is given. */
    capabilityBaseline: Record<string, unknown>;
    /** Change kinds that need an entry in `driftApprovals`. */
    approvalRequiredFor: string[];
    driftApprovals: unknown[];
    /** Raw entries; `exemptions.ts` validates each one so a bad entry is reported, not fatal. */
    exemptions: unknown[];
}

export type OptionName = Exclude<keyof PolicyConfig, "exemptions">;

interface OptionSpec {
    schema: PolicyConfigSchema["properties"][string];
    /** Why the value is unusable, or undefined when it is fine. */
    problem(value: unknown): string | undefined;
}

function wholeNumber(min: number, max: number, unit: string): (v: unknown) => string | undefined {
    return (v) => (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? undefined : `must be a whole number of ${unit} from ${min} to ${max}`);
}

function regexProblem(v: unknown): string | undefined {
    if (typeof v !== "string" || v === "") return "must be a regular expression as a string";
    try {
        new RegExp(v, "i");
        return undefined;
    } catch {
        return "is not a valid regular expression";
    }
}

// Whole words of an environment name (`prod-eu`, `ai_production`), so `product-docs` or `devtools` is neither.
const word = (alternatives: string) => `(^|[^a-z0-9])(${alternatives})($|[^a-z0-9])`;
export const DEFAULT_PRODUCTION_PATTERN = word("prod|production|prd|live");
export const DEFAULT_NON_PRODUCTION_PATTERN = word("dev|development|test|testing|qa|uat|stage|staging|stg|sandbox|preview");

const OPTIONS: Record<OptionName, OptionSpec> = {
    maxLifetimeDays: {
        schema: { type: "integer", minimum: 1, maximum: 3650, default: DEFAULT_MAX_LIFETIME_DAYS, description: `The longest an NHI may live, in days from now to its \`expires-at\`. Default ${DEFAULT_MAX_LIFETIME_DAYS}.` },
        problem: wholeNumber(1, 3650, "days"),
    },
    maxCredentialDays: {
        schema: { type: "integer", minimum: 1, maximum: 3650, default: DEFAULT_MAX_CREDENTIAL_DAYS, description: `The longest a credential that can expire (app password, certificate, Bedrock API key) may stay valid, in days. Default ${DEFAULT_MAX_CREDENTIAL_DAYS}.` },
        problem: wholeNumber(1, 3650, "days"),
    },
    maxRotationDays: {
        schema: { type: "integer", minimum: 1, maximum: 365, default: DEFAULT_MAX_ROTATION_DAYS, description: `The longest a secret may go without rotating (or before it expires), in days. Default ${DEFAULT_MAX_ROTATION_DAYS}.` },
        problem: wholeNumber(1, 365, "days"),
    },
    maxSessionSeconds: {
        schema: { type: "integer", minimum: 60, maximum: 43200, default: DEFAULT_MAX_SESSION_SECONDS, description: `The longest session or token lifetime, in seconds. Default ${DEFAULT_MAX_SESSION_SECONDS}.` },
        problem: wholeNumber(60, 43200, "seconds"),
    },
    ownerPattern: {
        schema: { type: "string", default: DEFAULT_OWNER_PATTERN, description: "Regular expression an owner must match. Default: a team slug (`platform-team`) or an e-mail address." },
        problem: (v) => {
            if (typeof v !== "string" || v === "") return "must be a regular expression as a string";
            try {
                new RegExp(v);
                return undefined;
            } catch {
                return "is not a valid regular expression";
            }
        },
    },
    productionPattern: {
        schema: { type: "string", default: DEFAULT_PRODUCTION_PATTERN, description: "Regular expression (case-insensitive) an environment name matches when it is production. Default: a `prod`, `production`, `prd` or `live` word (`prod`, `prod-eu`, `ai-production`)." },
        problem: regexProblem,
    },
    nonProductionPattern: {
        schema: { type: "string", default: DEFAULT_NON_PRODUCTION_PATTERN, description: "Regular expression (case-insensitive) an environment name matches when it is not production. Default: a `dev`, `development`, `test`, `testing`, `qa`, `uat`, `stage`, `staging`, `stg`, `sandbox` or `preview` word." },
        problem: regexProblem,
    },
    scope: {
        schema: { type: "string", enum: [...SCOPES], default: "ai-tools", description: "Which identities the policy checks: `ai-tools` (default: identities with a `tool` annotation or inside an `nhi-guard:*` component, and what is attached to them) or `all` (every identity in the catalogue)." },
        problem: (v) => ((SCOPES as readonly unknown[]).includes(v) ? undefined : "must be `ai-tools` or `all`"),
    },
    externallyManagedEnvironments: {
        schema: EXTERNAL_ENVIRONMENTS_SCHEMA,
        problem: externalEnvironmentsProblem,
    },
    capabilityBaseline: { schema: CAPABILITY_BASELINE_SCHEMA, problem: baselineProblem },
    approvalRequiredFor: { schema: APPROVAL_REQUIRED_SCHEMA, problem: approvalRequiredProblem },
    driftApprovals: { schema: DRIFT_APPROVALS_SCHEMA, problem: driftApprovalsProblem },
};

const DEFAULTS: PolicyConfig = {
    maxLifetimeDays: DEFAULT_MAX_LIFETIME_DAYS,
    maxCredentialDays: DEFAULT_MAX_CREDENTIAL_DAYS,
    maxRotationDays: DEFAULT_MAX_ROTATION_DAYS,
    maxSessionSeconds: DEFAULT_MAX_SESSION_SECONDS,
    ownerPattern: DEFAULT_OWNER_PATTERN,
    productionPattern: DEFAULT_PRODUCTION_PATTERN,
    nonProductionPattern: DEFAULT_NON_PRODUCTION_PATTERN,
    scope: "ai-tools",
    externallyManagedEnvironments: [],
    capabilityBaseline: {},
    approvalRequiredFor: DEFAULT_APPROVAL_REQUIRED,
    driftApprovals: [],
    exemptions: [],
};

/** The JSON schema of a policy's config: its own options plus `exemptions`, every one with a default. */
export function configSchemaFor(options: readonly OptionName[]): PolicyConfigSchema {
    const properties: PolicyConfigSchema["properties"] = {};
    for (const o of options) properties[o] = OPTIONS[o].schema;
    properties.exemptions = EXEMPTIONS_SCHEMA;
    return { properties };
}

export interface ConfigReading {
    config: PolicyConfig;
    /** One line per unusable option, naming it; the policy runs with the default in its place. */
    problems: string[];
}

/**
 * Reads a policy's config as @pulumi/policy hands it over. An unusable value is reported and the
 * default used instead: the defaults are the strict end, so a typo never loosens a check silently.
 */
export function readConfig(policyName: string, raw: unknown, options: readonly OptionName[]): ConfigReading {
    const given = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
    const config: PolicyConfig = { ...DEFAULTS, exemptions: [] };
    const problems: string[] = [];
    for (const o of options) {
        const v = given[o];
        if (v === undefined || v === null) continue;
        const problem = OPTIONS[o].problem(v);
        if (problem) problems.push(`policy config \`${policyName}.${o}\` ${problem}; fix it in the policy pack config (the default ${JSON.stringify(DEFAULTS[o])} is used until then)`);
        else (config as any)[o] = v;
    }
    const exemptions = given.exemptions;
    if (Array.isArray(exemptions)) config.exemptions = exemptions;
    else if (exemptions !== undefined && exemptions !== null) problems.push(`policy config \`${policyName}.exemptions\` must be a list of exemptions; fix it in the policy pack config (no exemption applies until then)`);
    return { config, problems };
}

export function defaultOf<O extends OptionName>(option: O): PolicyConfig[O] {
    return DEFAULTS[option];
}
