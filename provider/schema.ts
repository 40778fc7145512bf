/**
 * The package schema, generated from the components' TypeScript source exactly as the Pulumi CLI
 * gets it (`GetSchema` on the provider `componentProviderHost` serves), without starting a server.
 *
 *   npm run schema           rewrites provider/schema.json
 *   npm run schema -- --check  fails when provider/schema.json is stale
 *
 * The schema is checked in so that a change to a component's arguments or outputs shows up in
 * review as a change to what Python, Go, .NET, Java and YAML programs see.
 */
import * as fs from "fs";
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { COMPONENTS, PACKAGE_NAME } from "./index";

export const SCHEMA_PATH = path.join(__dirname, "schema.json");
export const REGENERATE_COMMAND = "npm run schema";

/** The provider `componentProviderHost` would build for this folder. */
export function componentProvider(): ComponentProvider {
    return new ComponentProvider({ name: PACKAGE_NAME, dirname: __dirname, components: COMPONENTS });
}

/** The schema as `GetSchema` returns it, formatted as the checked-in file. */
export async function generateSchemaText(provider: ComponentProvider = componentProvider()): Promise<string> {
    return JSON.stringify(JSON.parse(await provider.getSchema()), null, 2) + "\n";
}

async function main(args: string[]): Promise<number> {
    const generated = await generateSchemaText();
    if (args.includes("--check")) {
        const current = fs.existsSync(SCHEMA_PATH) ? fs.readFileSync(SCHEMA_PATH, "utf8") : "";
        if (current === generated) return 0;
        console.error(`${path.relative(process.cwd(), SCHEMA_PATH)} is stale; run \`${REGENERATE_COMMAND}\``);
        return 1;
    }
    fs.writeFileSync(SCHEMA_PATH, generated);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_PATH)}`);
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err) => {
            console.error(err instanceof Error ? err.message : String(err));
            process.exit(2);
        },
    );
}
