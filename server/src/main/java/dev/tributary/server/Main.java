package dev.tributary.server;

/** Entry point of the tributary binary. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("tributary");
    }
}
