/**
 * A non-compliant estate: each resource commits one violation the nhi-guard policy pack must
 * block, named in the comment above it. The gate's tests run this program and pin the result.
 * One module per cloud; each registers its own resources.
 */
import "./aws";
import "./github";
import "./azure";
import "./gcp";
