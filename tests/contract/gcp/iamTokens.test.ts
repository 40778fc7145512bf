/**
 * The IAM token list against the installed SDK: every `*IamMember`/`*IamBinding`/`*IamPolicy` type
 * (except `IamMemberRemove`, which grants nothing) is catalogued as a grant, and nothing else is.
 */
import * as fs from "fs";
import * as path from "path";
import { iamTypes } from "../../../contract/gcp/iamTokens";
import { lookup } from "../../../contract/catalogue";

function sdkIamTokens(): string[] {
    const root = path.dirname(require.resolve("@pulumi/gcp/package.json"));
    const tokens: string[] = [];
    for (const dir of fs.readdirSync(root, { withFileTypes: true })) {
        if (!dir.isDirectory() || dir.name === "types" || dir.name === "config" || dir.name === "node_modules") continue;
        for (const file of fs.readdirSync(path.join(root, dir.name))) {
            if (!file.endsWith(".js")) continue;
            const m = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(path.join(root, dir.name, file), "utf8"));
            if (m && /(?:Iam|IAM)(?:Member|Binding|Policy)$/.test(m[1])) tokens.push(m[1]);
        }
    }
    return tokens.sort();
}

describe("IAM tokens", () => {
    const sdk = sdkIamTokens();

    it("lists exactly the SDK's IAM member, binding and policy types, less IamMemberRemove", () => {
        expect(sdk.length).toBeGreaterThan(400);
        expect(iamTypes().map((t) => t.token).sort()).toEqual(sdk.filter((t) => !t.endsWith(":IamMemberRemove")));
    });

    it("catalogues each as a grant, whatever the case of its token", () => {
        for (const token of sdk.filter((t) => !t.endsWith(":IamMemberRemove"))) {
            expect(lookup(token)).toMatchObject({ cloud: "gcp", kind: "grant" });
            expect(lookup(token.toLowerCase())).toBeDefined();
        }
        expect(lookup("gcp:serviceAccount/iAMMember:IAMMember")).toMatchObject({ kind: "grant", label: "service account IAM member" });
        expect(lookup("gcp:projects/iamMemberRemove:IamMemberRemove")).toBeUndefined();
    });
});
