/**
 * AWS readers: what each identity-related AWS resource means for NHI governance.
 *
 * Two ways of reading a property, on purpose:
 * - Values a check judges (a policy document, a tag, a session length) are read part by part, and
 *   a part unknown at preview is marked (`../unknowns.ts`, `../aws/knownDocument.ts`), so the
 *   checks on it are unverified while those on the other parts run. A value no reader marks is
 *   still read through @pulumi/policy's proxy, which makes that policy advisory for the preview.
 * - Links and handles (the role an attachment names, a role's ARN) are read around the proxy with
 *   unknowns mapped to undefined: they are often computed by the provider and unknown at preview,
 *   and stack policies resolve them through property dependencies anyway.
 */
import type { CatalogueEntry, CloudCatalogue } from "../catalogue";
import { TAG_KEYS, normaliseKey, readTags } from "../annotations";
import { isUnknown, unproxied, type GrantEntry, type GrantFacts, type IdentityFacts, type Link, type ResourceFacts, type RotationFacts } from "../facts";
import { DEFAULT_MAX_SESSION_SECONDS } from "../limits";
import { grantEntriesFromDocument, grantEntryFromManagedPolicy } from "../aws/actions";
import { parsePolicyDocument } from "../aws/policyDocument";
import { readTrustPolicy } from "../aws/trustPolicy";
import { knownDocument } from "../aws/knownDocument";
import { grantingStatements } from "../aws/policyDocument";
import { collectUnknowns, knownMap, readingUnknowns } from "../unknowns";

type Props = Record<string, any>;

/** A string property read around the proxy; unknown, absent or not a string gives undefined. */
function knownString(props: Props, property: string): string | undefined {
    const raw = unproxied(props);
    const value = raw && typeof raw === "object" ? (raw as Props)[property] : undefined;
    return typeof value === "string" && !isUnknown(value) && value !== "" ? value : undefined;
}

/** A property's value around the proxy: documents are read with their unknowns marked, not thrown (see `aws/knownDocument.ts`). */
function rawProp(props: Props, property: string): unknown {
    const raw = unproxied(props);
    return raw && typeof raw === "object" ? (raw as Props)[property] : undefined;
}

function link(props: Props, property: string): Link {
    return { property, value: knownString(props, property) };
}

/** One link per element of a list property (`roles`, `roleArns`); unknown elements keep the link without a value. */
function links(props: Props, property: string): Link[] {
    const list = (unproxied(props) as Props)?.[property];
    if (!Array.isArray(list)) return [];
    return list.map((v) => ({ property, value: typeof v === "string" && !isUnknown(v) && v !== "" ? v : undefined }));
}

function handles(props: Props, ...properties: string[]): string[] {
    const out: string[] = [];
    for (const p of properties) {
        const v = knownString(props, p);
        if (v !== undefined && !out.includes(v)) out.push(v);
    }
    return out;
}

const ANNOTATION_TAG_KEYS = new Set(Object.values(TAG_KEYS));
const FIELD_OF_TAG = new Map(Object.entries(TAG_KEYS).map(([field, key]) => [key, field]));
const tagField = (key: string) => FIELD_OF_TAG.get(normaliseKey(key));

/**
 * The annotation tags of a resource: `tags`, over `tagsAll` (provider default tags, present in
 * deployed state). Only annotation keys are read through the proxy, so an unknown `Name` tag does
 * not make the owner check advisory, while an unknown owner does.
 */
