/** Runs an example program under mocks with the config its stack would give it. */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockEstate } from "../../helpers/mocks";

export const REPO = path.resolve(__dirname, "../../..");

/** Config as the Pulumi CLI would pass it: project defaults from `Pulumi.yaml`, then the stack file. */
export function stackConfig(projectDir: string, projectName: string, stackFile?: string): Record<string, string> {
    const config: Record<string, string> = {};
    const project = yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as any;
    for (const [key, spec] of Object.entries<any>(project.config ?? {})) {
        if (spec && typeof spec === "object" && "default" in spec) config[key.includes(":") ? key : `${projectName}:${key}`] = String(spec.default);
    }
    if (stackFile) {
        const stack = yaml.load(fs.readFileSync(path.join(projectDir, stackFile), "utf8")) as any;
        for (const [key, value] of Object.entries<any>(stack.config ?? {})) config[key.includes(":") ? key : `${projectName}:${key}`] = String(value);
    }
    return config;
}

/** Installs preview-mode mocks (as the gate runs programs), sets the config and runs the program's `main`. */
export async function runExample(projectDir: string, stackFile?: string): Promise<MockEstate> {
    const project = yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as any;
    const estate = await installMocks({ preview: true, project: project.name, stack: "dev" });
    for (const [key, value] of Object.entries(stackConfig(projectDir, project.name, stackFile))) pulumi.runtime.setConfig(key, value);
    require(path.resolve(projectDir, project.main));
    await estate.settled();
    return estate;
}
