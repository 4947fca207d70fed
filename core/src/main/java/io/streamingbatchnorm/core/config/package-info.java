/**
 * The typed option model: each engine declares its options as {@link io.streamingbatchnorm.core.config.ConfigOption}
 * constants (key, type, default, parser, validator, description), and the command line, properties files,
 * validation messages and documentation tables are derived from them. No framework imports.
 */
package io.streamingbatchnorm.core.config;
