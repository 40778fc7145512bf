/**
 * `--data-source TOKEN=FILE.json` (repeatable): the result a data source should return in the
 * preview, for values only the cloud has (`aws:ec2/getVpc:getVpc=vpc.json`) or to pin the account
 * context (`aws:index/getCallerIdentity:getCallerIdentity=caller.json` with `{"accountId": "..."}`).
 * The file holds one JSON object with the result's fields (the SDK's names, as in `GetVpcResult`);
 * fields it leaves out are computed where the gate models the data source, unknown otherwise.
 */
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../../errors";
import { DataSourceOverrides } from "./accountContext";

/** `package:module:function`, as the SDK's `.js` passes it to `pulumi.runtime.invoke`. */
const TOKEN = /^[a-z][a-z0-9-]*:[A-Za-z0-9_./-]*:[A-Za-z_][A-Za-z0-9_]*$/;

export function parseDataSourceOverrides(specs: readonly string[] | undefined, cwd = process.cwd()): DataSourceOverrides {
    const out: Record<string, Record<string, unknown>> = {};
    for (const spec of specs ?? []) {
        // The token itself holds colons, so the last `=` separates it from the file.
        const eq = spec.lastIndexOf("=");
        const token = eq > 0 ? spec.slice(0, eq).trim() : "";
        const file = eq > 0 ? spec.slice(eq + 1).trim() : "";
        if (!token || !file) {
            throw new InputError(`\`--data-source\` needs TOKEN=FILE.json, got \`${spec}\`: e.g. \`--data-source aws:ec2/getVpc:getVpc=vpc.json\``);
        }
        if (!TOKEN.test(token)) {
            throw new InputError(`\`--data-source\` token \`${token}\` is not an invoke token: write it as the SDK does, e.g. \`aws:index/getCallerIdentity:getCallerIdentity\``);
        }
        if (out[token]) throw new InputError(`\`--data-source\` gives \`${token}\` twice: keep one`);
        const full = path.resolve(cwd, file);
        let text: string;
        try {
            text = fs.readFileSync(full, "utf8");
        } catch (e: any) {
            throw new InputError(`\`--data-source ${token}\`: cannot read \`${file}\`: ${e.code === "ENOENT" ? "no such file" : e.message}`);
        }
        let value: unknown;
        try {
            value = JSON.parse(text);
        } catch (e: any) {
            throw new InputError(`\`--data-source ${token}\`: \`${file}\` is not valid JSON (${e.message}): it must hold one object of result fields`);
        }
        if (!value || typeof value !== "object" || Array.isArray(value)) {
            throw new InputError(`\`--data-source ${token}\`: \`${file}\` must hold one JSON object of result fields, e.g. {"accountId": "111122223333"}`);
        }
        out[token] = value as Record<string, unknown>;
    }
    return out;
}
