"use strict";
/**
 * A seeded generator of realistic NHI estates, as `pulumi stack export` (deployment v3) documents.
 *
 * Realistic means what the pack's readers actually parse: roles with annotation tags and GitHub
 * OIDC trust policies, inline policies whose statements carry `aws:CurrentTime` conditions,
 * attachments, access keys, secrets with rotations, GCP service accounts with conditioned IAM
 * members, Azure managed identities with role assignments, GitHub environments and rulesets, plus
 * the non-NHI resources every estate also holds. About one unit in seven is non-compliant
 * (missing owner, past expiry, wildcard action, static key), because the pack's cost depends on
 * how much it reports, not only on how much it reads.
 *
 * Links are real: property dependencies point to the resources a grant attaches to, and the
 * referenced names/ARNs match, so stack policies do their joins on the whole estate. The same
 * (size, seed, date) always gives the same document.
 */

/** mulberry32: tiny, fast, and good enough to vary shapes reproducibly. */
function rng(seed) {
    let a = seed >>> 0;
    const next = () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return {
        next,
        int: (n) => Math.floor(next() * n),
        pick: (xs) => xs[Math.floor(next() * xs.length)],
        chance: (p) => next() < p,
    };
}

const TOOLS = ["claude-code", "copilot-agent", "cursor-agent", "devin", "codex-cli", "aider"];
const TEAMS = ["platform-team", "data-eng", "sec-ops", "ml-infra", "payments", "dev-experience"];
const READ_ACTIONS = ["s3:GetObject", "s3:ListBucket", "bedrock:InvokeModel", "logs:GetLogEvents", "dynamodb:GetItem", "ssm:GetParameter"];
const WRITE_ACTIONS = ["s3:PutObject", "dynamodb:PutItem", "sqs:SendMessage", "lambda:InvokeFunction"];
const GCP_ROLES = ["roles/storage.objectViewer", "roles/aiplatform.user", "roles/logging.viewer", "roles/bigquery.dataViewer", "roles/pubsub.publisher"];
const AZ_ROLES = ["acdd72a7-3385-48ef-bd42-f606fba81ae7", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "ba92f5b4-2d11-453d-a403-e96b0029c9fe"];
const ACCOUNT = "123456789012";

const day = (now, n) => new Date(now.getTime() + n * 86400000).toISOString().slice(0, 10);

/**
 * Workloads: `estate` (the mixed estate above), `identity` (every resource an AI tool's role with a
 * GitHub OIDC trust document and annotation tags: the pack's hardest case per resource, since
 * every reader and the secret scan run on each), and `identity-large` (the same roles next to
 * Lambda functions with large environments and ECS task definitions with large container
 * definitions, the inputs where every string is scanned for credentials).
 */
const WORKLOADS = ["estate", "identity", "identity-large"];

