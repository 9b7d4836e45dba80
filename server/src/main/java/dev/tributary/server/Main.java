package dev.tributary.server;

import dev.tributary.server.cli.Cli;
import dev.tributary.server.cli.CliContext;

/** Entry point of the {@code tributary} binary: runs the command line and exits with its code (see {@link Cli}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(CliContext.system(), args));
    }
}
