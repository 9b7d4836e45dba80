package dev.tributary.log;

/** When an append counts as durable. */
public enum Durability {
    /** Each group commit is written and fsynced before its appends complete (default). */
    FSYNC,
    /**
     * Each group commit is written to the page cache only. Survives a process crash ({@code kill -9}) but not a
     * power loss or kernel crash.
     */
    NONE
}
