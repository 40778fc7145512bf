/** Runs the built CLI as a user would (`node bin/nhi-guard.js ...`) and captures what it prints. */
import { spawnSync } from "child_process";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "../..");
export const TINY_PACK = path.join(ROOT, "tests/fixtures/packs/tiny");
export const PROGRAMS = path.join(__dirname, "fixtures/programs");
export const EXPORTS = path.join(ROOT, "tests/fixtures/exports");

export interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

export function runCli(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): CliResult {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin/nhi-guard.js"), ...args], {
        cwd: ROOT,
        input: opts.input,
        env: { ...process.env, ...opts.env },
        encoding: "utf8",
        timeout: 60000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The gate's contract for failures: exactly one line on stderr, no stack trace. */
export function expectOneLine(stderr: string): string {
    const lines = stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(stderr).not.toMatch(/^\s+at /m);
    return lines[0];
}
