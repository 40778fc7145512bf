/** `nhi-guard preview [dir]`: a Pulumi program, run offline, as the pack would see it under `pulumi preview`. */
import { GateInput } from "../gate";
import { ModelledResource, isProviderType, modelRegistrations, previewOutputs } from "./engineModel";
import { PulumiProject, StackConfig, programEntryFile, readProject, readStackConfig } from "./project";
import { RunOptions, runProgram } from "./runProgram";
import { previewLocations } from "./sourceLocations";

export interface PreviewOptions extends RunOptions {
    /** The stack to preview; `dev` when not given. */
    stack?: string;
}

export interface PreviewPlan {
    project: string;
    stack: string;
    /** Stack config for the pack's `PULUMI_CONFIG`. */
    config: Record<string, string>;
    /** Runs the program; the project files are read (and checked) before this starts. */
    run(): Promise<GateInput>;
}

/** `opts` may be just the stack name (as the bench calls it): then it counts as given. */
export function planPreview(dir: string, options: PreviewOptions | string = {}): PreviewPlan {
    const opts: PreviewOptions = typeof options === "string" ? { stack: options } : options;
    const project = readProject(dir);
    const stack = opts.stack ?? "dev";
    const stackConfig = readStackConfig(project, stack, opts.stack !== undefined);
    return { project: project.name, stack, config: stackConfig.config, run: () => previewInput(project, stack, stackConfig, opts) };
}

/**
 * Which resources' inputs rest on modelled outputs: those that depend (property dependencies, or
 * plain dependencies, as the SDK recorded them) on a custom resource of this program and whose
 * inputs contain one of the values the deployment view modelled for it. An output the provider
 * only echoes (a role's given `name`) is the author's own value and does not count.
 */
export function modelledDependencies(resources: ModelledResource[]): Record<string, string[]> {
    const modelledValues = new Map<string, string[]>();
    for (const r of resources) {
        if (!r.deployed || isProviderType(r.type)) continue;
        const given = new Set(Object.values(r.props ?? {}).filter((v) => typeof v === "string"));
        const values = [...Object.values(r.deployed.outputs), ...(given.has(r.deployed.id) ? [] : [r.deployed.id])]
            .filter((v) => typeof v === "string" || typeof v === "number")
            .map(String)
            // Short values (a version "1", a state "ACTIVE") would match by accident.
            .filter((v) => v.length >= 8);
        if (values.length) modelledValues.set(r.urn, values);
    }
    const out: Record<string, string[]> = {};
    for (const r of resources) {
        const on = new Set<string>();
        const check = (dep: string, value: unknown) => {
            const values = dep !== r.urn ? modelledValues.get(dep) : undefined;
            if (!values) return;
            const text = JSON.stringify(value) ?? "";
            if (values.some((v) => text.includes(v))) on.add(dep);
        };
        for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) for (const d of deps) check(d, r.props?.[key]);
        for (const d of r.dependencies ?? []) if (!on.has(d)) check(d, r.props);
        if (on.size) out[r.urn] = [...on];
    }
    return out;
}

async function previewInput(project: PulumiProject, stack: string, stackConfig: StackConfig, opts: RunOptions): Promise<GateInput> {
    const { registrations, dataSourceNotes } = await runProgram(project, stack, stackConfig, opts);
    const resources = modelRegistrations(registrations, {
        project: project.name,
        stack,
        config: stackConfig.config,
        secretKeys: stackConfig.secretKeys,
    });
    const notes = stackConfig.unreadableSecretKeys.length
        ? [
              `secure config ${stackConfig.unreadableSecretKeys.map((k) => `\`${k}\``).join(", ")} could not be decrypted offline: ` +
                  "the program and the pack saw a non-empty placeholder in its place",
          ]
        : [];
    notes.push(...stackConfig.notes);
    notes.push(...dataSourceNotes);
    const restsOn = modelledDependencies(resources);
    if (Object.keys(restsOn).length) {
        notes.push(
            `${Object.keys(restsOn).length} resource${Object.keys(restsOn).length === 1 ? " rests" : "s rest"} on modelled outputs of resources created in this program ` +
                "(ARNs, ids, names as the deployment would have them, not the real values): findings on them say so; `--literal` shows what `pulumi preview` sees instead",
        );
    }
    return {
        command: "preview",
        project: project.name,
        stack,
        analyze: resources,
        analyzeStack: resources.map(previewOutputs),
        notes,
        restsOn,
        source: { kind: "program", file: programEntryFile(project) },
        ...previewLocations(resources),
    };
}
