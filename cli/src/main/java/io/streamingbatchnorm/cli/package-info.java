/**
 * The {@code normalize} command line: one picocli subcommand per task, flags derived from the engines'
 * option constants by {@link io.streamingbatchnorm.cli.OptionFlags}. Top of the module tree: nothing
 * imports it.
 */
package io.streamingbatchnorm.cli;
