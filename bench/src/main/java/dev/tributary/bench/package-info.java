/** JMH benchmarks and the HTTP load generator. */
package dev.tributary.bench;