function annotationTags(props: Props, unknowns = readingUnknowns()) {
    // Unknown tag values are left out and marked per field: an unknown `nhi:owner` leaves the owner
    // unverified and the expiry checked; a wholly unknown map leaves every annotation unverified.
    const rawTags = knownMap(unknowns, props, "tags", tagField);
    const tags = rawTags && typeof rawTags === "object" && !Array.isArray(rawTags) ? (rawTags as Props) : undefined;
    const picked: Record<string, unknown> = {};
    // Normalised annotation keys given in `tags`; allocated only when tagsAll needs it.
    let given: string[] | undefined;
    if (tags) {
        for (const k of Object.keys(tags)) {
            const key = normaliseKey(k);
            if (!ANNOTATION_TAG_KEYS.has(key)) continue;
            // Two spellings within `tags` (`nhi:owner` and `NHI:Owner`) are both kept, so the reader
            // reports them when they disagree instead of silently taking the last.
            picked[k] = tags[k];
            (given ??= []).push(key);
        }
    }
    // A key spelt differently in tagsAll is the same tag; tags wins.
    const all = (unproxied(props) as Props)?.tagsAll;
    if (all && typeof all === "object" && !Array.isArray(all)) {
        for (const k of Object.keys(all)) {
            // tagsAll repeats tags (the provider adds its default tags): a key spelt exactly as one
            // of tags was decided above, whether it is an annotation or not.
            if (tags && Object.prototype.hasOwnProperty.call(tags, k)) continue;
            const key = normaliseKey(k);
            if (!ANNOTATION_TAG_KEYS.has(key) || given?.includes(key)) continue;
            const v = all[k];
            if (!isUnknown(v)) picked[k] = v;
        }
    }
    return readTags(picked);
}

/** Seconds from a number input; numeric strings are accepted, anything else is not a length. */
function seconds(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string" && /^\d+$/.test(value.trim())) return Number(value.trim());
    return undefined;
}

/**
 * A grant from a policy document (property `path`). What is unknown at preview is left out of the
 * document and marked (see `aws/knownDocument.ts`): on the entries whose actions or end it holds,
 * or on the grant when a whole statement or the document is unknown.
 */
function documentGrant(targets: Link[], document: unknown, labelPrefix: string | undefined, path: string): GrantFacts {
    const known = knownDocument(document, "grant", path);
    if (known.whole) return { targets, entries: [], unknown: known.unknown };
    const doc = parsePolicyDocument(known.document);
    const entries = grantEntriesFromDocument(doc, labelPrefix);
    const grant: GrantFacts = { targets, entries };
    if (known.unknown.length) {
        // Entries are the granting statements, in order.
        const statements = grantingStatements(doc);
        const placed = new Set<string>();
        entries.forEach((entry, i) => {
            const own = known.byStatement.get(statements[i]?.index ?? -1);
            if (!own) return;
            if (own.privileges.length) entry.unknownPrivileges = own.privileges;
            // Excluded actions unknown: which escalation or exposure actions remain is unknown too.
            if (own.excluded.length) {
                entry.findings = entry.findings.filter((f) => f.rule === "not-action" || !f.item.startsWith("NotAction::"));
                delete entry.sensitive;
            }
            if (own.end.length && !entry.endsAt) entry.unknownEnd = own.end;
            for (const p of [...own.privileges, ...own.end]) placed.add(p);
        });
        const rest = known.unknown.filter((p) => !placed.has(p) && !/\.(Not)?Principal$/i.test(p));
        if (rest.length) grant.unknown = rest;
    }
    if (doc.problems.length) grant.unreadable = doc.problems.join("; ");
    return grant;
}

/** A trust policy's known part judged, with what is unknown at preview listed on the trust. */
function trustGrant(document: unknown, path: string) {
    const known = knownDocument(document, "trust", path);
    if (known.whole) return undefined;
    const trust = readTrustPolicy(known.document);
    if (known.unknown.length) trust.unknown = known.unknown;
    return trust;
}

/** An attachment of a managed policy by ARN: the entry judges AWS-managed policies, `attaches` lets stack policies reach a customer-managed one. */
function attachmentGrant(targets: Link[], props: Props, property = "policyArn"): GrantFacts {
    const arn = link(props, property);
    const entries: GrantEntry[] = arn.value ? [grantEntryFromManagedPolicy(arn.value)] : [];
    return { targets, entries, attaches: [arn] };
}

