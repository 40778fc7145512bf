/**
 * aws.iam.getPolicyDocument against the provider's documented output for the same inputs. The
 * expected texts are the "will evaluate to" blocks of terraform-provider-aws
 * website/docs/d/iam_policy_document.html.markdown (the page pulumi-aws's own docs are generated
 * from), with one documented change applied: those examples predate provider 5.0, which stopped
 * printing an empty `"Sid": ""` (hashicorp/terraform-provider-aws#28539, "Omit Sid ... when empty").
 */
import * as zlib from "zlib";
import { getPolicyDocument } from "../../../cli/preview/dataSources/awsPolicyDocument";
import { hashcode, stringSet } from "../../../cli/preview/dataSources/terraform";

const json = (args: Record<string, unknown>) => getPolicyDocument(args).json as string;

describe("getPolicyDocument: the provider's documented examples", () => {
    it("multiple condition keys: actions reverse-sorted, condition keys sorted, one value collapsed", () => {
        // docs: "Example Multiple Condition Keys"
        expect(
            json({
                statements: [
                    {
                        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
                        resources: ["*"],
                        conditions: [
                            { test: "ForAnyValue:StringEquals", variable: "kms:EncryptionContext:service", values: ["pi"] },
                            { test: "ForAnyValue:StringEquals", variable: "kms:EncryptionContext:aws:pi:service", values: ["rds"] },
                        ],
                    },
                ],
            }),
        ).toBe(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "kms:GenerateDataKey",
        "kms:Decrypt"
      ],
      "Resource": "*",
      "Condition": {
        "ForAnyValue:StringEquals": {
          "kms:EncryptionContext:aws:pi:service": "rds",
          "kms:EncryptionContext:service": "pi"
        }
      }
    }
  ]
}`);
    });

    const source = json({
        statements: [
            { actions: ["ec2:*"], resources: ["*"] },
            { sid: "SidToOverride", actions: ["s3:*"], resources: ["*"] },
        ],
    });

    it("a source document: this document's statement replaces the source's with the same Sid, in place", () => {
        // docs: "Example Using A Source Document"
        expect(
            json({
                sourcePolicyDocuments: [source],
                statements: [{ sid: "SidToOverride", actions: ["s3:*"], resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"] }],
            }),
        ).toBe(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:*",
      "Resource": "*"
    },
    {
      "Sid": "SidToOverride",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::somebucket/*",
        "arn:aws:s3:::somebucket"
      ]
    }
  ]
}`);
    });

    it("an override document replaces this document's statement with the same Sid", () => {
        // docs: "Example Using An Override Document"
        const override = json({ statements: [{ sid: "SidToOverride", actions: ["s3:*"], resources: ["*"] }] });
        expect(
            JSON.parse(
                json({
                    overridePolicyDocuments: [override],
                    statements: [
                        { actions: ["ec2:*"], resources: ["*"] },
                        { sid: "SidToOverride", actions: ["s3:*"], resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"] },
                    ],
                }),
            ),
        ).toEqual({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: "ec2:*", Resource: "*" },
                { Sid: "SidToOverride", Effect: "Allow", Action: "s3:*", Resource: "*" },
            ],
        });
    });

    it("source and override documents without statements of its own", () => {
        // docs: "Example with Both Source and Override Documents"
        const src = json({ statements: [{ sid: "OverridePlaceholder", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"] }] });
        const ovr = json({ statements: [{ sid: "OverridePlaceholder", actions: ["s3:GetObject"], resources: ["*"] }] });
        expect(json({ sourcePolicyDocuments: [src], overridePolicyDocuments: [ovr] })).toBe(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OverridePlaceholder",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"
    }
  ]
}`);
    });

    it("merging source documents keeps their order", () => {
        // docs: "Example of Merging Source Documents"
        const one = json({ statements: [{ actions: ["ec2:*"], resources: ["*"] }, { sid: "UniqueSidOne", actions: ["s3:*"], resources: ["*"] }] });
        const two = json({ statements: [{ sid: "UniqueSidTwo", actions: ["iam:*"], resources: ["*"] }, { actions: ["lambda:*"], resources: ["*"] }] });
        expect(JSON.parse(json({ sourcePolicyDocuments: [one, two] })).Statement).toEqual([
            { Effect: "Allow", Action: "ec2:*", Resource: "*" },
            { Sid: "UniqueSidOne", Effect: "Allow", Action: "s3:*", Resource: "*" },
            { Sid: "UniqueSidTwo", Effect: "Allow", Action: "iam:*", Resource: "*" },
            { Effect: "Allow", Action: "lambda:*", Resource: "*" },
        ]);
    });

    it("merging override documents iteratively replaces matching Sids", () => {
        // docs: "Example of Merging Override Documents" (its expected block misspells the Sids'
        // "PlaceHolder" and has a trailing comma; the order is the documented one).
        const one = json({ statements: [{ sid: "OverridePlaceHolderOne", effect: "Allow", actions: ["s3:*"], resources: ["*"] }] });
        const two = json({
            statements: [
                { effect: "Allow", actions: ["ec2:*"], resources: ["*"] },
                { sid: "OverridePlaceHolderTwo", effect: "Allow", actions: ["iam:*"], resources: ["*"] },
            ],
        });
        const three = json({ statements: [{ sid: "OverridePlaceHolderOne", effect: "Deny", actions: ["logs:*"], resources: ["*"] }] });
        expect(
            JSON.parse(
                json({
                    overridePolicyDocuments: [one, two, three],
                    statements: [{ sid: "OverridePlaceHolderTwo", effect: "Deny", actions: ["*"], resources: ["*"] }],
                }),
            ).Statement,
        ).toEqual([
            { Sid: "OverridePlaceHolderTwo", Effect: "Allow", Action: "iam:*", Resource: "*" },
            { Sid: "OverridePlaceHolderOne", Effect: "Deny", Action: "logs:*", Resource: "*" },
            { Effect: "Allow", Action: "ec2:*", Resource: "*" },
        ]);
    });

    it("rejects duplicate Sids across source documents as the provider does", () => {
        const a = json({ statements: [{ sid: "Same", actions: ["s3:GetObject"], resources: ["*"] }] });
        expect(() => getPolicyDocument({ sourcePolicyDocuments: [a, a] })).toThrow(
            "merging source document 1: duplicate Sid (Same) in source_policy_documents (statement 0)",
        );
    });
});

describe("getPolicyDocument: principals", () => {
    const principal = (type: string, identifiers: string[]) =>
        JSON.parse(json({ statements: [{ actions: ["sts:AssumeRole"], principals: [{ type, identifiers }] }] })).Statement[0].Principal;

    it('renders type "*" with identifier "*" as "*", but AWS "*" as {"AWS": "*"} (the docs\' note on principals)', () => {
        expect(principal("*", ["*"])).toBe("*");
        expect(principal("AWS", ["*"])).toEqual({ AWS: "*" });
    });

    it("merges blocks into one object with types sorted and several identifiers reverse-sorted", () => {
        // docs: "Example Assume-Role Policy with Multiple Principals" (its inputs; the page shows no output)
        const text = json({
            statements: [
                {
                    actions: ["sts:AssumeRole"],
                    principals: [
                        { type: "Service", identifiers: ["firehose.amazonaws.com"] },
                        { type: "AWS", identifiers: ["arn:aws:iam::123456789012:role/trusted"] },
                        { type: "Federated", identifiers: ["arn:aws:iam::123456789012:saml-provider/corp", "cognito-identity.amazonaws.com"] },
                    ],
                },
            ],
        });
        expect(text).toContain(`"Principal": {
        "AWS": "arn:aws:iam::123456789012:role/trusted",
        "Federated": [
          "cognito-identity.amazonaws.com",
          "arn:aws:iam::123456789012:saml-provider/corp"
        ],
        "Service": "firehose.amazonaws.com"
      }`);
    });

    it("appends single identifiers of one type in Terraform's set order, not input order", () => {
        const ids = ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"];
        const blocks = ids.map((i) => ({ type: "AWS", identifiers: [i] }));
        const forward = JSON.parse(json({ statements: [{ actions: ["sts:AssumeRole"], principals: blocks }] })).Statement[0].Principal.AWS;
        const backward = JSON.parse(json({ statements: [{ actions: ["sts:AssumeRole"], principals: [...blocks].reverse() }] })).Statement[0].Principal.AWS;
        expect(forward).toEqual(backward);
        // The block set's key: CRC-32 of `identifiers:{<id>;};type:AWS;`, compared as decimal text.
        const key = (i: string) => String(hashcode(`identifiers:{${i};};type:AWS;`));
        expect(forward).toEqual([...ids].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
    });

    it("renders NotPrincipals with the same rules", () => {
        const st = JSON.parse(
            json({ statements: [{ effect: "Deny", actions: ["s3:*"], resources: ["*"], notPrincipals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }] }] }),
        ).Statement[0];
        expect(st).toEqual({ Effect: "Deny", Action: "s3:*", Resource: "*", NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } });
    });
});

describe("getPolicyDocument: conditions, variables, ids", () => {
    it("keeps the order of several values and collapses duplicates of actions", () => {
        const st = JSON.parse(
            json({
                statements: [
                    {
                        actions: ["s3:GetObject", "s3:GetObject"],
                        resources: ["arn:aws:s3:::b/home/&{aws:username}/*"],
                        conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["", "home/", "home/&{aws:username}/"] }],
                    },
                ],
            }),
        ).Statement[0];
        expect(st.Action).toBe("s3:GetObject");
        expect(st.Resource).toBe("arn:aws:s3:::b/home/${aws:username}/*");
        expect(st.Condition).toEqual({ StringLike: { "s3:prefix": ["", "home/", "home/${aws:username}/"] } });
    });

    it("omits an empty statement list, keeps policyId, escapes as Go does", () => {
        expect(getPolicyDocument({ policyId: "p1" }).json).toBe(`{\n  "Version": "2012-10-17",\n  "Id": "p1"\n}`);
        const r = getPolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["*"], conditions: [{ test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["a&b<c>"] }] }] });
        expect(r.minifiedJson).toBe(
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"a\\u0026b\\u003cc\\u003e"}}}]}',
        );
        expect(JSON.parse(r.minifiedJson as string)).toEqual(JSON.parse(r.json as string));
    });

    it("reads source documents as the provider's model does: principal lists re-sorted, booleans as strings, numbers dropped", () => {
        const src = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: ["b:x", "a:y"],
                    Resource: "*",
                    Principal: { AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"] },
                    Condition: { Bool: { "aws:SecureTransport": true }, NumericLessThan: { "aws:MultiFactorAuthAge": 3600 } },
                },
            ],
        });
        expect(JSON.parse(json({ sourcePolicyDocuments: [src] })).Statement[0]).toEqual({
            Effect: "Allow",
            Action: ["b:x", "a:y"],
            Resource: "*",
            Principal: { AWS: ["arn:aws:iam::222222222222:root", "arn:aws:iam::111111111111:root"] },
            Condition: { Bool: { "aws:SecureTransport": "true" } },
        });
    });

    it("takes the highest version and rejects &{ under 2008-10-17", () => {
        const old = json({ version: "2008-10-17", statements: [{ actions: ["s3:*"], resources: ["*"] }] });
        expect(JSON.parse(old).Version).toBe("2008-10-17");
        expect(JSON.parse(json({ version: "2008-10-17", overridePolicyDocuments: [json({})] })).Version).toBe("2012-10-17");
        expect(() => getPolicyDocument({ version: "2008-10-17", statements: [{ resources: ["arn:aws:s3:::b/&{aws:username}"] }] })).toThrow("not supported in document version 2008-10-17");
    });

    it("ids the document by the CRC-32 of its JSON, as create.StringHashcode does", () => {
        const r = getPolicyDocument({ statements: [{ actions: ["s3:GetObject"], resources: ["*"] }] });
        expect(r.id).toBe(String((zlib as any).crc32(Buffer.from(r.json as string))));
        expect(hashcode("")).toBe(0);
    });

    it("orders a string set by the decimal text of each element's hash", () => {
        const items = ["a", "b", "c", "d", "e"];
        const codes = stringSet(items).map((s) => String(hashcode(`${s};`)));
        expect(codes).toEqual([...codes].sort());
    });
});
