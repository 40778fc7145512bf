/**
 * The provider the installed plugin serves: the checked-in schema (provider/schema.json) for
 * `GetSchema`, and the components' own constructors for `Construct`.
 *
 * `componentProviderHost` would instead analyse the components' TypeScript source with the
 * TypeScript compiler on the first `GetSchema` (about 15 s here, and it needs the sources, their
 * types and a compiler next to the plugin). The checked-in schema is that analysis's output, kept
 * equal to it by tests/provider/schema.test.ts, so the plugin can run as plain JavaScript from
 * any folder. `construct` does what `ComponentProvider.construct` does: new the class, return its
 * URN and the outputs the schema lists.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ConstructResult, Provider } from "@pulumi/pulumi/provider";

type ComponentClass = new (name: string, args: any, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;

export class PackagedComponentProvider implements Provider {
    readonly version: string;
    readonly schema: string;
    private readonly classes = new Map<string, ComponentClass>();
    private readonly outputs = new Map<string, string[]>();

    /**
     * @param schemaText provider/schema.json as checked in.
     * @param components the classes the schema was generated from, keyed by class name as the schema's tokens are.
     */
    constructor(readonly name: string, schemaText: string, components: readonly ComponentClass[]) {
        const schema = JSON.parse(schemaText);
        this.schema = JSON.stringify(schema);
        this.version = schema.version;
        const byName = new Map(components.map((c) => [c.name, c]));
        const tokens = Object.keys(schema.resources ?? {});
        // A schema and a bundle that disagree would create resources other languages cannot see,
        // or advertise ones the plugin cannot make: refuse to start instead.
        const unserved = tokens.filter((t) => !byName.has(t.split(":")[2]));
        const unlisted = [...byName.keys()].filter((n) => !tokens.includes(`${name}:index:${n}`));
        if (unserved.length || unlisted.length) {
            throw new Error(`provider/schema.json does not match the components (${[...unserved.map((t) => `no class for ${t}`), ...unlisted.map((n) => `${n} not in the schema`)].join("; ")}): run \`npm run schema\``);
        }
        for (const token of tokens) {
            this.classes.set(token, byName.get(token.split(":")[2])!);
            this.outputs.set(token, Object.keys(schema.resources[token].properties ?? {}));
        }
    }

    async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
        const component = this.classes.get(type);
        if (!component) throw new Error(`unknown resource type \`${type}\`: this package serves ${[...this.classes.keys()].join(", ")}`);
        const instance: any = new component(name, inputs, options);
        const state: Record<string, unknown> = {};
        for (const key of this.outputs.get(type)!) state[key] = instance[key];
        return { urn: instance.urn, state };
    }
}
