/** The broker over the log: the catalog of buses and the routing of events to partitions. */
package dev.tributary.broker;
