/**
 * Inbound webhooks: verifying requests from SaaS providers and CloudEvents senders, and turning them into
 * CloudEvents for a bus. The route {@code POST /v1/hooks/{name}} builds a
 * {@link dev.tributary.server.hooks.HookRequest} from the request as received (raw body bytes, headers, receive
 * time) and asks the hook's
 * {@link dev.tributary.server.hooks.Hook} what to do; the {@link dev.tributary.server.hooks.HookOutcome} says:
 * append these events, send this handshake reply, or refuse with this status, field and reason.
 *
 * <p>Public: the request view ({@code HookRequest}, {@code HookHeaders}), the configuration per provider
 * ({@code HookConfig} and its records, JSON in and out with secrets redacted), {@code Hook}, {@code HookOutcome},
 * {@code HookLimits}, and {@code Verifier} / {@code Verification} for callers that only verify. Everything else (the
 * schemes, the mappings, the handshake) is package-private.
 *
 * <p>Providers, their verification and their default mapping (details on each config record and mapping class):
 *
 * <pre>
 * provider           signature                               id                     type
 * github             X-Hub-Signature-256: sha256=hex(body)   X-GitHub-Delivery      com.github.EVENT[.ACTION]
 * stripe             Stripe-Signature: t=,v1=hex(t.body)     body id                com.stripe.TYPE
 * standard-webhooks  webhook-*|svix-*: v1,b64(id.ts.body)    webhook-id             body type, else defaultType
 * shopify            X-Shopify-Hmac-Sha256: b64(body)        X-Shopify-Webhook-Id   com.shopify.TOPIC
 * slack              X-Slack-Signature: v0=hex(v0:ts:body)   event_id, else hash    com.slack.EVENT_TYPE
 * hmac               configured header and template          idHeader, else hash    dev.tributary.hook.NAME
 * cloudevents        Authorization: Bearer, or access_token  the event's            the event's
 *
 * (hash: the body's SHA-256; stripe, standard-webhooks, slack and timestamped hmac check a tolerance, PT5M)
 * </pre>
 *
 * Every event's data is the body byte for byte with {@code datacontenttype} from {@code Content-Type}; the source
 * is the provider's where it has a natural one (GitHub repository, Shopify shop) and {@code /hooks/<name>}
 * otherwise; time is the provider's timestamp when it sends one, else the receive time. A hook may fix type and
 * source and copy headers into extensions ({@link dev.tributary.server.hooks.EventOptions}).
 */
package dev.tributary.server.hooks;
