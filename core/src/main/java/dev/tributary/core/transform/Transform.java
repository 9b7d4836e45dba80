package dev.tributary.core.transform;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;

/**
 * A subscription's transform: turns each event that passed the filters into the event the sink receives.
 *
 * <p>{@link #parse(JsonNode, String)} compiles the subscription's {@code transform} member once. It is an object with
 * at most one of {@code template} and {@code jsonata}, optionally {@code attributes}, and nothing else:
 *
 * <pre>{@code
 * {"inputs": {"total": "$.data.total", "who": "$.source", "id": "$.id"},
 *  "template": "{\"amount\": <total>, \"from\": \"<who>\", \"ref\": \"order-<id>\"}"}
 *
 * {"jsonata": "{ 'amount': data.total, 'customer': data.customer.name }"}
 *
 * {"attributes": {"type": "order.enriched", "subject": "$.data.customer.id", "region": null}}
 * }</pre>
 *
 * <p>Every path and expression reads the event as it arrived, seen as structured JSON: its attributes as members
 * (extensions included, {@code time} in RFC 3339) and its data as {@code data} when the content type is JSON (absent,
 * {@code application/json}, {@code *+json}) and the bytes are JSON, as a {@code data} string for UTF-8 text types,
 * otherwise as {@code data_base64} — the CloudEvents JSON format, as
 * {@link dev.tributary.core.CloudEventJson#toJson(CloudEvent)} writes it.
 *
 * <ul>
 *   <li><b>{@code inputs}</b> (only with {@code template}): names (1–64 of {@code A-Z a-z 0-9 _ -}, starting with a
 *       letter or {@code _}; at most 100) mapped to paths: {@code $} for the whole event, {@code $.<attribute>},
 *       {@code $.data}, {@code $.data_base64}, then {@code .<field>} and {@code [n]} steps, e.g.
 *       {@code $.data.items[0].sku}. A path that leads nowhere, or to JSON {@code null}, has no value. Every input
 *       must be used by the template.
 *   <li><b>{@code template}</b>: a string (at most 64 KiB) with {@code <name>} placeholders for the inputs; any other
 *       text, {@code <b>} included, is literal. Its output replaces the data. By default the output is JSON, and the
 *       template must be valid JSON once filled, which is checked here: outside quotes a placeholder stands for a
 *       whole JSON value and becomes the input's JSON ({@code "text"} quoted and escaped, numbers as written, objects
 *       and arrays compact, {@code null} when there is no value); inside quotes it inserts the value's text escaped
 *       for that string (a string's characters, any other value's JSON text, nothing when there is no value). This
 *       is EventBridge's input-transformer rule, and a template that passes the check always renders valid JSON. If
 *       {@code attributes} sets a non-JSON {@code datacontenttype} (e.g. {@code text/plain}), the template is text:
 *       placeholders insert the same text as inside quotes, unescaped.
 *   <li><b>{@code jsonata}</b>: a JSONata expression (at most 64 KiB) evaluated over the event; its result replaces
 *       the data, written as JSON. If {@code attributes} sets a non-JSON {@code datacontenttype}, the result must be
 *       a string and its UTF-8 is the data. An expression that selects nothing (undefined) fails the event.
 *   <li>New data gets {@code datacontenttype: application/json} unless {@code attributes} sets another literally (a
 *       {@code $.} path is refused there: the type decides how the data is made), and loses {@code dataschema},
 *       which described the old data, unless {@code attributes} sets one.
 *   <li><b>{@code attributes}</b>: attribute names (CloudEvents rules: a-z 0-9) mapped to a literal (a string; for
 *       extensions also a 32-bit integer or a boolean), to a string starting with {@code $.} (a path as above, read
 *       from each event), or to {@code null}, which removes the attribute. {@code id}, {@code source} and
 *       {@code specversion} cannot be set: they identify the event, and deduplication and at-least-once delivery
 *       depend on them; {@code type} cannot be removed. Values are checked with
 *       {@link dev.tributary.core.EventRules}: literals here, path values on each event. A path value that is a
 *       number or boolean becomes its JSON text for context attributes; one with no value removes the attribute.
 * </ul>
 *
 * <p>Compiled transforms are immutable and thread-safe: one instance serves every dispatcher thread. {@link #apply}
 * returns a new event with the same {@code id}, {@code source} and {@code specversion}, or throws a
 * {@link TransformException} whose reason (at most 1 KiB) belongs in the event's dead letter. JSONata evaluation is
 * bounded: it fails the event after 1 s, 200 levels of nesting, a string of 16 Mi characters or an array or object of
 * 1,000,000 items in any step; the new data of any transform is at most 16 MiB. A regular expression that backtracks
 * catastrophically inside one JSONata function call is not interrupted (see ADR 0007).
 */
public interface Transform {
    /**
     * The event as the sink should receive it.
     *
     * @throws TransformException if this transform cannot be applied to {@code event}; the event belongs in the dead
     *     letters with the exception's {@link TransformException#reason() reason}
     */
    CloudEvent apply(CloudEvent event);

    /** The {@code transform} member as the user wrote it, for showing a subscription back. A fresh copy each call. */
    JsonNode toJson();

    /** Same as {@link #parse(JsonNode, String)} for a member named {@code transform}. */
    static Transform parse(JsonNode node) {
        return parse(node, "transform");
    }

    /**
     * Compiles a {@code transform} member. The input is copied, so later changes to it do not affect the transform.
     *
     * @param path where the member sits, for errors and reasons, e.g. {@code transform}
     * @throws InvalidTransformException naming the exact position (e.g. {@code transform.inputs.total}) if the member
     *     is invalid
     */
    static Transform parse(JsonNode node, String path) {
        return TransformCompiler.compile(node, path, Limits.DEFAULT);
    }
}
