package dev.tributary.server.cli;

import picocli.CommandLine.IVersionProvider;

/** The version of this build: the jar manifest's {@code Implementation-Version}, else the development version. */
public final class Version implements IVersionProvider {
    private static final String DEVELOPMENT = "0.1.0-SNAPSHOT";

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? DEVELOPMENT : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "Tributary " + current(), "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
