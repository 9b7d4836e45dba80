package dev.tributary.server.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where an HTTP sink's requests go, taken apart once from its URL (already checked by {@code SinkSpec}: http or https
 * with a host and no user info). Immutable.
 *
 * @param host the host as named in the URL, without the brackets of an IPv6 literal: what is resolved, sent as
 *     {@code Host} and, over TLS, as the SNI server name and the name the certificate must match
 * @param port the URL's port, else 80 or 443
 * @param ssl whether the scheme is https
 * @param requestUri the raw path (at least {@code /}) and query; a fragment is never sent
 */
record Endpoint(String host, int port, boolean ssl, String requestUri) {
    static Endpoint of(URI uri) {
        boolean ssl = uri.getScheme().toLowerCase(Locale.ROOT).equals("https");
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Endpoint(host, port, ssl, requestUri);
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Whether the host is an IP address literal, which needs no lookup ({@code InetAddress} parses it). */
    boolean hostIsAddress() {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    /** The host as an authority (the {@code Host} header) writes it: an IPv6 literal in brackets. */
    String authorityHost() {
        return bracketed(host);
    }

    /** {@code address} as an authority writes it (Vert.x checks the server address as an authority too). */
    static String authorityHost(InetAddress address) {
        return bracketed(address.getHostAddress());
    }

    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return (ssl ? "https://" : "http://") + authorityHost() + ":" + port + requestUri;
    }
}
