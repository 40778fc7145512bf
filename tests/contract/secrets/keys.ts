/**
 * Credentials in each vendor's documented format, random every run, for tests. The alphabet has no
 * vowels and no x, so a random body never spells a placeholder word (`example`, `xxxxx`, `your`).
 */
import { randomBytes } from "crypto";

const ALNUM = "bcdfghjklmnpqrstvwzBCDFGHJKLMNPQRSTVWZ0123456789";
const UPPER32 = "BCDFGHJKLMNPQRSTVWZ234567";
const HEX = "0123456789abcdef";
const B64 = ALNUM + "+/";

export function rand(n: number, alphabet = ALNUM): string {
    const b = randomBytes(n);
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[b[i] % alphabet.length];
    return s;
}

/** kind (as the pack names it) -> a fresh credential of that kind. */
export const KEYS: Record<string, () => string> = {
    "AWS access key ID": () => `AKIA${rand(16, UPPER32)}`,
    "GitHub personal access token": () => `ghp_${rand(36)}`,
    "GitHub OAuth token": () => `gho_${rand(36)}`,
    "GitHub app token": () => `ghs_${rand(36)}`,
    "GitHub refresh token": () => `ghr_${rand(36)}`,
    "GitHub fine-grained personal access token": () => `github_pat_${rand(22)}_${rand(59)}`,
    "GitLab personal access token": () => `glpat-${rand(20)}`,
    "Slack bot token": () => `xoxb-${rand(12, "0123456789")}-${rand(13, "0123456789")}-${rand(24)}`,
    "Google API key": () => `AIza${rand(35)}`,
    "signed JWT": () =>
        `${Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify({ sub: rand(12), iat: 1700000000 })).toString("base64url")}.${rand(43)}`,
    "Anthropic API key": () => `sk-ant-api03-${rand(93)}AA`,
    "OpenAI API key": () => `sk-proj-${rand(74)}T3BlbkFJ${rand(74)}`,
    "Hugging Face token": () => `hf_${rand(34, "bcdfghjklmnpqrstvwzBCDFGHJKLMNPQRSTVWZ")}`,
    "xAI API key": () => `xai-${rand(80)}`,
    "Groq API key": () => `gsk_${rand(52)}`,
    "Perplexity API key": () => `pplx-${rand(48)}`,
    "Replicate API token": () => `r8_${rand(37)}`,
    "Pinecone API key": () => `pcsk_${rand(6)}_${rand(60)}`,
    "LangSmith API key": () => `lsv2_pt_${rand(32, HEX)}_${rand(10, HEX)}`,
    "Azure account key (connection string)": () => `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${rand(86, B64)}==;EndpointSuffix=core.windows.net`,
    "database URL with a password": () => `postgres://app:${rand(20)}@db.internal:5432/app`,
};

/** A PEM private key of the given BEGIN label ("RSA", "EC", "OPENSSH", "" for PKCS#8...). */
export function pem(label: string): string {
    const tag = `${label ? `${label} ` : ""}PRIVATE KEY`;
    return `-----BEGIN ${tag}-----\n${rand(64, B64)}\n${rand(64, B64)}\n-----END ${tag}-----\n`;
}
