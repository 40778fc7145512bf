/**
 * Inputs as another language's SDK sends them to `construct`, and the provider the Pulumi CLI
 * hosts, for in-process tests of the multi-language package (no gRPC server, no CLI).
 *
 * A Python, Go, .NET, Java or YAML program serialises a component's arguments to a protobuf
 * `Struct`: plain JSON values, with secrets, unknowns and Outputs as wire markers. The provider
 * host deserialises them with `deserializeInputs` (the code `Construct` runs) and calls
 * `construct` of the provider the plugin serves (provider/host.ts); these helpers do exactly that.
 */
import * as fs from "fs";
import * as path from "path";
import type { PackagedComponentProvider } from "../../provider/host";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The engine's unknown sentinel: a value not known until the update. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A secret in the older wire form (a signature object); the host pushes its secretness up to the top-level argument. */
export function secretMarker(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * An Output value, as SDKs send Outputs to `construct` when the engine keeps output values (current
 * CLIs do): known or unknown, secret or not, with the URNs of the resources it came from.
 */
export function outputMarker(options: { value?: unknown; secret?: boolean; dependencies?: string[] }): Record<string, unknown> {
    return {
        [SIG_KEY]: OUTPUT_VALUE_SIG,
        ...(options.value !== undefined ? { value: options.value } : {}),
        ...(options.secret ? { secret: true } : {}),
        ...(options.dependencies ? { dependencies: options.dependencies } : {}),
    };
}

/**
 * Runs `construct` as the host does for a request carrying `wireInputs` (JSON with markers) and,
 * per top-level argument, the URNs it depends on.
 */
export async function constructFromWire(
    provider: PackagedComponentProvider,
    type: string,
    name: string,
    wireInputs: Record<string, unknown>,
    inputDependencies: Record<string, string[]> = {},
): Promise<{ urn: any; state: Record<string, any> }> {
    const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
    const { deserializeInputs } = require("@pulumi/pulumi/provider/server");
    const struct = Struct.fromJavaScript(JSON.parse(JSON.stringify(wireInputs)));
    const dependencies = new Map(Object.entries(inputDependencies).map(([key, urns]) => [key, { getUrnsList: () => urns }]));
    const inputs = await deserializeInputs(struct, dependencies);
    return provider.construct(name, type, inputs, {});
}

/** The checked-in schema (`npm run schema`); `schema.test.ts` fails when it is stale. */
export function checkedInSchema(): any {
    return JSON.parse(fs.readFileSync(path.join(__dirname, "../../provider/schema.json"), "utf8"));
}

/**
 * The provider the plugin serves (provider/plugin.ts): the checked-in schema, which
 * `schema.test.ts` proves equal to a fresh analysis of the TypeScript source, and the component
 * classes. `construct` reads only each component's output names from the schema.
 */
export function hostedProvider(): PackagedComponentProvider {
    const { PackagedComponentProvider } = require("../../provider/host");
    const { COMPONENTS, PACKAGE_NAME } = require("../../provider/index");
    return new PackagedComponentProvider(PACKAGE_NAME, fs.readFileSync(path.join(__dirname, "../../provider/schema.json"), "utf8"), COMPONENTS);
}

export interface ChildView {
    type: string;
    name: string;
    inputs: unknown;
    secretInputs: string[];
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

/**
 * A component's children with its own name replaced by `<name>` everywhere (child names, inputs
 * that derive from it, dependencies), so a component built from TypeScript and one built through
 * `construct` under another name compare equal when they made the same resources.
 */
export function childrenOf(registrations: { type: string; name: string; parent?: string; inputs: unknown; secretInputs: string[]; dependencies: string[]; propertyDependencies: Record<string, string[]> }[], componentName: string): ChildView[] {
    const swap = (value: unknown) => JSON.parse(JSON.stringify(value).split(componentName).join("<name>"));
    return registrations
        .filter((r) => r.parent === componentName)
        .map((r) => ({
            type: r.type,
            name: swap(r.name),
            inputs: swap(r.inputs),
            secretInputs: r.secretInputs,
            dependencies: swap(r.dependencies),
            propertyDependencies: swap(r.propertyDependencies),
        }))
        .sort((a, b) => `${a.type}|${a.name}`.localeCompare(`${b.type}|${b.name}`));
}
