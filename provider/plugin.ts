/**
 * What the Pulumi CLI runs for this package: `@pulumi/pulumi/cmd/run-plugin` requires this folder's
 * `main` (bin/plugin.js, bundled from this file by `npm install`'s prepare step, see build.js) and
 * this module starts the provider's gRPC server, printing its port. It exports no component class,
 * so run-plugin does not start a second, source-analysing host of its own.
 */
import * as fs from "fs";
import * as path from "path";
import { main } from "@pulumi/pulumi/provider";
import { PackagedComponentProvider } from "./host";
import { COMPONENTS, PACKAGE_NAME } from "./index";

// bin/plugin.js -> provider/schema.json
const schemaPath = path.join(__dirname, "..", "schema.json");

try {
    const provider = new PackagedComponentProvider(PACKAGE_NAME, fs.readFileSync(schemaPath, "utf8"), COMPONENTS);
    main(provider, process.argv.slice(2)).catch((err: unknown) => {
        console.error(`nhi-guard provider: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
    });
} catch (err) {
    console.error(`nhi-guard provider: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
}
