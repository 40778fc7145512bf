/** `nhi-guard preview [dir]`: a Pulumi program, run offline, as the pack would see it under `pulumi preview`. */
import { GateInput } from "../gate";
import { ModelledResource, isProviderType, modelRegistrations, previewOutputs } from "./engineModel";
import { PulumiProject, StackConfig, programEntryFile, readProject, readStackConfig } from "./project";
import { RunOptions, runProgram } from "./runProgram";

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

/** `opts` may be just the stack name (as the bench and inventory call it): then it counts as given. */
export function planPreview(dir: string, options: PreviewOptions | string = {}): PreviewPlan {
    const opts: PreviewOptions = typeof options === "string" ? { stack: options } : options;
    const project = readProject(dir);
    const stack = opts.stack ?? "dev";
    const stackConfig = readStackConfig(project, stack, opts.stack !== undefined);
    return { project: project.name, stack, config: stackConfig.config, run: () => previewInput(project, stack, stackConfig, opts) };
}

/**
 * Which resources' inputs rest on modelled outputs: those that depend (dependencies or property
 * dependencies, as the SDK recorded them) on a custom resource whose outputs the deployment view
 * modelled. A finding on them may change once the real values exist, and the report says so.
 */
export function modelledDependencies(resources: ModelledResource[]): Record<string, string[]> {
    const modelled = new Set(resources.filter((r) => r.deployed && !isProviderType(r.type)).map((r) => r.urn));
    const out: Record<string, string[]> = {};
    for (const r of resources) {
        const deps = new Set([...(r.dependencies ?? []), ...Object.values(r.propertyDependencies ?? {}).flat()]);
        const on = [...deps].filter((u) => u !== r.urn && modelled.has(u));
        if (on.length) out[r.urn] = on;
    }
    return out;
}

async function previewInput(project: PulumiProject, stack: string, stackConfig: StackConfig, opts: RunOptions): Promise<GateInput> {
    const { registrations } = await runProgram(project, stack, stackConfig, opts);
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
    const restsOn = modelledDependencies(resources);
    if (Object.keys(restsOn).length) {
        notes.push(
            `${Object.keys(restsOn).length} resource${Object.keys(restsOn).length === 1 ? "" : "s"} rest on modelled outputs of resources created in this program ` +
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
    };
}
