/**
 * GitHub readers: the place an AI tool runs. GitHub has no resource that creates an app, a bot
 * user or a token, so what matters here is the human-approval gates around the tool (`gate`), the
 * static keys that outlive any review (`credential`), the secrets a workflow reads (`secret`) and
 * the non-secret variables that must not hold one (`plaintextFields`).
 *
 * Decisions worth knowing:
 * - Every deploy key is a long-lived credential, read-only ones too: a key with no expiry that can
 *   clone a private repository is standing access. The label says which kind it is, so the message
 *   tells a writable key (which can push past review) from a read-only one.
 * - Repository and organisation variables are catalogued as `gate` (settings of the place the tool
 *   runs) only so their `value` is scanned as plaintext; they gate nothing and carry no problem.
 * - Environment variables are catalogued as `rotation`, because the pack indexes a resource by its
 *   catalogue kind: one named `NHI_ROTATION_<SECRET>` is the rotation record of that secret (see
 *   `github/rotationRecord.ts`) and carries `rotation` facts; any other carries none, so it rotates
 *   nothing and is only scanned as plaintext.
 * - An organisation `Membership` is a `grant` of the `member` or `admin` role to a login. GitHub
 *   cannot tell a machine user from a person, so the reader does not guess from the login: the
 *   `admin` role carries an `admin-role` finding, and the pack's AI-tool scope decides whether the
 *   login is a tool's.
 */
import type { CloudCatalogue } from "../catalogue";
import { readText } from "../annotations";
import { isUnknown, unproxied, type GrantEntry, type ResourceFacts } from "../facts";
import { branchProtectionGate, environmentGate, rulesetGate, workflowPermissionsGate } from "../github/gates";
import { readRotationRecord, recordedSecretName } from "../github/rotationRecord";

type Props = Record<string, any>;

function github(kind: ResourceFacts["kind"], label: string, rest: Omit<ResourceFacts, "cloud" | "kind" | "label">): ResourceFacts {
    return { cloud: "github", kind, label, ...rest };
}

/** A string read around the proxy: links and handles are resolved through dependencies anyway. */
function knownString(props: Props, property: string): string | undefined {
    const raw = unproxied(props);
    const value = raw && typeof raw === "object" ? (raw as Props)[property] : undefined;
    return typeof value === "string" && !isUnknown(value) && value !== "" ? value : undefined;
}

/**
 * How a rotation record names the secret it is about: scope plus name, since a secret's name is
 * unique only within its repository, environment or organisation. GitHub folds the case of all three.
 */
export function githubSecretHandle(scope: { repository?: string; environment?: string; organization?: boolean; dependabot?: boolean }, secretName: string): string {
    const where = scope.organization ? "organization" : (scope.repository ?? "").toLowerCase();
    const env = scope.environment !== undefined ? `:environment:${scope.environment.toLowerCase()}` : "";
    return `github:${where}${env}:${scope.dependabot ? "dependabot" : "actions"}:${secretName.toUpperCase()}`;
}

function secretReader(label: string, scope: { environment?: boolean; organization?: boolean; dependabot?: boolean }) {
    return (props: Props): ResourceFacts => {
        const name = knownString(props, "secretName");
        const repository = knownString(props, "repository");
        const environment = knownString(props, "environment");
        const complete = name !== undefined && (scope.organization || (repository !== undefined && (!scope.environment || environment !== undefined)));
        const handles = complete
            ? [githubSecretHandle({ repository, environment: scope.environment ? environment : undefined, organization: scope.organization, dependabot: scope.dependabot }, name!)]
            : [];
        // GitHub secrets neither expire nor rotate by themselves: rotation has to be evidenced by a
        // rotation record (stack level). The deprecated `plaintextValue` is scanned as plaintext.
        return github("secret", label, { secret: { handles }, plaintextFields: ["plaintextValue"] });
    };
}

function variableReader(label: string, environmentScoped: boolean) {
    return (props: Props): ResourceFacts => {
        if (!environmentScoped) return github("gate", label, { gate: { problems: [] }, plaintextFields: ["value"] });
        const secretName = recordedSecretName(knownString(props, "variableName"));
        if (secretName === undefined) return github("rotation", label, { plaintextFields: ["value"] });
        const record = readRotationRecord(props.value);
        const repository = knownString(props, "repository");
        const environment = knownString(props, "environment");
        const value = repository && environment ? githubSecretHandle({ repository, environment }, secretName) : undefined;
        return github("rotation", "secret rotation record (Actions environment variable)", {
            annotations: readText(props.value),
            rotation: {
                secret: { property: "variableName", value },
                rotationDays: record.rotationDays,
                enabled: record.problems.length === 0,
                dueAt: record.dueAt,
                problem: record.problems.length ? `the rotation record of \`${secretName}\` cannot be read: ${record.problems.join("; ")}` : undefined,
            },
            plaintextFields: ["value"],
        });
    };
}

