/**
 * Credential formats gitleaks' rule set (rules.generated.ts) does not have, kept by hand and each
 * sourced: the vendor's documented key format, or the connection-string grammar. Keep this list
 * short: a format gitleaks adds later should move to SELECTED in scripts/generate-secret-rules.js.
 */
import type { GeneratedRule } from "./rules.generated";

const END = `(?:[\\x60'"\\s;,}\\]]|\\\\[nr]|$)`;

export const SUPPLEMENT_RULES: readonly GeneratedRule[] = [
    // Before gitleaks' private-key rule, so a key file is named for what it is. Google's JSON key
    // file format: https://cloud.google.com/iam/docs/keys-create-delete (type service_account).
    { id: "gcp-service-account-key", kind: "GCP service account key (JSON key file)", source: `"type"\\s*:\\s*"service_account"[\\s\\S]{0,4000}?"private_key"\\s*:\\s*"(-----BEGIN[ A-Z]*PRIVATE KEY-----[^"]{64,})"`, flags: "", keywords: ["service_account"], entropy: 0, secretGroup: 1, allow: [] },
    // OpenSSH and PuTTY private keys whose BEGIN line gitleaks' rule does not reach.
    { id: "putty-private-key", kind: "private key", source: `PuTTY-User-Key-File-[23]: [\\w-]+\\r?\\n[\\s\\S]{0,400}?Private-Lines: \\d+\\r?\\n([A-Za-z0-9+/=\\r\\n]{40,})`, flags: "", keywords: ["putty-user-key-file"], entropy: 0, secretGroup: 1, allow: [] },
    // xAI console keys: `xai-` and 80 characters (docs.x.ai, "API key").
    { id: "xai-api-key", kind: "xAI API key", source: `\\b(xai-[A-Za-z0-9]{80})${END}`, flags: "", keywords: ["xai-"], entropy: 3, secretGroup: 1, allow: [] },
    // Groq keys: `gsk_` and 52 characters (console.groq.com/keys).
    { id: "groq-api-key", kind: "Groq API key", source: `\\b(gsk_[A-Za-z0-9]{52})${END}`, flags: "", keywords: ["gsk_"], entropy: 3, secretGroup: 1, allow: [] },
    // Replicate tokens: `r8_` and 37 characters (replicate.com/account/api-tokens).
    { id: "replicate-api-token", kind: "Replicate API token", source: `\\b(r8_[A-Za-z0-9]{37})${END}`, flags: "", keywords: ["r8_"], entropy: 3, secretGroup: 1, allow: [] },
    // Pinecone keys: `pcsk_`, a key id, `_`, the secret (app.pinecone.io API keys page).
    { id: "pinecone-api-key", kind: "Pinecone API key", source: `\\b(pcsk_[A-Za-z0-9]{4,10}_[A-Za-z0-9]{40,80})${END}`, flags: "", keywords: ["pcsk_"], entropy: 3, secretGroup: 1, allow: [] },
    // LangSmith personal and service keys: `lsv2_pt_` / `lsv2_sk_`, 32 hex, `_`, 10 hex.
    { id: "langsmith-api-key", kind: "LangSmith API key", source: `\\b(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})${END}`, flags: "", keywords: ["lsv2_"], entropy: 3, secretGroup: 1, allow: [] },
    // Azure Storage, Service Bus and Event Hubs connection strings carry the account's key
    // (learn.microsoft.com "Configure Azure Storage connection strings", `AccountKey=`).
    { id: "azure-connection-string-key", kind: "Azure account key (connection string)", source: `(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,88}={0,2})`, flags: "i", keywords: ["accountkey=", "sharedaccesskey="], entropy: 3, secretGroup: 1, allow: [] },
    // A URL whose user-info has a password (RFC 3986 user:password@host), for the schemes databases
    // and brokers use; placeholders such as ${PASSWORD} or <password> are filtered as usual.
    { id: "database-url-password", kind: "database URL with a password", source: `\\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|rediss?|amqps?|mssql|sqlserver|jdbc:[a-z]+|clickhouse|cockroachdb)://[^:@/\\s"'\`]+:([^@/\\s"'\`]{3,})@[^\\s"'\`]`, flags: "i", keywords: ["postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "mssql", "sqlserver", "jdbc:", "clickhouse", "cockroachdb"], entropy: 0, secretGroup: 1, allow: [] },
];

/**
 * Secrets recognised only by the name they are stored under (they have no prefix of their own):
 * an environment variable, a map key, an ECS or Kubernetes `name`/`value` pair, a `KEY=value` or
 * `key: value` line. The name says what it is; the value must look like the vendor's key.
 */
export interface NamedRule {
    id: string;
    kind: string;
    /** Tested against the name, case-insensitively. */
    name: RegExp;
    /** The whole value. */
    value: RegExp;
    entropy: number;
}

export const NAMED_RULES: readonly NamedRule[] = [
    // AWS's secret access key is 40 base64 characters (docs.aws.amazon.com, "Access keys").
    { id: "aws-secret-access-key", kind: "AWS secret access key", name: /aws_?secret(?:_?access)?_?key|secret_?access_?key/i, value: /^[A-Za-z0-9/+]{40}$/, entropy: 4 },
    // Mistral keys are 32 alphanumerics without a prefix (console.mistral.ai).
    { id: "mistral-api-key", kind: "Mistral API key", name: /mistral/i, value: /^[A-Za-z0-9]{32}$/, entropy: 3.5 },
    // Cohere keys are 40 alphanumerics (gitleaks matches them in text; this covers maps).
    { id: "cohere-api-key", kind: "Cohere API key", name: /cohere|co_api_key/i, value: /^[A-Za-z0-9]{40}$/, entropy: 4 },
    // An Azure storage account key is 64 bytes base64 (88 characters ending ==).
    { id: "azure-storage-key", kind: "Azure storage account key", name: /storage_?(?:account_?)?key|account_?key/i, value: /^[A-Za-z0-9+/]{86}==$/, entropy: 4 },
];

/** Lower-case fragments one of which every NAMED_RULES name contains: the prefilter for names. */
export const NAME_KEYWORDS: readonly string[] = ["secret", "mistral", "cohere", "co_api_key", "key"];
