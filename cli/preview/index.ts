/** `nhi-guard preview [dir]`: a Pulumi program, run offline, as the pack would see it under `pulumi preview`. */
import { GateInput } from "../gate";
import { modelRegistrations, previewOutputs } from "./engineModel";
import { PulumiProject, StackConfig, programEntryFile, readProject, readStackConfig } from "./project";
import { runProgram } from "./runProgram";

export interface PreviewPlan {
    project: string;
    stack: string;
    /** Stack config for the pack's `PULUMI_CONFIG`. */
    config: Record<string, string>;
    /** Runs the program; the project files are read (and checked) before this starts. */
    run(): Promise<GateInput>;
}

export function planPreview(dir: string, stack: string): PreviewPlan {
    const project = readProject(dir);
    const stackConfig = readStackConfig(project, stack);
    return { project: project.name, stack, config: stackConfig.config, run: () => previewInput(project, stack, stackConfig) };
}

async function previewInput(project: PulumiProject, stack: string, stackConfig: StackConfig): Promise<GateInput> {
    const { registrations } = await runProgram(project, stack, stackConfig);
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
    return {
        command: "preview",
        project: project.name,
        stack,
        analyze: resources,
        analyzeStack: resources.map(previewOutputs),
        notes,
        source: { kind: "program", file: programEntryFile(project) },
    };
}
