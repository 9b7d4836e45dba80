// Writes the inbound-webhook test vectors under server/src/test/resources/hooks/ (see README.md beside this file).
//
// Every signature of GitHub, Stripe, Standard Webhooks and Svix vectors is made by that provider's own published
// library, and every positive vector is checked again with the same library's verifier, so the Java verifiers are
// tested against the providers' code rather than against our reading of their documents. Shopify and Slack publish no
// standalone signing package: their vectors are computed with node:crypto exactly as their documentation describes,
// and each file says so in "generatedWith". The generic-hmac vectors are node:crypto too (there is no provider).
//
// Deterministic: fixed secrets, ids, bodies and a fixed receive time, so regenerating changes nothing unless a
// library's behaviour does.
import { createHmac } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sign as octokitSign, verify as octokitVerify } from "@octokit/webhooks-methods";
import Stripe from "stripe";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";

const here = dirname(fileURLToPath(import.meta.url));
const outArg = process.argv.indexOf("--out");
const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(here, "..", "resources", "hooks");
mkdirSync(out, { recursive: true });

const versions = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).dependencies;

// The receive time of every vector unless one says otherwise: 2026-01-01T00:00:00Z.
const NOW = 1767225600;
const RECEIVED_AT = new Date(NOW * 1000).toISOString().replace(".000Z", "Z");
const TOLERANCE = 300;

const ok = () => ({ ok: true });
const refused = (failure, reason) => ({ ok: false, failure, reason });
const MISMATCH = refused("signature-mismatch", "signature does not match");
const STALE = refused("timestamp-outside-tolerance", "timestamp outside tolerance of PT5M");
const missing = (header) => refused("missing-header", "missing header " + header);
const malformed = (header, why) => refused("malformed-header", "malformed header " + header + ": " + why);

function tamper(body) {
  // One character changed in the middle: a different body of the same length.
  const i = Math.floor(body.length / 2);
  return body.slice(0, i) + (body[i] === "1" ? "2" : "1") + body.slice(i + 1);
}

function write(name, file) {
  const path = join(out, name);
  writeFileSync(path, JSON.stringify(file, null, 2) + "\n");
  console.log("wrote " + path + " (" + file.vectors.length + " vectors)");
}

function hex(algorithm, key, content) {
  return createHmac(algorithm, key).update(content, "utf8").digest("hex");
}

function base64(algorithm, key, content) {
  return createHmac(algorithm, key).update(content, "utf8").digest("base64");
}

/** Runs fn with Date.now() answering `seconds`, for verifiers that read the clock themselves. */
function at(seconds, fn) {
  const real = Date.now;
  Date.now = () => seconds * 1000;
  try {
    return fn();
  } finally {
    Date.now = real;
  }
}

