/**
 * A user's Pulumi project as Pulumi's TypeScript template makes it (github.com/pulumi/templates,
 * `aws-typescript/`): its package.json and tsconfig.json, with nhi-guard added and AWS the only
 * cloud. The program is written here rather than as .ts files in the tree because it imports
 * `nhi-guard` by its package name, which only resolves once the tarball is installed.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "../..");

/** The version our lock file installs, so the user's project resolves from the npm cache `npm ci` filled. */
export function lockedVersion(name: string): string {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    const version = lock.packages?.[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`package-lock.json has no ${name}`);
    return version;
}

/**
 * The template's tsconfig.json (templates commit 81e65225, March 2026: `nodenext`), verbatim: no
 * `esModuleInterop`, no `skipLibCheck`, so every shipped declaration file is compiled.
 */
export const TEMPLATE_TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "nodenext",
        moduleResolution: "nodenext",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

/**
 * The template's tsconfig.json before that (a3029400, April 2024 to March 2026), which projects
 * made from it still have: `commonjs` with `moduleResolution: node`, which ignores package.json
 * `exports` (the per-cloud entry points' types come from `typesVersions`).
 */
export const EARLIER_TEMPLATE_TSCONFIG = {
    ...TEMPLATE_TSCONFIG,
    compilerOptions: { ...TEMPLATE_TSCONFIG.compilerOptions, module: "commonjs", moduleResolution: "node" },
};

/** The template's package.json, with the tarball added; without `typescript` when `pinTypescript` is false. */
export function templatePackageJson(name: string, tarball: string, pinTypescript: boolean): object {
    return {
        name,
        main: "index.ts",
        devDependencies: { "@types/node": "^18", ...(pinTypescript ? { typescript: "^5.0.0" } : {}) },
        dependencies: {
            "@pulumi/aws": lockedVersion("@pulumi/aws"),
            "@pulumi/pulumi": lockedVersion("@pulumi/pulumi"),
            "nhi-guard": `file:${tarball}`,
        },
    };
}

/** A compliant AWS program over three modules: the root namespace, the per-cloud entry point and the contract's types. */
const FILES: Record<string, string> = {
    "Pulumi.yaml": "name: adoption\nruntime: nodejs\ndescription: An AI reviewer's AWS identity\n",
    "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n  adoption:accountId: \"123456789012\"\n",
    "index.ts": `import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as nhi from "nhi-guard";
import { reviewerArgs, withReadOf } from "./identities";

const config = new pulumi.Config();
const repository = config.get("repository") ?? "acme/app";
const accountId = config.require("accountId");

new aws.iam.OpenIdConnectProvider("github", {
    url: \`https://\${nhi.aws.GITHUB_OIDC_HOST}\`,
    clientIdLists: [nhi.aws.STS_AUDIENCE],
});
// Written out, not the provider's \`arn\` output: the trust must be known at preview to be verified.
const oidcProviderArn = \`arn:aws:iam::\${accountId}:oidc-provider/\${nhi.aws.GITHUB_OIDC_HOST}\`;

const buckets = ["code", "docs"].map((name) => new aws.s3.Bucket(name, { bucket: \`acme-\${name}\` }));

// The namespace form: nhi.aws.<Class> and nhi.aws.<Args> as a type.
const args: nhi.aws.AiToolIdentityArgs = withReadOf(reviewerArgs(repository, oidcProviderArn), ["arn:aws:s3:::acme-code/*", "arn:aws:s3:::acme-docs/*"]);
const reviewer = new nhi.aws.AiToolIdentity("pr-reviewer", args, { dependsOn: buckets });

export const roleArn = reviewer.roleArn;
export const bucketArns = buckets.map((b) => b.arn);
export const subject = pulumi.interpolate\`\${repository}\`.apply((r) => nhi.aws.githubSubject(r, "ai-review"));
`,
    "identities.ts": `import { AiToolIdentityArgs } from "nhi-guard/aws";
import type { Declaration } from "nhi-guard/contract";
import { daysFromNow } from "nhi-guard";

const access: Declaration["access"] = "read";

/** The team's defaults for a read-only reviewer trusted from one GitHub environment. */
export function reviewerArgs(repository: string, oidcProviderArn: string): AiToolIdentityArgs {
    return {
        tool: "claude-code",
        owner: "platform-team",
        purpose: "Reviews pull requests and comments on them",
        expiresAt: daysFromNow(60),
        access,
        trust: { githubActions: { repository, environment: "ai-review" } },
        githubOidcProviderArn: oidcProviderArn,
        grants: [],
    };
}

export function withReadOf(args: AiToolIdentityArgs, resources: string[]): AiToolIdentityArgs {
    return { ...args, grants: [...(args.grants ?? []), { name: "read-objects", actions: ["s3:GetObject"], resources }] };
}
`,
};

/** A second program in the same install: a static access key for a CI user, which the gate must block. */
const NONCOMPLIANT: Record<string, string> = {
    "Pulumi.yaml": "name: adoption-keys\nruntime: nodejs\n",
    "index.ts": `import * as aws from "@pulumi/aws";

const deployer = new aws.iam.User("ci-deployer", { tags: { "nhi:tool": "claude-code" } });
export const keyId = new aws.iam.AccessKey("ci-deployer-key", { user: deployer.name }).id;
`,
};

function writeAll(dir: string, files: Record<string, string>): void {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

/** Writes the project (package.json, both tsconfigs, the program, `noncompliant/`) into `dir`. */
export function writeProject(dir: string, tarball: string, pinTypescript: boolean): void {
    writeAll(dir, FILES);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(templatePackageJson(path.basename(dir), tarball, pinTypescript), null, 4) + "\n");
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 4) + "\n");
    fs.writeFileSync(path.join(dir, "tsconfig.earlier.json"), JSON.stringify(EARLIER_TEMPLATE_TSCONFIG, null, 4) + "\n");
    writeAll(path.join(dir, "noncompliant"), NONCOMPLIANT);
}
