package dev.tributary.server.http;

import java.time.Duration;

/**
 * The limits of the HTTP edge, per node. Validated on construction; an error message starts with the setting's key.
 *
 * @param idleTimeout a connection with no bytes read or written for this long is closed; a kept-alive connection
 *     must also complete its next request head within it ({@code http-idle-timeout}, default PT60S, PT1S..PT1H)
 * @param headerTimeout a new connection must complete its first request head (request line and headers) within this,
 *     against slowloris ({@code http-header-timeout}, default PT10S, PT1S..PT5M)
 * @param maxConnections open connections beyond this many are closed as soon as they are accepted
 *     ({@code http-max-connections}, default 10000, 1..1000000)
 * @param maxRequestLineBytes longest request line; longer ones are answered 414 ({@code http-max-request-line-bytes},
 *     default 8 KiB, 1 KiB..64 KiB)
 * @param maxHeaderBytes largest request header block; larger ones are answered 431 ({@code http-max-header-bytes},
 *     default 16 KiB, 1 KiB..1 MiB)
 */
public record HttpLimits(
        Duration idleTimeout, Duration headerTimeout, int maxConnections, int maxRequestLineBytes, int maxHeaderBytes) {

    public HttpLimits {
        requireWithin("http-idle-timeout", idleTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
        requireWithin("http-header-timeout", headerTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
        if (maxConnections < 1 || maxConnections > 1_000_000) {
            throw new IllegalArgumentException("http-max-connections must be within 1..1000000, was " + maxConnections);
        }
        if (maxRequestLineBytes < 1024 || maxRequestLineBytes > 64 * 1024) {
            throw new IllegalArgumentException(
                    "http-max-request-line-bytes must be within 1 KiB..64 KiB, was " + maxRequestLineBytes);
        }
        if (maxHeaderBytes < 1024 || maxHeaderBytes > 1024 * 1024) {
            throw new IllegalArgumentException("http-max-header-bytes must be within 1 KiB..1 MiB, was " + maxHeaderBytes);
        }
    }

    public static HttpLimits defaults() {
        return new HttpLimits(Duration.ofSeconds(60), Duration.ofSeconds(10), 10_000, 8 * 1024, 16 * 1024);
    }

    public HttpLimits withIdleTimeout(Duration value) {
        return new HttpLimits(value, headerTimeout, maxConnections, maxRequestLineBytes, maxHeaderBytes);
    }

    public HttpLimits withHeaderTimeout(Duration value) {
        return new HttpLimits(idleTimeout, value, maxConnections, maxRequestLineBytes, maxHeaderBytes);
    }

    public HttpLimits withMaxConnections(int value) {
        return new HttpLimits(idleTimeout, headerTimeout, value, maxRequestLineBytes, maxHeaderBytes);
    }

    private static void requireWithin(String key, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be within " + min + ".." + max + ", was " + value);
        }
    }
}
