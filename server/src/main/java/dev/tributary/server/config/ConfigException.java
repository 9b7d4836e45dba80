package dev.tributary.server.config;

/** A configuration value that cannot be used; the message names the key, where it came from and what is allowed. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
