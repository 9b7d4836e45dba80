package dev.tributary.broker.schema;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URI that names one registered schema version, for an event's {@code dataschema} attribute:
 *
 * <pre>
 * tributary:schemas/{type}/versions/{version}                 a version of the global subject {type}
 * tributary:buses/{bus}/schemas/{type}/versions/{version}     a version of the subject {type} of bus {bus}
 * </pre>
 *
 * The path after the scheme is the HTTP API's path of the version without its {@code /v1/} prefix, so a client turns
 * one into the other by text alone. The URI is a name: the registry looks it up locally and nothing ever fetches it.
 * Bus names and types need no escaping (see {@link Subject}).
 *
 * @param version 1 or more
 */
public record SchemaUri(Subject subject, int version) {
    /** The URI scheme of registered schemas. */
    public static final String SCHEME = "tributary";

    private static final Pattern FORM =
            Pattern.compile("(?:buses/([^/]+)/)?schemas/([^/]+)/versions/([1-9][0-9]{0,9})");

    public SchemaUri {
        if (subject == null) {
            throw new IllegalArgumentException("subject is null");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version < 1: " + version);
        }
    }

    /**
     * Reads a {@code dataschema} URI.
     *
     * @return empty if the URI has another scheme than {@value #SCHEME} (it names a schema the registry does not hold)
     * @throws IllegalArgumentException naming {@code dataschema} if it has the scheme but not one of the two forms
     */
    public static Optional<SchemaUri> parse(URI dataschema) {
        if (dataschema == null || !SCHEME.equalsIgnoreCase(dataschema.getScheme())) {
            return Optional.empty();
        }
        Matcher form = dataschema.isOpaque() && dataschema.getRawFragment() == null
                ? FORM.matcher(dataschema.getRawSchemeSpecificPart())
                : null;
        if (form == null || !form.matches()) {
            throw new IllegalArgumentException("dataschema must be " + SCHEME + ":schemas/{type}/versions/{version}"
                    + " or " + SCHEME + ":buses/{bus}/schemas/{type}/versions/{version}, was \"" + dataschema + "\"");
        }
        long version = Long.parseLong(form.group(3));
        if (version > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dataschema: version out of range in \"" + dataschema + "\"");
        }
        try {
            return Optional.of(new SchemaUri(new Subject(form.group(1), form.group(2)), (int) version));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dataschema \"" + dataschema + "\": " + e.getMessage(), e);
        }
    }

    public URI toUri() {
        String path = "schemas/" + subject.type() + "/versions/" + version;
        return URI.create(SCHEME + ":" + (subject.isGlobal() ? path : "buses/" + subject.bus() + "/" + path));
    }

    @Override
    public String toString() {
        return toUri().toString();
    }
}
