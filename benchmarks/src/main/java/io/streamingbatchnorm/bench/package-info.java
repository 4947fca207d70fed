/**
 * JMH benchmarks of core and the codecs, and the end-to-end, latency and state benchmarks over real
 * brokers and Flink clusters; every figure is reported as a ratio against a baseline measured in the same
 * run. Nothing imports this module.
 */
package io.streamingbatchnorm.bench;