function check(condition, what) {
  if (!condition) {
    throw new Error("self-check failed: " + what);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// GitHub: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>, signed by @octokit/webhooks-methods sign().
async function github() {
  const secret = "tributary-github-current";
  const old = "tributary-github-previous";
  const other = "some-other-secret";
  const body =
    '{"action":"opened","number":42,"pull_request":{"id":1,"title":"Caf\u00e9 \u2615 fix","draft":false},' +
    '"repository":{"id":7,"full_name":"tributary-dev/tributary","private":false},\n  "sender":{"login":"octocat"}}';
  const push = '{"ref":"refs/heads/main","repository":{"full_name":"tributary-dev/tributary"},"commits":[]}';
  const headers = (signature, event = "pull_request", delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958") => ({
    "Content-Type": "application/json",
    "User-Agent": "GitHub-Hookshot/044aadd",
    "X-GitHub-Delivery": delivery,
    "X-GitHub-Event": event,
    "X-GitHub-Hook-ID": "292430182",
    "X-Hub-Signature-256": signature,
  });
  const signed = await octokitSign(secret, body);
  check(await octokitVerify(secret, body, signed), "octokit verifies its signature");
  const docSecret = "It's a Secret to Everybody";
  const docSignature = await octokitSign(docSecret, "Hello, World!");
  check(
    docSignature === "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    "octokit reproduces GitHub's documented example",
  );
  write("github.json", {
    provider: "github",
    generatedWith: "@octokit/webhooks-methods " + versions["@octokit/webhooks-methods"] + " sign()",
    receivedAt: RECEIVED_AT,
    config: { provider: "github", secrets: [secret, old] },
    vectors: [
      { name: "signed with the current secret", headers: headers(signed), body, expect: ok() },
      {
        name: "signed with the previous secret (rotation)",
        headers: headers(await octokitSign(old, body)),
        body,
        expect: ok(),
      },
      {
        name: "push event without action",
        headers: headers(await octokitSign(secret, push), "push", "8f1e0c52-cc78-11e3-81ab-4c9367dc0958"),
        body: push,
        expect: ok(),
      },
      {
        name: "GitHub's documented example (secret \"It's a Secret to Everybody\")",
        config: { provider: "github", secrets: [docSecret] },
        headers: headers(docSignature, "ping"),
        body: "Hello, World!",
        expect: ok(),
      },
      { name: "signed with another secret", headers: headers(await octokitSign(other, body)), body, expect: MISMATCH },
      { name: "tampered body", headers: headers(signed), body: tamper(body), expect: MISMATCH },
      {
        name: "upper-case hex is the same signature",
        headers: headers("sha256=" + signed.slice(7).toUpperCase()),
        body,
        expect: ok(),
      },
      {
        name: "sha1 prefix",
        headers: headers("sha1=" + signed.slice(7)),
        body,
        expect: malformed("X-Hub-Signature-256", "expected sha256=<hex>"),
      },
      {
        name: "not hex",
        headers: headers("sha256=zz" + signed.slice(9)),
        body,
        expect: malformed("X-Hub-Signature-256", "expected sha256=<hex>"),
      },
      {
        name: "missing signature header",
        headers: (({ "X-Hub-Signature-256": _, ...rest }) => rest)(headers(signed)),
        body,
        expect: missing("X-Hub-Signature-256"),
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Stripe: Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">, made by stripe.webhooks.generateTestHeaderString.
function stripe() {
  const client = new Stripe("sk_test_vectors_not_a_real_key");
  const secret = "whsec_tributaryStripeCurrent0123456789";
  const old = "whsec_tributaryStripePrevious012345678";
  const other = "whsec_someOtherEndpointSecret000000000";
  const body =
    '{\n  "id": "evt_1QkX2bTributary",\n  "object": "event",\n  "api_version": "2024-06-20",\n' +
    '  "created": 1767225590,\n  "data": {\n    "object": {\n      "id": "in_1QkX2aTributary",\n' +
    '      "object": "invoice",\n      "customer_name": "Zo\u00eb",\n      "amount_paid": 2000\n    }\n  },\n' +
    '  "livemode": false,\n  "type": "invoice.paid"\n}';
  const header = (key, timestamp = NOW - 10, payload = body) =>
    client.webhooks.generateTestHeaderString({ payload, secret: key, timestamp });
  const headers = (signature) => ({
    "Content-Type": "application/json; charset=utf-8",
    "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    "Stripe-Signature": signature,
  });
  const verifies = (h, key) => {
    try {
      return client.webhooks.signature.verifyHeader(body, h, key, TOLERANCE, undefined, NOW * 1000);
    } catch {
      return false;
    }
  };
  const current = header(secret);
  check(verifies(current, secret), "stripe verifies its header");
  const previous = header(old);
  check(verifies(previous, old), "stripe verifies the previous secret's header");
  const sig = (h) => h.split(",").find((p) => p.startsWith("v1=")).slice(3);
  const stale = header(secret, NOW - TOLERANCE - 1);
  check(!verifies(stale, secret), "stripe refuses a stale timestamp");
  const edge = header(secret, NOW - TOLERANCE);
  check(verifies(edge, secret), "stripe accepts exactly the tolerance");
  write("stripe.json", {
    provider: "stripe",
    generatedWith: "stripe " + versions["stripe"] + " webhooks.generateTestHeaderString()",
    receivedAt: RECEIVED_AT,
    config: { provider: "stripe", secrets: [secret, old], tolerance: "PT5M" },
    vectors: [
      { name: "signed with the current secret", headers: headers(current), body, expect: ok() },
      { name: "signed with the previous secret (rotation)", headers: headers(previous), body, expect: ok() },
      {
        name: "Stripe's own rotation: two v1 signatures, one matching, plus a v0",
        headers: headers(header(other) + ",v1=" + sig(current) + ",v0=" + "0".repeat(64)),
        body,
        expect: ok(),
      },
      { name: "timestamp exactly at the tolerance", headers: headers(edge), body, expect: ok() },
      { name: "signed with another secret", headers: headers(header(other)), body, expect: MISMATCH },
      { name: "tampered body", headers: headers(current), body: tamper(body), expect: MISMATCH },
      {
        name: "signature of another timestamp",
        headers: headers("t=" + (NOW - 20) + ",v1=" + sig(current)),
        body,
        expect: MISMATCH,
      },
      { name: "stale timestamp", headers: headers(stale), body, expect: STALE },
      { name: "timestamp too far in the future", headers: headers(header(secret, NOW + TOLERANCE + 1)), body, expect: STALE },
      {
        name: "timestamp not a number",
        headers: headers("t=yesterday,v1=" + sig(current)),
        body,
        expect: malformed("Stripe-Signature", "needs t=<unix seconds>"),
      },
      {
        name: "only a v0 signature",
        headers: headers("t=" + (NOW - 10) + ",v0=" + sig(current)),
        body,
        expect: malformed("Stripe-Signature", "needs v1=<hex signature>"),
      },
      { name: "missing signature header", headers: { "Content-Type": "application/json" }, body, expect: missing("Stripe-Signature") },
    ],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">,
// secret whsec_<base64>. Signed by the standardwebhooks package; the same scheme under svix-* names by svix.
function standardWebhooks(file, Webhook, library, prefix) {
  // 24 and 32 random-looking bytes, fixed.
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const old = "whsec_dHJpYnV0YXJ5LXN0YW5kYXJkLXdlYmhvb2tzLW9sZA==";
  const other = "whsec_c29tZSBvdGhlciBlbmRwb2ludCBzZWNyZXQhIQ==";
  const id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
  const body =
    '{"type":"invoice.paid","timestamp":"2025-12-31T23:59:50Z","data":{"id":"inv_123","note":"na\u00efve \ud83d\ude80"}}';
  const sign = (key, timestamp = NOW - 5, msgId = id, payload = body) =>
    new Webhook(key).sign(msgId, new Date(timestamp * 1000), payload);
  const headers = (signature, timestamp = NOW - 5, msgId = id) => ({
    "Content-Type": "application/json",
    [prefix + "-id"]: msgId,
    [prefix + "-timestamp"]: String(timestamp),
    [prefix + "-signature"]: signature,
  });
  const verifies = (h, key, payload = body) => {
    try {
      at(NOW, () => new Webhook(key).verify(payload, h));
      return true;
    } catch {
      return false;
    }
  };
  const current = sign(secret);
  check(verifies(headers(current), secret), library + " verifies its signature");
  check(verifies(headers(sign(old)), old), library + " verifies the previous secret");
  const stale = sign(secret, NOW - TOLERANCE - 1);
  check(!verifies(headers(stale, NOW - TOLERANCE - 1), secret), library + " refuses a stale timestamp");
  const future = sign(secret, NOW + TOLERANCE + 1);
  check(!verifies(headers(future, NOW + TOLERANCE + 1), secret), library + " refuses a future timestamp");
  const both = sign(other) + " v1a,aGVsbG8gZWQyNTUxOQ== " + current;
  check(verifies(headers(both), secret), library + " finds the matching one of several signatures");
  const noType = '{"event":"ping"}';
  write(file, {
    provider: "standard-webhooks",
    generatedWith: library + " " + versions[library] + " Webhook.sign()",
    receivedAt: RECEIVED_AT,
    config: { provider: "standard-webhooks", secrets: [secret, old], tolerance: "PT5M" },
    vectors: [
      { name: "signed with the current secret", headers: headers(current), body, expect: ok() },
      { name: "signed with the previous secret (rotation)", headers: headers(sign(old)), body, expect: ok() },
      { name: "several signatures, one matching", headers: headers(both), body, expect: ok() },
      {
        name: "body without a type",
        headers: headers(sign(secret, NOW - 5, "msg_ping", noType), NOW - 5, "msg_ping"),
        body: noType,
        expect: ok(),
      },
      { name: "signed with another secret", headers: headers(sign(other)), body, expect: MISMATCH },
      { name: "tampered body", headers: headers(current), body: tamper(body), expect: MISMATCH },
      { name: "signature of another id", headers: headers(current, NOW - 5, "msg_other"), body, expect: MISMATCH },
      { name: "stale timestamp", headers: headers(stale, NOW - TOLERANCE - 1), body, expect: STALE },
      { name: "timestamp too far in the future", headers: headers(future, NOW + TOLERANCE + 1), body, expect: STALE },
      {
        name: "timestamp not a number",
        headers: { ...headers(current), [prefix + "-timestamp"]: "soon" },
        body,
        expect: malformed(prefix + "-timestamp", "expected Unix seconds"),
      },
      {
        name: "no v1 signature",
        headers: headers("v1a,aGVsbG8gZWQyNTUxOQ=="),
        body,
        expect: malformed(prefix + "-signature", "no v1,<base64> signature"),
      },
      {
        name: "missing signature header",
        headers: (({ [prefix + "-signature"]: _, ...rest }) => rest)(headers(current)),
        body,
        expect: missing(prefix + "-signature"),
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Shopify: X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body, keyed with the app's client secret>. Shopify
// publishes no standalone signer, so this is node:crypto as shopify.dev "Deliver webhooks through HTTPS" → "Verify
// a webhook" computes it.
function shopify() {
  const secret = "shpss_tributary_current_client_secret";
  const old = "shpss_tributary_previous_client_secret";
  const other = "shpss_some_other_app_secret";
  const body =
    '{"id":820982911946154508,"email":"jon@example.com","total_price":"199.00","note":"gr\u00fc\u00dfe",' +
    '"line_items":[{"id":866550311766439020,"title":"IPod Nano - 8GB"}]}';
  const headers = (signature) => ({
    "Content-Type": "application/json",
    "X-Shopify-Topic": "orders/create",
    "X-Shopify-Hmac-Sha256": signature,
    "X-Shopify-Shop-Domain": "tributary-test.myshopify.com",
    "X-Shopify-API-Version": "2025-10",
    "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    "X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
    "X-Shopify-Triggered-At": "2025-12-31T23:59:58.123456789Z",
  });
  const current = base64("sha256", secret, body);
  write("shopify.json", {
    provider: "shopify",
    generatedWith:
      "node:crypto createHmac('sha256', clientSecret).update(rawBody).digest('base64'), " +
      "as Shopify documents (no standalone signer package)",
    receivedAt: RECEIVED_AT,
    config: { provider: "shopify", secrets: [secret, old] },
    vectors: [
      { name: "signed with the current secret", headers: headers(current), body, expect: ok() },
      { name: "signed with the previous secret (rotation)", headers: headers(base64("sha256", old, body)), body, expect: ok() },
      { name: "signed with another secret", headers: headers(base64("sha256", other, body)), body, expect: MISMATCH },
      { name: "tampered body", headers: headers(current), body: tamper(body), expect: MISMATCH },
      {
        name: "hex instead of base64",
        headers: headers(hex("sha256", secret, body)),
        body,
        expect: MISMATCH,
      },
      {
        name: "not base64",
        headers: headers("not*base64!"),
        body,
        expect: malformed("X-Shopify-Hmac-Sha256", "expected <base64>"),
      },
      {
        name: "missing signature header",
        headers: (({ "X-Shopify-Hmac-Sha256": _, ...rest }) => rest)(headers(current)),
        body,
        expect: missing("X-Shopify-Hmac-Sha256"),
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Slack: X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:" + X-Slack-Request-Timestamp + ":" + body>. Slack publishes no
// standalone signer, so this is node:crypto as api.slack.com "Verifying requests from Slack" computes it; its
// documented example is included and reproduced.
function slack() {
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const mine = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  const old = "0f9e8d7c6b5a49382716a5b4c3d2e1f0";
  const other = "ffffffffffffffffffffffffffffffff";
  const body =
    '{"token":"XXYYZZ","team_id":"T123ABC456","api_app_id":"A123ABC456","event":{"type":"app_mention",' +
    '"user":"U123ABC456","text":"<@U0LAN0Z89> \u00bfhola?","ts":"1767225595.000200","channel":"C123ABC456"},' +
    '"type":"event_callback","event_id":"Ev123ABC456","event_time":1767225595}';
  const sign = (key, timestamp = NOW - 3, payload = body) => "v0=" + hex("sha256", key, "v0:" + timestamp + ":" + payload);
  const headers = (signature, timestamp = NOW - 3) => ({
    "Content-Type": "application/json",
    "X-Slack-Request-Timestamp": String(timestamp),
    "X-Slack-Signature": signature,
  });
  const docBody =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V" +
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=" +
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN" +
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  const docSignature = sign(secret, 1531420618, docBody);
  check(
    docSignature === "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    "reproduces Slack's documented example",
  );
  const challenge = '{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}';
  const current = sign(mine);
  write("slack.json", {
    provider: "slack",
    generatedWith:
      "node:crypto createHmac('sha256', signingSecret).update('v0:' + timestamp + ':' + rawBody), " +
      "as Slack documents (no standalone signer package)",
    receivedAt: RECEIVED_AT,
    config: { provider: "slack", secrets: [mine, old], tolerance: "PT5M" },
    vectors: [
      { name: "signed with the current secret", headers: headers(current), body, expect: ok() },
      { name: "signed with the previous secret (rotation)", headers: headers(sign(old)), body, expect: ok() },
      {
        name: "Slack's documented example (a slash command)",
        config: { provider: "slack", secrets: [secret] },
        receivedAt: "2018-07-12T18:36:58Z",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-Slack-Request-Timestamp": "1531420618",
          "X-Slack-Signature": docSignature,
        },
        body: docBody,
        expect: ok(),
      },
      {
        name: "url_verification challenge",
        headers: headers(sign(mine, NOW - 3, challenge)),
        body: challenge,
        expect: ok(),
      },
      { name: "signed with another secret", headers: headers(sign(other)), body, expect: MISMATCH },
      { name: "tampered body", headers: headers(current), body: tamper(body), expect: MISMATCH },
      { name: "signature of another timestamp", headers: headers(current, NOW - 4), body, expect: MISMATCH },
      {
        name: "stale timestamp",
        headers: headers(sign(mine, NOW - TOLERANCE - 1), NOW - TOLERANCE - 1),
        body,
        expect: STALE,
      },
      {
        name: "timestamp too far in the future",
        headers: headers(sign(mine, NOW + TOLERANCE + 1), NOW + TOLERANCE + 1),
        body,
        expect: STALE,
      },
      {
        name: "timestamp not a number",
        headers: { ...headers(current), "X-Slack-Request-Timestamp": "now" },
        body,
        expect: malformed("X-Slack-Request-Timestamp", "expected Unix seconds"),
      },
      {
        name: "v1 instead of v0",
        headers: headers("v1=" + current.slice(3)),
        body,
        expect: malformed("X-Slack-Signature", "expected v0=<hex>"),
      },
      {
        name: "missing timestamp header",
        headers: { "Content-Type": "application/json", "X-Slack-Signature": current },
        body,
        expect: missing("X-Slack-Request-Timestamp"),
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Generic hmac: a configured header, algorithm, encoding, prefix and signed-content template. node:crypto.
function hmac() {
  const secret = "generic-current-secret";
  const old = "generic-previous-secret";
  const other = "generic-other-secret";
  const body = '{"order":"A-1001","amount":12.5,"currency":"EUR","memo":"\u00e0 bient\u00f4t"}';
  const crypto = "node:crypto createHmac()";

  const plain = (signature) => ({ "Content-Type": "application/json", "X-Signature": signature, "X-Delivery": "dlv_0001" });
  const sha256 = (key, payload = body) => "sha256=" + hex("sha256", key, payload);
  write("hmac-sha256-hex.json", {
    provider: "hmac",
    generatedWith: crypto + ": 'sha256=' + hex(HMAC-SHA256(secret, body))",
    receivedAt: RECEIVED_AT,
    config: {
      provider: "hmac",
      secrets: [secret, old],
      header: "X-Signature",
      algorithm: "sha256",
      encoding: "hex",
      prefix: "sha256=",
      idHeader: "X-Delivery",
      type: "com.example.order",
    },
    vectors: [
      { name: "signed with the current secret", headers: plain(sha256(secret)), body, expect: ok() },
      { name: "signed with the previous secret (rotation)", headers: plain(sha256(old)), body, expect: ok() },
      { name: "signed with another secret", headers: plain(sha256(other)), body, expect: MISMATCH },
      { name: "tampered body", headers: plain(sha256(secret)), body: tamper(body), expect: MISMATCH },
      {
        name: "missing prefix",
        headers: plain(hex("sha256", secret, body)),
        body,
        expect: malformed("X-Signature", "expected sha256=<hex>"),
      },
      { name: "missing signature header", headers: { "Content-Type": "application/json" }, body, expect: missing("X-Signature") },
    ],
  });

  const stamped = (signature, timestamp = NOW - 30) => ({
    "Content-Type": "application/json",
    "X-Timestamp": String(timestamp),
    "X-Signature": signature,
  });
  const sha512 = (key, timestamp = NOW - 30, payload = body) => base64("sha512", key, timestamp + "." + payload);
  write("hmac-sha512-base64-timestamp.json", {
    provider: "hmac",
    generatedWith: crypto + ": base64(HMAC-SHA512(secret, timestamp + '.' + body))",
    receivedAt: RECEIVED_AT,
    config: {
      provider: "hmac",
      secrets: [secret, old],
      header: "X-Signature",
      algorithm: "sha512",
      encoding: "base64",
      signedContent: "{timestamp}.{body}",
      timestampHeader: "X-Timestamp",
      tolerance: "PT5M",
    },
    vectors: [
      { name: "signed with the current secret", headers: stamped(sha512(secret)), body, expect: ok() },
      { name: "signed with the previous secret (rotation)", headers: stamped(sha512(old)), body, expect: ok() },
      { name: "signed with another secret", headers: stamped(sha512(other)), body, expect: MISMATCH },
      { name: "tampered body", headers: stamped(sha512(secret)), body: tamper(body), expect: MISMATCH },
      { name: "signature of another timestamp", headers: stamped(sha512(secret), NOW - 31), body, expect: MISMATCH },
      {
        name: "stale timestamp",
        headers: stamped(sha512(secret, NOW - TOLERANCE - 1), NOW - TOLERANCE - 1),
        body,
        expect: STALE,
      },
      {
        name: "timestamp not a number",
        headers: { ...stamped(sha512(secret)), "X-Timestamp": "1767225570.5" },
        body,
        expect: malformed("X-Timestamp", "expected Unix seconds"),
      },
      {
        name: "missing timestamp header",
        headers: { "Content-Type": "application/json", "X-Signature": sha512(secret) },
        body,
        expect: missing("X-Timestamp"),
      },
    ],
  });

  const templated = (signature) => ({
    "Content-Type": "text/plain; charset=utf-8",
    "X-Request-Id": "req-77",
    "X-Sig": signature,
  });
  const text = "plain text body, not JSON: {braces} and caf\u00e9";
  const sha1 = (key, payload = text) => hex("sha1", key, "req-77:{" + payload + "}");
  write("hmac-sha1-template.json", {
    provider: "hmac",
    generatedWith: crypto + ": hex(HMAC-SHA1(secret, X-Request-Id + ':{' + body + '}'))",
    receivedAt: RECEIVED_AT,
    config: {
      provider: "hmac",
      secrets: [secret],
      header: "X-Sig",
      algorithm: "sha1",
      encoding: "hex",
      signedContent: "{header:X-Request-Id}:{{{body}}}",
    },
    vectors: [
      { name: "signed with the secret", headers: templated(sha1(secret)), body: text, expect: ok() },
      { name: "signed with another secret", headers: templated(sha1(other)), body: text, expect: MISMATCH },
      { name: "tampered body", headers: templated(sha1(secret)), body: tamper(text), expect: MISMATCH },
      {
        name: "header of the template missing",
        headers: { "Content-Type": "text/plain", "X-Sig": sha1(secret) },
        body: text,
        expect: missing("X-Request-Id"),
      },
    ],
  });
}

await github();
stripe();
standardWebhooks("standard-webhooks.json", StandardWebhook, "standardwebhooks", "webhook");
standardWebhooks("svix.json", SvixWebhook, "svix", "svix");
shopify();
slack();
hmac();
