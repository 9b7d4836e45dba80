package dev.tributary.broker;

/**
 * A node-wide count limit was reached: buses, subscriptions, keys. Answered 409 naming the setting that raises it;
 * nothing was created.
 */
public final class LimitReachedException extends RuntimeException {
    private final String setting;

    public LimitReachedException(String what, long limit, String setting) {
        super("this node has " + limit + " " + what + ", the most it allows (setting " + setting + ")");
        this.setting = setting;
    }

    /** The setting that raises the limit, such as {@code max-buses}. */
    public String setting() {
        return setting;
    }
}
