/**
 * The program runs as the Node.js language host runs it: from the project folder (restored
 * afterwards), with the organization `pulumi.getOrganization()` returns.
 */
import * as path from "path";
import { readProject, readStackConfig } from "../../cli/preview/project";
import { runProgram } from "../../cli/preview/runProgram";
import { Registration } from "../../cli/preview/engineModel";

const dir = path.join(__dirname, "fixtures/programs/org-cwd");

describe("a program that reads ./settings.json and calls getOrganization()", () => {
    const cwd = process.cwd();
    let registrations: Registration[];
    beforeAll(async () => {
        const project = readProject(dir);
        ({ registrations } = await runProgram(project, "dev", readStackConfig(project, "dev"), { organization: "acme-corp" }));
    });

    it("runs in the project folder and gets the organization it was given", () => {
        const thing = registrations.find((r) => r.type === "test:index:Thing");
        expect(thing?.name).toBe("acme-corp-thing");
        expect(thing?.inputs).toMatchObject({ owner: "platform-team", cwd: dir });
    });

    it("gives the gate its working directory back", () => {
        expect(process.cwd()).toBe(cwd);
    });

    it("models the outputs of a resource of a package it does not know: an id, inputs echoed", () => {
        const thing = registrations.find((r) => r.type === "test:index:Thing");
        expect(thing?.deployed?.id).toMatch(/^acme-corp-thing-[0-9a-f]{10}$/);
        expect(thing?.deployed?.outputs).toEqual({});
    });
});