/** A role's inline policies and managed policy ARNs as one grant on the role itself. */
function roleInlineGrants(props: Props): GrantFacts | undefined {
    const raw = unproxied(props) as Props;
    const entries: GrantEntry[] = [];
    const unreadable: string[] = [];
    const unknown: string[] = [];
    const attaches: Link[] = [];
    const inline = raw.inlinePolicies;
    if (isUnknown(inline)) unknown.push("inlinePolicies");
    else if (inline !== undefined && inline !== null) {
        if (!Array.isArray(inline)) unreadable.push("`inlinePolicies` is not a list");
        else {
            for (let i = 0; i < inline.length; i++) {
                const item = inline[i];
                if (isUnknown(item)) {
                    unknown.push(`inlinePolicies[${i}]`);
                    continue;
                }
                // `inlinePolicies: [{}]` is how a program says "no inline policies"; nothing to read.
                if (!item || typeof item !== "object" || item.policy === undefined || item.policy === null) continue;
                const name = typeof item.name === "string" && !isUnknown(item.name) ? item.name : `#${i + 1}`;
                const grant = documentGrant([], item.policy, `inline policy "${name}"`, `inlinePolicies[${i}].policy`);
                entries.push(...grant.entries);
                unknown.push(...(grant.unknown ?? []));
                if (grant.unreadable) unreadable.push(`inline policy "${name}": ${grant.unreadable}`);
            }
        }
    }
    if (isUnknown(raw.managedPolicyArns)) unknown.push("managedPolicyArns");
    for (const arn of links(props, "managedPolicyArns")) {
        attaches.push(arn);
        if (arn.value) entries.push(grantEntryFromManagedPolicy(arn.value));
    }
    if (!entries.length && !unreadable.length && !attaches.length && !unknown.length) return undefined;
    const grant: GrantFacts = { targets: [], entries };
    if (attaches.length) grant.attaches = attaches;
    if (unknown.length) grant.unknown = unknown;
    if (unreadable.length) grant.unreadable = unreadable.join("; ");
    return grant;
}

// ---- rotation schedules -------------------------------------------------------------------------

const RATE = /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/i;
const CRON = /^cron\((.*)\)$/i;

/**
 * The longest gap between two rotations of a Secrets Manager schedule, in days. Cron expressions
 * are read for the shapes that have an obvious bound (daily, weekly, monthly on a day every month
 * has); anything else cannot be verified and is a problem.
 */
export function rotationScheduleDays(expression: string): { days?: number; problem?: string } {
    const e = expression.trim();
    let m = RATE.exec(e);
    if (m) {
        const n = Number(m[1]);
        if (n <= 0) return { problem: `\`rotationRules.scheduleExpression\` ${JSON.stringify(e)} has no positive period` };
        return { days: /^h/i.test(m[2]) ? n / 24 : n };
    }
    m = CRON.exec(e);
    const unreadable = { problem: `\`rotationRules.scheduleExpression\` ${JSON.stringify(e.slice(0, 64))} cannot be read as a rotation period; use \`rate(N days)\` or \`automaticallyAfterDays\`` };
    if (!m) return unreadable;
    const fields = m[1].trim().split(/\s+/);
    if (fields.length !== 6) return unreadable;
    const [, , dayOfMonth, month, dayOfWeek, year] = fields;
    if (month !== "*" || (year !== "*" && year !== "?")) return unreadable;
    const any = (f: string) => f === "*" || f === "?";
    if (any(dayOfMonth) && any(dayOfWeek)) return { days: 1 };
    if (any(dayOfMonth) && /^[A-Za-z0-9,-]+$/.test(dayOfWeek)) return { days: 7 };
    // A day every month has (1..28) repeats at most 31 days apart.
    if (any(dayOfWeek) && /^\d+(,\d+)*$/.test(dayOfMonth) && dayOfMonth.split(",").every((d) => +d >= 1 && +d <= 28)) return { days: 31 };
    return unreadable;
}

