/**
 * The nhi-guard component package: the components Python, Go, .NET, Java and YAML programs use
 * (`pulumi package add`), and the source their schema is generated from.
 *
 * The schema comes from the classes' TypeScript source (each `args` interface gives the inputs,
 * each public property an output): `npm run schema` runs Pulumi's analysis on this module and
 * checks the result in as schema.json. The installed plugin runs plugin.ts, bundled from this
 * module by build.js, which serves that file and constructs with these very classes, so
 * validation, defaults and children are the same in every language. Run directly
 * (`node -r ts-node/register provider/index.ts <engine address>`), this module hosts them itself,
 * analysing the source on the first GetSchema.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { AwsAiToolIdentity } from "../components/aws/aiToolIdentity";
import { AzureAiToolIdentity } from "../components/azure/aiToolIdentity";
import { GcpAiToolIdentity } from "../components/gcp/aiToolIdentity";
import { GithubAiToolEnvironment } from "../components/github/aiToolEnvironment";

export { AwsAiToolIdentity, AzureAiToolIdentity, GcpAiToolIdentity, GithubAiToolEnvironment };

/** The package's name: the first part of every type token (`nhi-guard:index:AwsAiToolIdentity`). */
export const PACKAGE_NAME = "nhi-guard";

/** Every component the package serves; the schema and `construct` key them by class name. */
export const COMPONENTS = [AwsAiToolIdentity, GcpAiToolIdentity, AzureAiToolIdentity, GithubAiToolEnvironment];

if (require.main === module) {
    componentProviderHost({ name: PACKAGE_NAME, dirname: __dirname, components: COMPONENTS }).catch((err) => {
        console.error(err instanceof Error ? err.message : String(err));
        process.exit(1);
    });
}
