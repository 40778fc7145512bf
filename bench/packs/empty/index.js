"use strict";
// Everything a served pack costs that no policy can avoid: loading @pulumi/policy and @pulumi/pulumi,
// the gRPC server, request decoding. nhi-guard's targets are ratios to this pack.
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("empty", { policies: [] });
