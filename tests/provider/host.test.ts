/**
 * The provider the plugin serves refuses to start when the checked-in schema and the bundled
 * components disagree (a Python program would otherwise be offered a component the plugin cannot
 * make, or the plugin would make one the SDKs do not know), and serves the schema as checked in.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { PackagedComponentProvider } from "../../provider/host";

const SCHEMA_TEXT = fs.readFileSync(path.join(__dirname, "../../provider/schema.json"), "utf8");

class AwsAiToolIdentity extends pulumi.ComponentResource {}
class GcpAiToolIdentity extends pulumi.ComponentResource {}
class AzureAiToolIdentity extends pulumi.ComponentResource {}
class GithubAiToolEnvironment extends pulumi.ComponentResource {}
class ExtraTool extends pulumi.ComponentResource {}
const ALL = [AwsAiToolIdentity, GcpAiToolIdentity, AzureAiToolIdentity, GithubAiToolEnvironment];

describe("PackagedComponentProvider", () => {
    it("serves the checked-in schema and its version", () => {
        const provider = new PackagedComponentProvider("nhi-guard", SCHEMA_TEXT, ALL);
        expect(JSON.parse(provider.schema)).toEqual(JSON.parse(SCHEMA_TEXT));
        expect(provider.version).toBe(JSON.parse(SCHEMA_TEXT).version);
    });

    it("refuses a schema listing a component the bundle lacks", () => {
        expect(() => new PackagedComponentProvider("nhi-guard", SCHEMA_TEXT, [AwsAiToolIdentity, GcpAiToolIdentity, AzureAiToolIdentity])).toThrow(
            "provider/schema.json does not match the components (no class for nhi-guard:index:GithubAiToolEnvironment): run `npm run schema`",
        );
    });

    it("refuses a component the schema does not list", () => {
        expect(() => new PackagedComponentProvider("nhi-guard", SCHEMA_TEXT, [...ALL, ExtraTool])).toThrow("(ExtraTool not in the schema)");
    });

    it("refuses, at construct, a type outside the schema", async () => {
        const provider = new PackagedComponentProvider("nhi-guard", SCHEMA_TEXT, ALL);
        await expect(provider.construct("x", "nhi-guard:index:ExtraTool", {}, {})).rejects.toThrow("unknown resource type `nhi-guard:index:ExtraTool`");
    });
});
