package dev.tributary.core;

/**
 * How a {@code datacontenttype} tells the JSON format to carry data: as a JSON value, as a JSON string, or (by
 * elimination) as {@code data_base64}. Also what subscription filters use to decide whether {@code data.<field>} keys
 * apply. Stateless and thread-safe; compares without allocating.
 */
public final class DataKind {
    private DataKind() {}

    /** Absent, {@code application/json}, {@code text/json} or any {@code * /*+json} (parameters ignored). */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return true;
        }
        int end = essenceEnd(contentType);
        return equalsIgnoreCase(contentType, end, "application/json")
                || equalsIgnoreCase(contentType, end, "text/json")
                || (endsWithIgnoreCase(contentType, end, "+json") && contentType.indexOf('/') < end - 5);
    }

    /**
     * Text that is carried as a JSON string when its bytes are UTF-8: {@code text/*}, XML, YAML, JavaScript, form data;
     * a {@code charset} other than UTF-8 or US-ASCII makes it binary.
     */
    public static boolean isText(String contentType) {
        int end = essenceEnd(contentType);
        boolean text = contentType.regionMatches(true, 0, "text/", 0, 5)
                || equalsIgnoreCase(contentType, end, "application/xml")
                || equalsIgnoreCase(contentType, end, "application/yaml")
                || equalsIgnoreCase(contentType, end, "application/x-yaml")
                || equalsIgnoreCase(contentType, end, "application/javascript")
                || equalsIgnoreCase(contentType, end, "application/x-www-form-urlencoded")
                || equalsIgnoreCase(contentType, end, "application/x-ndjson")
                || endsWithIgnoreCase(contentType, end, "+xml")
                || endsWithIgnoreCase(contentType, end, "+yaml");
        return text && utf8Charset(contentType, end);
    }

    private static boolean utf8Charset(String ct, int essenceEnd) {
        int at = indexOfIgnoreCase(ct, "charset=", essenceEnd);
        if (at < 0) {
            return true;
        }
        int start = at + "charset=".length();
        int stop = start;
        while (stop < ct.length() && ct.charAt(stop) != ';' && ct.charAt(stop) != ' ') {
            stop++;
        }
        String charset = ct.substring(start, stop).replace("\"", "");
        return charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8") || charset.equalsIgnoreCase("us-ascii");
    }

    private static int essenceEnd(String ct) {
        int end = ct.indexOf(';');
        if (end < 0) {
            end = ct.length();
        }
        while (end > 0 && (ct.charAt(end - 1) == ' ' || ct.charAt(end - 1) == '\t')) {
            end--;
        }
        return end;
    }

    private static boolean equalsIgnoreCase(String s, int end, String expected) {
        return end == expected.length() && s.regionMatches(true, 0, expected, 0, end);
    }

    private static boolean endsWithIgnoreCase(String s, int end, String suffix) {
        return end >= suffix.length() && s.regionMatches(true, end - suffix.length(), suffix, 0, suffix.length());
    }

    private static int indexOfIgnoreCase(String s, String needle, int from) {
        for (int i = from; i + needle.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }
}
