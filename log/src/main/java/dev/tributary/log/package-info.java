/** The storage engine: partitions of segment files, indexes, group commit, recovery, retention and streams. */
package dev.tributary.log;