/** A Secrets Manager rotation's schedule, read through the proxy (an unknown value throws). */
function readRotation(props: Props): RotationFacts {
    const enabled = props.rotationEnabled !== false;
    const rules = props.rotationRules;
    const rotation: RotationFacts = { secret: link(props, "secretId"), enabled };
    const after = rules?.automaticallyAfterDays;
    const schedule = rules?.scheduleExpression;
    const hasAfter = after !== undefined && after !== null;
    const hasSchedule = typeof schedule === "string" && schedule.trim() !== "";
    if (hasAfter && hasSchedule) rotation.problem = "`rotationRules` sets both `automaticallyAfterDays` and `scheduleExpression`; set one";
    else if (hasAfter) {
        const days = seconds(after);
        if (days === undefined || days < 1) rotation.problem = "`rotationRules.automaticallyAfterDays` is not a positive whole number of days";
        else rotation.rotationDays = days;
    } else if (hasSchedule) {
        const read = rotationScheduleDays(schedule);
        if (read.days !== undefined) rotation.rotationDays = read.days;
        else rotation.problem = read.problem;
    } else rotation.problem = "no rotation schedule; set `rotationRules.automaticallyAfterDays` or `rotationRules.scheduleExpression`";
    return rotation;
}

// ---- readers --------------------------------------------------------------------------------

function aws(kind: ResourceFacts["kind"], label: string, rest: Omit<ResourceFacts, "cloud" | "kind" | "label">): ResourceFacts {
    return { cloud: "aws", kind, label, ...rest };
}

/** An IAM user's credential that IAM never expires (it is valid until deleted), linked to the user by `userProperty`. */
function untilDeleted(label: string, userProperty: string): CatalogueEntry {
    return {
        kind: "credential",
        label,
        read: (props) => aws("credential", label, { credential: { targets: [link(props, userProperty)], kind: label, longLived: true } }),
    };
}

const TAGS = ["tags"];
const TAGS_AND_DESCRIPTION = ["tags", "description"];

