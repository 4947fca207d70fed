/**
 * The Flink job: the normalization dataflow ({@link io.streamingbatchnorm.flink.NormalizationPipeline}), its
 * configuration and its entry point; sources and sinks live in the {@code kafka} and {@code replay} packages.
 * Nothing outside the engines' front ends (cli, benchmarks, tests) may import this module.
 */
package io.streamingbatchnorm.flink;
