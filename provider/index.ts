/**
 * The nhi-guard component package: the entry point the Pulumi CLI runs for Python, Go, .NET, Java
 * and YAML programs (`pulumi package add`), and the source its schema is generated from.
 *
 * The CLI runs this folder through `@pulumi/pulumi/cmd/run-plugin`, which requires this module,
 * finds the component classes among its exports and hosts them with `componentProviderHost`: the
 * schema comes from the classes' TypeScript source (each `args` interface gives the inputs, each
 * public property an output), and `construct` runs the very constructors TypeScript programs use,
 * so validation, defaults and children are the same in every language. Run directly
 * (`node -r ts-node/register provider/index.ts <engine address>`), it hosts them itself.
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