function keyCredential(label: string, props: Props): ResourceFacts {
    return github("credential", label, {
        annotations: readText(props.title),
        credential: {
            targets: [{ property: "repository", value: knownString(props, "repository") }],
            kind: label,
            longLived: true,
        },
        plaintextFields: ["title"],
    });
}

function deployKeyLabel(readOnly: unknown): string {
    if (readOnly === true) return "read-only deploy key";
    if (readOnly === false) return "read/write deploy key";
    if (isUnknown(readOnly)) return "deploy key (`readOnly` unknown at preview: treated as read/write)";
    return "deploy key (`readOnly` not set: treated as read/write)";
}

function membershipEntry(role: unknown): GrantEntry {
    const name = isUnknown(role) ? "(unknown at preview)" : typeof role === "string" ? role : role === undefined || role === null ? "member" : "(not a string)";
    // Fail closed: a role that cannot be read counts as the owner role.
    const admin = name.toLowerCase() !== "member";
    return {
        label: `organization role ${name}`,
        actions: [],
        roles: [name],
        notAction: false,
        findings: admin ? [{ rule: "admin-role", item: `Role::organization-${name}` }] : [],
        writes: admin ? [name] : [],
    };
}

export const githubCatalogue: CloudCatalogue = {
    "github:index/workflowRepositoryPermissions:WorkflowRepositoryPermissions": {
        kind: "gate",
        label: "repository workflow permissions",
        read: (props) => github("gate", "repository workflow permissions", { gate: workflowPermissionsGate(props) }),
    },
    "github:index/actionsOrganizationWorkflowPermissions:ActionsOrganizationWorkflowPermissions": {
        kind: "gate",
        label: "organization workflow permissions",
        read: (props) => github("gate", "organization workflow permissions", { gate: workflowPermissionsGate(props) }),
    },
    "github:index/repositoryRuleset:RepositoryRuleset": {
        kind: "gate",
        label: "repository ruleset",
        read: (props) => github("gate", "repository ruleset", { gate: rulesetGate(props) }),
    },
    "github:index/organizationRuleset:OrganizationRuleset": {
        kind: "gate",
        label: "organization ruleset",
        read: (props) => github("gate", "organization ruleset", { gate: rulesetGate(props) }),
    },
    "github:index/branchProtection:BranchProtection": {
        kind: "gate",
        label: "branch protection",
        read: (props) => github("gate", "branch protection", { gate: branchProtectionGate(props) }),
    },
    "github:index/repositoryEnvironment:RepositoryEnvironment": {
        kind: "gate",
        label: "repository environment",
        read: (props) => github("gate", "repository environment", { gate: environmentGate(props) }),
    },
    "github:index/repositoryDeployKey:RepositoryDeployKey": {
        kind: "credential",
        label: "deploy key",
        read: (props) => keyCredential(deployKeyLabel((unproxied(props) as Props)?.readOnly), props),
    },
    "github:index/userSshKey:UserSshKey": {
        kind: "credential",
        label: "user SSH key",
        read: (props) => {
            const facts = keyCredential("user SSH key", props);
            facts.credential!.targets = []; // the key belongs to the provider's authenticated user
            return facts;
        },
    },
    "github:index/actionsSecret:ActionsSecret": { kind: "secret", label: "Actions repository secret", read: secretReader("Actions repository secret", {}) },
    "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret": { kind: "secret", label: "Actions environment secret", read: secretReader("Actions environment secret", { environment: true }) },
    "github:index/actionsOrganizationSecret:ActionsOrganizationSecret": { kind: "secret", label: "Actions organization secret", read: secretReader("Actions organization secret", { organization: true }) },
    "github:index/dependabotSecret:DependabotSecret": { kind: "secret", label: "Dependabot repository secret", read: secretReader("Dependabot repository secret", { dependabot: true }) },
    "github:index/dependabotOrganizationSecret:DependabotOrganizationSecret": {
        kind: "secret",
        label: "Dependabot organization secret",
        read: secretReader("Dependabot organization secret", { organization: true, dependabot: true }),
    },
    "github:index/actionsVariable:ActionsVariable": { kind: "gate", label: "Actions repository variable", read: variableReader("Actions repository variable", false) },
    "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable": { kind: "rotation", label: "Actions environment variable", read: variableReader("Actions environment variable", true) },
    "github:index/actionsOrganizationVariable:ActionsOrganizationVariable": { kind: "gate", label: "Actions organization variable", read: variableReader("Actions organization variable", false) },
    "github:index/membership:Membership": {
        kind: "grant",
        label: "organization membership",
        read: (props) =>
            github("grant", "organization membership", {
                grant: { targets: [{ property: "username", value: knownString(props, "username") }], entries: [membershipEntry(props.role)] },
            }),
    },
};
