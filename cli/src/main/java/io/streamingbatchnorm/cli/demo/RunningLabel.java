package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.core.Durations;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.Running;
import io.streamingbatchnorm.core.config.ConfigOption;

/**
 * The running statistics a demo ran with, in the flags' words, for the chart's title: the same stream
 * looks very different under {@code ema} and under {@code decay}, and a chart must say which it shows.
 */
final class RunningLabel {
    private RunningLabel() {}

    static String of(NormalizerConfig config) {
        StringBuilder label = new StringBuilder("--running ").append(ConfigOption.flagForm(config.running()));
        if (config.running() == Running.EMA) {
            label.append(" --momentum ").append(config.momentum());
        } else if (config.running() == Running.DECAY) {
            label.append(" --half-life ").append(Durations.format(config.halfLife()));
        }
        if (config.renorm()) {
            label.append(" --renorm");
        }
        return label.toString();
    }
}
