/**
 * The library build's check on the shipped declaration files (scripts/build.js), on a fake dist:
 * a consumer compiles these without `skipLibCheck`, so zod's types (which fail under Pulumi's
 * template tsconfig) must be reachable from no entry point, and no cloud SDK's types from the root
 * one (a project with `@pulumi/gcp` alone would fail on `Cannot find module '@pulumi/aws'`).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const { shippedTypeProblems } = require("../../scripts/build");

let dist: string;

function write(files: Record<string, string>): string {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), "nhi-guard-dts-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dist, name)), { recursive: true });
        fs.writeFileSync(path.join(dist, name), text);
    }
    return dist;
}

afterEach(() => fs.rmSync(dist, { recursive: true, force: true }));

/** A dist shaped like ours, with `extra` overriding or adding files. */
function distWith(extra: Record<string, string>): string {
    return write({
        "components/index.d.ts": `import type * as Aws from "./aws";\nexport * as contract from "../contract";\nexport declare const aws: typeof Aws;\n`,
        "components/aws/index.d.ts": `export { AwsAiToolIdentity } from "./aiToolIdentity";\nexport { githubSubject } from "./oidc";\n`,
        "components/aws/aiToolIdentity.d.ts": `import * as pulumi from "@pulumi/pulumi";\nexport declare class AwsAiToolIdentity extends pulumi.ComponentResource {}\n`,
        "components/aws/oidc.d.ts": `export declare function githubSubject(r: string, e: string): string;\n`,
        "components/aws/policyDocuments.d.ts": `import type * as aws from "@pulumi/aws";\nexport type Doc = aws.types.input.iam.PolicyDocument;\n`,
        "components/gcp/index.d.ts": `export {};\n`,
        "components/azure/index.d.ts": `export {};\n`,
        "components/github/index.d.ts": `export {};\n`,
        "contract/index.d.ts": `export * from "./declaration";\n`,
        "contract/declaration.d.ts": `export interface Declaration { tool: string }\n`,
        ...extra,
    });
}

describe("shippedTypeProblems", () => {
    it("accepts our layout: a cloud SDK's types only behind that cloud's own entry point, not reachable from the root", () => {
        expect(shippedTypeProblems(distWith({}))).toEqual([]);
    });

    it("names a zod import anywhere under an entry point, in any import form", () => {
        const problems = shippedTypeProblems(
            distWith({
                "contract/declaration.d.ts": `import { z } from "zod";\nexport declare const S: z.ZodObject<{}>;\nexport type T = import("zod/v4/core").$strict;\n`,
            }),
        );
        expect(problems).toEqual(["contract/declaration.d.ts imports zod", "contract/declaration.d.ts imports zod/v4/core"]);
    });

    it("names a cloud SDK's types reachable from the root entry point", () => {
        const problems = shippedTypeProblems(distWith({ "components/aws/index.d.ts": `export { AwsAiToolIdentity } from "./aiToolIdentity";\nexport { Doc } from "./policyDocuments";\n` }));
        expect(problems).toEqual(["components/aws/policyDocuments.d.ts imports @pulumi/aws (reachable from the root entry point, which must compile without that SDK installed)"]);
    });

    it("fails on a relative import with no declaration file (the consumer's tsc would too)", () => {
        expect(() => shippedTypeProblems(distWith({ "components/gcp/index.d.ts": `export * from "./missing";\n` }))).toThrow("components/gcp/index.d.ts imports ./missing, which has no declaration file");
    });
});
