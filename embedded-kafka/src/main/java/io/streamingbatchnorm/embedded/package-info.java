/**
 * A real KRaft Kafka broker started in this JVM or as a process of its own, for tests, benchmarks and the
 * demo; imports only Kafka, and no production code path may depend on it.
 */
package io.streamingbatchnorm.embedded;