function generateExport(size, { seed = 7, now = new Date(), project = "estate", stack = "bench", workload = "estate" } = {}) {
    if (!WORKLOADS.includes(workload)) throw new Error(`unknown workload \`${workload}\`: use one of ${WORKLOADS.join(", ")}`);
    const r = rng(seed);
    const resources = [];
    const prefix = `urn:pulumi:${stack}::${project}::`;
    const stackUrn = `${prefix}pulumi:pulumi:Stack::${project}-${stack}`;
    resources.push({ urn: stackUrn, custom: false, type: "pulumi:pulumi:Stack", outputs: {} });

    const providers = {};
    for (const [pkg, version] of [["aws", "7.48.0"], ["gcp", "9.37.0"], ["azure-native", "3.28.0"], ["github", "6.15.0"]]) {
        const name = `default_${version.replace(/\./g, "_")}`;
        const id = `00000000-0000-4000-8000-${String(resources.length).padStart(12, "0")}`;
        const urn = `${prefix}pulumi:providers:${pkg}::${name}`;
        resources.push({ urn, custom: true, id, type: `pulumi:providers:${pkg}`, inputs: { version }, outputs: { version }, parent: stackUrn });
        providers[pkg] = `${urn}::${id}`;
    }

    let seq = 0;
    /** A resource under `parent` (a component's URN and type, or the stack), with inputs and outputs. */
    const add = (parent, type, name, inputs, extraOutputs = {}, deps = {}) => {
        const chain = parent && parent.type ? `${parent.chain ? parent.chain + "$" : ""}${parent.type}$` : "";
        const urn = `${prefix}${chain}${type}::${name}`;
        const pkg = type.split(":")[0];
        const propertyDependencies = {};
        const dependencies = [];
        for (const [k, urns] of Object.entries(deps)) {
            propertyDependencies[k] = urns;
            for (const u of urns) if (!dependencies.includes(u)) dependencies.push(u);
        }
        resources.push({
            urn,
            custom: true,
            id: `${name}-${(seq++).toString(36)}`,
            type,
            inputs,
            outputs: { ...inputs, ...extraOutputs },
            parent: parent ? parent.urn : stackUrn,
            provider: providers[pkg],
            dependencies,
            propertyDependencies,
        });
        return urn;
    };
    const component = (type, name) => {
        const urn = `${prefix}${type}::${name}`;
        resources.push({ urn, custom: false, type, parent: stackUrn, outputs: {} });
        return { urn, type, chain: "" };
    };

    const units =
        workload === "identity" ? [identityUnit] : workload === "identity-large" ? [identityUnit, lambdaUnit, ecsUnit] : [awsUnit, awsUnit, awsUnit, gcpUnit, gcpUnit, azureUnit, githubUnit, noise];
    let n = 0;
    while (resources.length < size) {
        const unit = r.pick(units);
        unit(`u${n++}`);
    }
    // Units add several resources at once: trim to the exact size (a trimmed link simply dangles,
    // as in a partial export), keeping every parent that survives.
    resources.length = size;
    const kept = new Set(resources.map((x) => x.urn));
    for (const x of resources) {
        if (x.parent && !kept.has(x.parent)) x.parent = stackUrn;
        if (x.dependencies) x.dependencies = x.dependencies.filter((u) => kept.has(u));
        if (x.propertyDependencies) for (const k of Object.keys(x.propertyDependencies)) x.propertyDependencies[k] = x.propertyDependencies[k].filter((u) => kept.has(u));
    }
    return {
        version: 3,
        deployment: {
            manifest: { time: now.toISOString(), magic: "", version: "v3.276.0" },
            resources,
        },
    };

    function annotations() {
        const bad = r.chance(0.15) ? r.pick(["owner", "expiry", "past"]) : undefined;
        return {
            owner: bad === "owner" ? undefined : r.pick(TEAMS),
            expiresAt: bad === "expiry" ? undefined : bad === "past" ? day(now, -1 - r.int(60)) : day(now, 30 + r.int(300)),
            tool: r.pick(TOOLS),
            access: r.chance(0.6) ? "read" : "write",
        };
    }

    function awsUnit(id) {
        const a = annotations();
        const governed = r.chance(0.8);
        const parent = governed ? component("nhi-guard:aws:AiToolIdentity", `${id}-tool`) : undefined;
        const roleName = `${id}-${a.tool}`;
        const roleArn = `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
        const tags = { "nhi:tool": a.tool, "nhi:access": a.access, "nhi:purpose": `Runs ${a.tool} for ${id}`, team: a.owner ?? "unknown", "cost-center": `cc-${r.int(90) + 10}` };
        if (a.owner) tags["nhi:owner"] = a.owner;
        if (a.expiresAt) tags["nhi:expires-at"] = a.expiresAt;
        const until = a.expiresAt ?? day(now, 400);
        const trust = r.chance(0.7)
            ? {
                  Effect: "Allow",
                  Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
                  Action: "sts:AssumeRoleWithWebIdentity",
                  Condition: {
                      StringEquals: {
                          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                          "token.actions.githubusercontent.com:sub": r.chance(0.05) ? "repo:acme/*" : `repo:acme/${id}:environment:ai-${a.tool}`,
                      },
                      DateLessThan: { "aws:CurrentTime": `${until}T00:00:00Z` },
                  },
              }
            : { Effect: "Allow", Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } };
        const role = add(parent, "aws:iam/role:Role", `${id}-role`, {
            name: roleName,
            path: "/",
            maxSessionDuration: r.chance(0.1) ? 43200 : 3600,
            assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [trust] }),
            tags,
        }, { arn: roleArn, uniqueId: `AROA${id.toUpperCase()}`, tagsAll: tags });
        const grants = 1 + r.int(3);
        for (let g = 0; g < grants; g++) {
            const actions = [r.pick(READ_ACTIONS), r.pick(a.access === "read" ? READ_ACTIONS : WRITE_ACTIONS)];
            if (r.chance(0.04)) actions.push("iam:PassRole");
            if (r.chance(0.03)) actions.push("s3:*");
            const statement = {
                Sid: `Grant${g}`,
                Effect: "Allow",
                Action: [...new Set(actions)],
                Resource: [`arn:aws:s3:::${id}-data-${g}/*`, `arn:aws:s3:::${id}-data-${g}`],
            };
            if (r.chance(0.9)) statement.Condition = { DateLessThan: { "aws:CurrentTime": `${until}T00:00:00Z` } };
            add(parent, "aws:iam/rolePolicy:RolePolicy", `${id}-grant-${g}`, {
                name: `${id}-grant-${g}`,
                role: roleName,
                policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
            }, { id: `${roleName}:${id}-grant-${g}` }, { role: [role], policy: [] });
        }
        if (r.chance(0.3)) {
            add(parent, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${id}-managed`, {
                role: roleName,
                policyArn: r.pick(["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonBedrockReadOnly"]),
            }, {}, { role: [role], policyArn: [] });
        }
        if (r.chance(0.5)) {
            const secretName = `${id}/vendor-api-key`;
            const secretArn = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${secretName}-${id}`;
            const secret = add(parent, "aws:secretsmanager/secret:Secret", `${id}-secret`, {
                name: secretName,
                description: `Vendor API key used by ${a.tool}`,
                tags: { ...(a.owner ? { "nhi:owner": a.owner } : {}), ...(a.expiresAt ? { "nhi:expires-at": a.expiresAt } : {}), "nhi:tool": a.tool },
            }, { arn: secretArn });
            if (r.chance(0.85)) {
                add(parent, "aws:secretsmanager/secretRotation:SecretRotation", `${id}-rotation`, {
                    secretId: secretArn,
                    rotationLambdaArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:rotate-vendor-keys`,
                    rotationRules: { automaticallyAfterDays: r.pick([7, 14, 30, 30, 30, 60]) },
                }, {}, { secretId: [secret] });
            }
        }
        if (r.chance(0.08)) {
            // A standing key next to the governed role: what the pack exists to block.
            const user = add(undefined, "aws:iam/user:User", `${id}-bot`, { name: `${id}-bot`, tags: { "nhi:tool": a.tool } }, { arn: `arn:aws:iam::${ACCOUNT}:user/${id}-bot` });
            add(undefined, "aws:iam/accessKey:AccessKey", `${id}-key`, { user: `${id}-bot`, status: "Active" }, { id: `AKIA${id.toUpperCase().padEnd(16, "X").slice(0, 16)}` }, { user: [user] });
        }
    }

    function gcpUnit(id) {
        const a = annotations();
        const parent = r.chance(0.8) ? component("nhi-guard:gcp:AiToolIdentity", `${id}-tool`) : undefined;
        const project = `acme-${r.pick(["prod", "stg", "dev"])}`;
        const email = `${id}-${a.tool}@${project}.iam.gserviceaccount.com`.slice(0, 80);
        const desc = [a.owner && `owner=${a.owner}`, a.expiresAt && `expires-at=${a.expiresAt}`, `tool=${a.tool}`, `access=${a.access}`].filter(Boolean).join(";");
        const sa = add(parent, "gcp:serviceaccount/account:Account", `${id}-sa`, {
            accountId: `${id}-${a.tool}`.slice(0, 30),
            displayName: `${a.tool} for ${id}`,
            description: desc,
            project,
        }, { email, name: `projects/${project}/serviceAccounts/${email}`, member: `serviceAccount:${email}` });
        const grants = 1 + r.int(3);
        const until = a.expiresAt ?? day(now, 400);
        for (let g = 0; g < grants; g++) {
            const role = r.chance(0.03) ? "roles/editor" : r.pick(GCP_ROLES);
            const inputs = { project, role, member: `serviceAccount:${email}` };
            if (r.chance(0.9)) inputs.condition = { title: `until ${until}`, description: "Ends with the identity", expression: `request.time < timestamp("${until}T00:00:00Z")` };
            add(parent, r.pick(["gcp:projects/iAMMember:IAMMember", "gcp:projects/iamMember:IamMember"]), `${id}-grant-${g}`, inputs, { etag: "BwX" }, { member: [sa] });
        }
        if (parent && r.chance(0.5)) {
            add(parent, "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider", `${id}-github`, {
                project,
                workloadIdentityPoolId: "github",
                workloadIdentityPoolProviderId: `${id}`.slice(0, 32),
                attributeMapping: { "google.subject": "assertion.sub", "attribute.repository": "assertion.repository", "attribute.environment": "assertion.environment" },
                attributeCondition: r.chance(0.95) ? `assertion.repository == "acme/${id}" && assertion.environment == "ai-${a.tool}"` : undefined,
                oidc: { issuerUri: "https://token.actions.githubusercontent.com" },
            });
        }
        if (r.chance(0.3)) {
            add(parent, "gcp:secretmanager/secret:Secret", `${id}-secret`, {
                project,
                secretId: `${id}-vendor-key`,
                labels: { ...(a.owner ? { "nhi-owner": a.owner } : {}), "nhi-tool": a.tool },
                replication: { auto: {} },
                rotation: r.chance(0.8) ? { rotationPeriod: `${r.pick([7, 30, 90]) * 86400}s`, nextRotationTime: `${day(now, 5)}T00:00:00Z` } : undefined,
                topics: [{ name: `projects/${project}/topics/rotate` }],
            });
        }
    }

    function azureUnit(id) {
        const a = annotations();
        const parent = r.chance(0.8) ? component("nhi-guard:azure:AiToolIdentity", `${id}-tool`) : undefined;
        const tags = { "nhi:tool": a.tool, "nhi:access": a.access };
        if (a.owner) tags["nhi:owner"] = a.owner;
        if (a.expiresAt) tags["nhi:expires-at"] = a.expiresAt;
        const principalId = `${id}0000-0000-4000-8000-000000000000`.slice(0, 36);
        const mi = add(parent, "azure-native:managedidentity:UserAssignedIdentity", `${id}-mi`, {
            resourceGroupName: "rg-ai-tools",
            resourceName: `${id}-${a.tool}`,
            location: "westeurope",
            tags,
        }, { principalId, clientId: principalId, id: `/subscriptions/sub/resourceGroups/rg-ai-tools/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${id}` });
        add(parent, "azure-native:managedidentity:FederatedIdentityCredential", `${id}-fic`, {
            resourceGroupName: "rg-ai-tools",
            resourceName: `${id}-${a.tool}`,
            federatedIdentityCredentialResourceName: `${id}-github`,
            issuer: "https://token.actions.githubusercontent.com",
            subject: `repo:acme/${id}:environment:ai-${a.tool}`,
            audiences: ["api://AzureADTokenExchange"],
        }, {}, { resourceName: [mi] });
        const grants = 1 + r.int(2);
        for (let g = 0; g < grants; g++) {
            add(parent, "azure-native:authorization:RoleAssignment", `${id}-grant-${g}`, {
                principalId,
                principalType: "ServicePrincipal",
                roleDefinitionId: `/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/${r.chance(0.03) ? "8e3af657-a8ff-443c-a75c-2fe8c4bcb635" : r.pick(AZ_ROLES)}`,
                scope: `/subscriptions/sub/resourceGroups/rg-${id}`,
                description: r.chance(0.9) ? `tool=${a.tool};expires-at=${a.expiresAt ?? day(now, 400)}` : "granted by hand",
            }, {}, { principalId: [mi] });
        }
    }

    function githubUnit(id) {
        const a = annotations();
        const parent = r.chance(0.8) ? component("nhi-guard:github:AiToolEnvironment", `${id}-env`) : undefined;
        add(parent, "github:index/repositoryEnvironment:RepositoryEnvironment", `${id}-environment`, {
            repository: id,
            environment: `ai-${a.tool}`,
            preventSelfReview: r.chance(0.9),
            reviewers: r.chance(0.9) ? [{ teams: [1000 + r.int(50)], users: [] }] : [],
            deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false },
        });
        add(parent, "github:index/repositoryRuleset:RepositoryRuleset", `${id}-ruleset`, {
            repository: id,
            name: "default-branch",
            target: "branch",
            enforcement: "active",
            conditions: { refName: { includes: ["~DEFAULT_BRANCH"], excludes: [] } },
            bypassActors: r.chance(0.05) ? [{ actorId: 4242, actorType: "Integration", bypassMode: "always" }] : [],
            rules: {
                pullRequest: { requiredApprovingReviewCount: 1, dismissStaleReviewsOnPush: true, requireCodeOwnerReview: true },
                requiredStatusChecks: { requiredChecks: [{ context: "nhi-guard" }] },
            },
        });
        if (r.chance(0.3)) {
            add(parent, "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret", `${id}-vendor-key`, {
                repository: id,
                environment: `ai-${a.tool}`,
                secretName: "VENDOR_API_KEY",
                plaintextValue: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: `sk-bench-${id}` },
            });
        }
    }

    /** One AI tool's role: trust document and tags, nothing else. */
    function identityUnit(id) {
        const a = annotations();
        const roleName = `${id}-${a.tool}`;
        const tags = { "nhi:tool": a.tool, "nhi:access": a.access, "nhi:purpose": `Runs ${a.tool} for ${id}`, team: a.owner ?? "unknown", "cost-center": `cc-${r.int(90) + 10}` };
        if (a.owner) tags["nhi:owner"] = a.owner;
        if (a.expiresAt) tags["nhi:expires-at"] = a.expiresAt;
        const trust = {
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": `repo:acme/${id}:environment:ai-${a.tool}` } },
        };
        add(undefined, "aws:iam/role:Role", `${id}-role`, { name: roleName, path: "/", maxSessionDuration: 3600, assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [trust] }), tags }, { arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`, tagsAll: tags });
    }

    function word() {
        return r.pick(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]) + r.int(1000);
    }

    /** A Lambda function with 40 environment variables (URLs, flags, JSON settings). */
    function lambdaUnit(id) {
        const variables = {};
        for (let i = 0; i < 40; i++) {
            const k = `SETTING_${i}_${word().toUpperCase()}`;
            variables[k] = i % 5 === 0 ? JSON.stringify({ endpoint: `https://${word()}.internal.acme.io/v1`, retries: r.int(5), tags: [word(), word()] }) : i % 3 === 0 ? `https://${word()}.acme.io/${word()}` : `${word()}-${word()}-${r.int(1e6)}`;
        }
        add(undefined, "aws:lambda/function:Function", `${id}-fn`, { runtime: "nodejs20.x", handler: "index.handler", memorySize: 512, role: `arn:aws:iam::${ACCOUNT}:role/${id}-fn`, environment: { variables }, tags: { team: r.pick(TEAMS), service: word() } });
    }

    /** An ECS task definition: three containers, 30 environment entries each, as one JSON string. */
    function ecsUnit(id) {
        const containers = [0, 1, 2].map((c) => ({
            name: `${id}-c${c}`,
            image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/${word()}:${r.int(500)}`,
            cpu: 256,
            memory: 512,
            essential: c === 0,
            portMappings: [{ containerPort: 8080 + c, protocol: "tcp" }],
            environment: Array.from({ length: 30 }, (_, i) => ({ name: `VAR_${i}_${word().toUpperCase()}`, value: i % 4 === 0 ? `https://${word()}.acme.io/api` : `${word()}-${r.int(1e6)}` })),
            logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": `/ecs/${id}`, "awslogs-region": "eu-west-1", "awslogs-stream-prefix": word() } },
        }));
        add(undefined, "aws:ecs/taskDefinition:TaskDefinition", `${id}-task`, { family: id, networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], cpu: "1024", memory: "2048", containerDefinitions: JSON.stringify(containers), tags: { team: r.pick(TEAMS) } });
    }

    function noise(id) {
        // What surrounds the identities in a real estate; the pack must pass over it cheaply.
        const kinds = [
            (k) => add(undefined, "aws:s3/bucketV2:BucketV2", `${id}-bucket-${k}`, { bucket: `acme-${id}`, tags: { team: r.pick(TEAMS) } }, { arn: `arn:aws:s3:::acme-${id}` }),
            (k) => add(undefined, "aws:lambda/function:Function", `${id}-fn-${k}`, { runtime: "nodejs20.x", handler: "index.handler", memorySize: 256, environment: { variables: { STAGE: "prod", LOG_LEVEL: "info" } } }),
            (k) => add(undefined, "aws:ec2/securityGroup:SecurityGroup", `${id}-sg-${k}`, { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }] }),
            (k) => add(undefined, "gcp:storage/bucket:Bucket", `${id}-gcs-${k}`, { location: "EU", labels: { team: r.pick(TEAMS) } }),
            (k) => add(undefined, "azure-native:storage:StorageAccount", `${id}-st-${k}`, { resourceGroupName: "rg-data", kind: "StorageV2", sku: { name: "Standard_LRS" } }),
        ];
        for (let i = 0, n = 2 + r.int(3); i < n; i++) r.pick(kinds)(i);
    }
}

module.exports = { generateExport, rng, WORKLOADS };
