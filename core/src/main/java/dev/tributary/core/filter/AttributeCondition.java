package dev.tributary.core.filter;

import io.cloudevents.CloudEvent;
import java.util.function.Function;

/**
 * One {@code name: value} pair of {@code exact}, {@code prefix} or {@code suffix} on a context or extension attribute.
 */
final class AttributeCondition implements Condition {
    private final Function<CloudEvent, Object> attribute;
    private final Comparison comparison;
    private final String expected;
    // Lets exact matches on integer extensions skip formatting the integer; null when no integer can match.
    private final Integer expectedInteger;

    AttributeCondition(String name, Comparison comparison, String expected) {
        this.attribute = reader(name);
        this.comparison = comparison;
        this.expected = expected;
        this.expectedInteger = comparison == Comparison.EXACT ? canonicalInteger(expected) : null;
    }

    @Override
    public boolean test(CloudEvent event, EventData data) {
        Object value = attribute.apply(event);
        if (value == null) {
            return false;
        }
        if (value instanceof Integer i && comparison == Comparison.EXACT) {
            return i.equals(expectedInteger);
        }
        return comparison.test(CanonicalString.of(value), expected);
    }

    private static Function<CloudEvent, Object> reader(String name) {
        return switch (name) {
            case "specversion" -> CloudEvent::getSpecVersion;
            case "id" -> CloudEvent::getId;
            case "source" -> CloudEvent::getSource;
            case "type" -> CloudEvent::getType;
            case "datacontenttype" -> CloudEvent::getDataContentType;
            case "dataschema" -> CloudEvent::getDataSchema;
            case "subject" -> CloudEvent::getSubject;
            case "time" -> CloudEvent::getTime;
            default -> event -> event.getExtension(name);
        };
    }

    private static Integer canonicalInteger(String text) {
        try {
            Integer value = Integer.valueOf(text);
            // "+1" and "007" parse, but are not the canonical form of any integer.
            return value.toString().equals(text) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
