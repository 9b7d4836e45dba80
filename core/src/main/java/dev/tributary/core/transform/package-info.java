/**
 * Subscription transforms: templates with named inputs (EventBridge and Vanus style), JSONata expressions and
 * attribute assignments. {@link dev.tributary.core.transform.Transform#parse} compiles a subscription's
 * {@code transform} member once; the dispatcher then calls {@code apply} for every event that passed the filters and
 * dead-letters the event when it throws a {@link dev.tributary.core.transform.TransformException}.
 */
package dev.tributary.core.transform;
