package dev.tributary.server.hooks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} text (a query string, or a form body such as Slack's slash commands and
 * GitHub's form-encoded deliveries) as names to values. A pair that is not valid percent-encoding is skipped; at most
 * {@value #MAX_FIELDS} pairs are read. Stateless.
 */
final class FormFields {
    static final int MAX_FIELDS = 1000;

    private FormFields() {}

    static Map<String, List<String>> parse(String text) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return fields;
        }
        int read = 0;
        for (String pair : text.split("&", MAX_FIELDS + 1)) {
            if (pair.isEmpty() || ++read > MAX_FIELDS) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
                fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            } catch (IllegalArgumentException e) {
                // Bad percent-encoding: the pair means nothing, and the rest may still be useful.
            }
        }
        return fields;
    }
}
