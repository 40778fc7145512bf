/** `nhi-guard preview [dir]`: a Pulumi program, run offline, as the pack would see it under `pulumi preview`. */
import { GateInput } from "../gate";
import { modelRegistrations, previewOutputs } from "./engineModel";
import { readProject, readStackConfig } from "./project";
import { runProgram } from "./runProgram";

export interface PreviewPlan {
    input: GateInput;
    /** Stack config for the pack's `PULUMI_CONFIG`. */
    config: Record<string, string>;
}

export async function planPreview(dir: string, stack: string): Promise<PreviewPlan> {
    const project = readProject(dir);
    const stackConfig = readStackConfig(project, stack);
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
        input: {
            command: "preview",
            project: project.name,
            stack,
            analyze: resources,
            analyzeStack: resources.map(previewOutputs),
            notes,
        },
        config: stackConfig.config,
    };
}