export const awsCatalogue: CloudCatalogue = collectUnknowns({
    // ---- identities
    "aws:iam/role:Role": {
        kind: "identity",
        label: "IAM role",
        read: (props) => {
            // Each part read on its own: a trust built from an OIDC provider's ARN is unknown at
            // every first preview, and must not hide the owner, expiry, session and inline policies.
            const unknowns = readingUnknowns();
            const trust = trustGrant(rawProp(props, "assumeRolePolicy"), "assumeRolePolicy");
            if (!trust) unknowns.mark("trust", "assumeRolePolicy");
            const inlineGrants = roleInlineGrants(props);
            const boundary = link(props, "permissionsBoundary");
            const sessionUnknown = unknowns.markIfUnknown("session", props, "maxSessionDuration");
            const max = sessionUnknown ? undefined : props.maxSessionDuration;
            // Set field by field rather than spread from optional parts: every role of a stack is
            // read, and its facts live as long as the request.
            const identity: IdentityFacts = { handles: handles(props, "name", "arn", "id", "uniqueId") };
            // AWS's default is one hour when the input is absent.
            if (!sessionUnknown) identity.sessionSeconds = max === undefined || max === null ? DEFAULT_MAX_SESSION_SECONDS : seconds(max);
            if (trust) identity.trust = trust;
            if (inlineGrants) identity.inlineGrants = inlineGrants;
            if ((unproxied(props) as Props).permissionsBoundary !== undefined) identity.boundary = boundary;
            return aws("identity", "IAM role", { annotations: annotationTags(props, unknowns), identity, plaintextFields: TAGS_AND_DESCRIPTION });
        },
    },
    "aws:iam/user:User": {
        kind: "identity",
        label: "IAM user",
        read: (props) => {
            return aws("identity", "IAM user", {
                annotations: annotationTags(props),
                identity: {
                    handles: handles(props, "name", "arn", "id", "uniqueId"),
                    ...((unproxied(props) as Props).permissionsBoundary !== undefined ? { boundary: link(props, "permissionsBoundary") } : {}),
                },
                plaintextFields: TAGS,
            });
        },
    },
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": {
        kind: "identity",
        label: "IAM service-linked role",
        read: (props) =>
            aws("identity", "IAM service-linked role", {
                annotations: annotationTags(props),
                identity: { handles: handles(props, "name", "arn", "id", "uniqueId"), cloudManaged: true },
                plaintextFields: TAGS_AND_DESCRIPTION,
            }),
    },
    "aws:bedrock/agentcoreWorkloadIdentity:AgentcoreWorkloadIdentity": {
        kind: "identity",
        label: "Bedrock AgentCore workload identity",
        // No tags on this type: annotations live on the component or the runtime that uses it.
        read: (props) => aws("identity", "Bedrock AgentCore workload identity", { identity: { handles: handles(props, "name", "workloadIdentityArn", "id") } }),
    },
    "aws:bedrock/agentcoreAgentRuntime:AgentcoreAgentRuntime": {
        kind: "identity",
        label: "Bedrock AgentCore agent runtime",
        read: (props) =>
            aws("identity", "Bedrock AgentCore agent runtime", {
                annotations: annotationTags(props),
                identity: { handles: handles(props, "agentRuntimeName", "agentRuntimeArn", "agentRuntimeId", "id") },
                // Unlike the harness, the runtime's environment variables are not secret outputs.
                plaintextFields: ["tags", "description", "environmentVariables"],
            }),
    },
    "aws:bedrock/agentcoreGateway:AgentcoreGateway": {
        kind: "identity",
        label: "Bedrock AgentCore gateway",
        read: (props) =>
            aws("identity", "Bedrock AgentCore gateway", {
                annotations: annotationTags(props),
                identity: { handles: handles(props, "name", "gatewayArn", "gatewayId", "id") },
                plaintextFields: TAGS_AND_DESCRIPTION,
            }),
    },
    "aws:bedrock/agentcoreHarness:AgentcoreHarness": {
        kind: "identity",
        label: "Bedrock AgentCore harness",
        read: (props) =>
            aws("identity", "Bedrock AgentCore harness", {
                annotations: annotationTags(props),
                identity: { handles: handles(props, "harnessName", "harnessArn", "id") },
                // environmentVariables is a secret output here; system prompts are plain text.
                plaintextFields: ["tags", "systemPrompts"],
            }),
    },

    // ---- trust anchors
    "aws:iam/instanceProfile:InstanceProfile": {
        kind: "trust",
        label: "IAM instance profile",
        // Lets EC2 instances act as the role: a way in that stack policies must attribute to the role.
        read: (props) =>
            aws("trust", "IAM instance profile", {
                annotations: annotationTags(props),
                trust: { targets: [link(props, "role")], subjects: ["ec2.amazonaws.com"], problems: [], githubEnvironments: [] },
                plaintextFields: TAGS,
            }),
    },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
        kind: "trust",
        label: "IAM OIDC provider",
        read: (props) => {
            // The issuer URL names the provider; unknown, it names nothing yet (no check judges it).
            const url = rawProp(props, "url");
            return aws("trust", "IAM OIDC provider", {
                annotations: annotationTags(props),
                trust: { targets: [], subjects: typeof url === "string" && !isUnknown(url) ? [url] : [], problems: [], githubEnvironments: [] },
                plaintextFields: TAGS,
            });
        },
    },
    "aws:rolesanywhere/profile:Profile": {
        kind: "trust",
        label: "IAM Roles Anywhere profile",
        read: (props) => {
            const sessionUnknown = readingUnknowns().markIfUnknown("session", props, "durationSeconds");
            const d = sessionUnknown ? undefined : props.durationSeconds;
            return aws("trust", "IAM Roles Anywhere profile", {
                annotations: annotationTags(props),
                trust: { targets: links(props, "roleArns"), subjects: ["rolesanywhere.amazonaws.com"], problems: [], githubEnvironments: [] },
                // The service default is one hour.
                ...(sessionUnknown ? {} : { sessionSeconds: d === undefined || d === null ? DEFAULT_MAX_SESSION_SECONDS : seconds(d) }),
                plaintextFields: TAGS,
            });
        },
    },
    "aws:rolesanywhere/trustAnchor:TrustAnchor": {
        kind: "trust",
        label: "IAM Roles Anywhere trust anchor",
        read: (props) => {
            const sourceType = (unproxied(props) as Props)?.source?.sourceType;
            return aws("trust", "IAM Roles Anywhere trust anchor", {
                annotations: annotationTags(props),
                trust: { targets: [], subjects: typeof sourceType === "string" && !isUnknown(sourceType) ? [sourceType] : [], problems: [], githubEnvironments: [] },
                plaintextFields: TAGS,
            });
        },
    },

    // ---- grants
    "aws:iam/rolePolicy:RolePolicy": {
        kind: "grant",
        label: "IAM role inline policy",
        read: (props) => aws("grant", "IAM role inline policy", { grant: documentGrant([link(props, "role")], rawProp(props, "policy"), undefined, "policy") }),
    },
    "aws:iam/userPolicy:UserPolicy": {
        kind: "grant",
        label: "IAM user inline policy",
        read: (props) => aws("grant", "IAM user inline policy", { grant: documentGrant([link(props, "user")], rawProp(props, "policy"), undefined, "policy") }),
    },
    "aws:iam/policy:Policy": {
        kind: "grant",
        label: "IAM managed policy",
        // A document on its own grants nobody: attachments and boundaries reach it through its handles.
        read: (props) => {
            const grant = documentGrant([], rawProp(props, "policy"), undefined, "policy");
            grant.handles = handles(props, "arn", "name", "id");
            return aws("grant", "IAM managed policy", { annotations: annotationTags(props), grant, plaintextFields: TAGS_AND_DESCRIPTION });
        },
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        kind: "grant",
        label: "IAM role policy attachment",
        read: (props) => aws("grant", "IAM role policy attachment", { grant: attachmentGrant([link(props, "role")], props) }),
    },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": {
        kind: "grant",
        label: "IAM user policy attachment",
        read: (props) => aws("grant", "IAM user policy attachment", { grant: attachmentGrant([link(props, "user")], props) }),
    },
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": {
        kind: "grant",
        label: "IAM group policy attachment",
        read: (props) => aws("grant", "IAM group policy attachment", { grant: attachmentGrant([link(props, "group")], props) }),
    },
    "aws:iam/policyAttachment:PolicyAttachment": {
        kind: "grant",
        label: "IAM policy attachment",
        read: (props) => aws("grant", "IAM policy attachment", { grant: attachmentGrant([...links(props, "roles"), ...links(props, "users"), ...links(props, "groups")], props) }),
    },
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": {
        kind: "grant",
        label: "IAM role policy attachments (exclusive)",
        read: (props) => {
            const arns = links(props, "policyArns");
            return aws("grant", "IAM role policy attachments (exclusive)", {
                grant: { targets: [link(props, "roleName")], entries: arns.flatMap((a) => (a.value ? [grantEntryFromManagedPolicy(a.value)] : [])), attaches: arns },
            });
        },
    },

    // ---- credentials
    "aws:iam/accessKey:AccessKey": untilDeleted("IAM access key", "user"),
    "aws:iam/userLoginProfile:UserLoginProfile": untilDeleted("IAM user login profile", "user"),
    "aws:iam/serviceSpecificCredential:ServiceSpecificCredential": {
        kind: "credential",
        label: "IAM service-specific credential",
        read: (props) => {
            const targets = [link(props, "userName")];
            const kind = "IAM service-specific credential";
            if (readingUnknowns().markIfUnknown("credential", props, "serviceName")) return aws("credential", kind, { credential: { targets, kind, longLived: false } });
            // Only Bedrock long-term API keys can expire (credentialAgeDays); CodeCommit and Keyspaces credentials never do.
            if (String(props.serviceName ?? "").toLowerCase() !== "bedrock.amazonaws.com") return aws("credential", kind, { credential: { targets, kind, longLived: true } });
            if (readingUnknowns().markIfUnknown("credential", props, "credentialAgeDays")) return aws("credential", kind, { credential: { targets, kind, longLived: false } });
            const age = props.credentialAgeDays;
            // Without credentialAgeDays the credential never expires.
            if (age === undefined || age === null) return aws("credential", kind, { credential: { targets, kind, longLived: true } });
            const days = seconds(age);
            if (days === undefined || days < 1) {
                return aws("credential", kind, { credential: { targets, kind, longLived: true, problem: "`credentialAgeDays` is not a whole number of days; set it to at most the allowed credential lifetime" } });
            }
            return aws("credential", kind, { credential: { targets, kind, longLived: false, lifetimeDays: days } });
        },
    },
    // SSH keys (CodeCommit) and X.509 signing certificates have no end date IAM enforces: they stay valid until deleted.
    "aws:iam/sshKey:SshKey": untilDeleted("IAM SSH public key", "username"),
    "aws:iam/signingCertificate:SigningCertificate": untilDeleted("IAM signing certificate", "userName"),
    "aws:bedrock/agentcoreApiKeyCredentialProvider:AgentcoreApiKeyCredentialProvider": {
        kind: "credential",
        label: "Bedrock AgentCore API key credential provider",
        read: (props) => {
            const kind = "Bedrock AgentCore API key";
            // An external key lives in the caller's Secrets Manager secret and rotates there; unknown, it may be either.
            const sourceUnknown = readingUnknowns().markIfUnknown("credential", props, "apiKeySecretSource");
            const external = sourceUnknown || String(props.apiKeySecretSource ?? "").toUpperCase() === "EXTERNAL";
            return aws("credential", "Bedrock AgentCore API key credential provider", {
                annotations: annotationTags(props),
                credential: { targets: [], kind, longLived: !external },
                plaintextFields: TAGS,
            });
        },
    },
    "aws:bedrock/agentcoreOauth2CredentialProvider:AgentcoreOauth2CredentialProvider": {
        kind: "credential",
        label: "Bedrock AgentCore OAuth2 credential provider",
        read: (props) => {
            const kind = "Bedrock AgentCore OAuth2 client secret";
            return aws("credential", "Bedrock AgentCore OAuth2 credential provider", {
                annotations: annotationTags(props),
                credential: { targets: [], kind, longLived: !readingUnknowns().markIfUnknown("credential", props, "oauth2ProviderConfig") && hasInlineClientSecret(rawProp(props, "oauth2ProviderConfig")) },
                plaintextFields: TAGS,
            });
        },
    },

    // ---- secrets and rotation
    "aws:secretsmanager/secret:Secret": {
        kind: "secret",
        label: "Secrets Manager secret",
        read: (props) =>
            aws("secret", "Secrets Manager secret", {
                annotations: annotationTags(props),
                secret: { handles: handles(props, "arn", "id", "name") },
                plaintextFields: TAGS_AND_DESCRIPTION,
            }),
    },
    "aws:secretsmanager/secretRotation:SecretRotation": {
        kind: "rotation",
        label: "Secrets Manager rotation",
        read: (props) => {
            // A schedule unknown at preview leaves the rotation unverified; the secret it rotates stays linked.
            const read = readingUnknowns().read("rotation", () => readRotation(props));
            return aws("rotation", "Secrets Manager rotation", { rotation: read ?? { secret: link(props, "secretId"), enabled: true } });
        },
    },
    "aws:ssm/parameter:Parameter": {
        kind: "secret",
        label: "SSM parameter",
        read: (props) =>
            aws("secret", "SSM parameter", {
                annotations: annotationTags(props),
                // SSM parameters neither expire nor rotate by themselves.
                secret: { handles: handles(props, "name", "arn", "id") },
                plaintextFields: ["insecureValue", "tags", "description"],
            }),
    },
});

/** Whether an AgentCore OAuth2 provider config carries a client secret inline rather than from an external secret. */
function hasInlineClientSecret(config: unknown): boolean {
    const raw = unproxied(config) as Props | undefined;
    if (!raw || typeof raw !== "object") return false;
    for (const vendor of Object.values(raw)) {
        if (!vendor || typeof vendor !== "object") continue;
        const v = vendor as Props;
        const external = typeof v.clientSecretSource === "string" && v.clientSecretSource.toUpperCase() === "EXTERNAL";
        if (!external && (v.clientSecret !== undefined || v.clientSecretWo !== undefined)) return true;
    }
    return false;
}
