package dev.tributary.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The jar's entry point, compiled for Java 8 so that any Java can load it: on a Java older than 21 it says which Java
 * is needed (instead of an {@code UnsupportedClassVersionError} naming class-file versions); otherwise it hands over
 * to {@code Main}. Written in Java 8 syntax for that reason.
 */
public final class Launcher {
    static final int REQUIRED = 21;

    private Launcher() {}

    public static void main(String[] args) throws Throwable {
        int running = feature(System.getProperty("java.specification.version", "0"));
        if (running < REQUIRED) {
            System.err.println("tributary: needs Java " + REQUIRED + " or newer, but this is Java " + running + " ("
                    + System.getProperty("java.home") + "). Run ./tributary, which finds a newer JDK on this machine,"
                    + " or start the jar with one: JAVA_HOME=/path/to/jdk-21+ $JAVA_HOME/bin/java -jar tributary.jar");
            System.exit(2);
        }
        Method main = Class.forName("dev.tributary.server.Main").getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** {@code 1.8} → 8, {@code 17} → 17. */
    static int feature(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }
}
