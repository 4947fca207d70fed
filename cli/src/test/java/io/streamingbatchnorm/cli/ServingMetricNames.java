package io.streamingbatchnorm.cli;

import java.util.Set;
import java.util.TreeSet;

/** The metric names in a Prometheus text exposition: the name of every sample line, without its labels. */
final class ServingMetricNames {
    private ServingMetricNames() {}

    static Set<String> of(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }
}
