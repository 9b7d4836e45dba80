package dev.tributary.server.auth;

import java.util.Locale;

/** Whether a host name or address is this machine's loopback, judged from its text alone (no DNS lookup). */
public final class Loopback {
    private Loopback() {}

    public static boolean is(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.matches("127(\\.\\d{1,3}){3}");
    }
}
