package io.streamingbatchnorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard of {@code docker/grafana/dashboards} and the metric names its PromQL queries use: every
 * bare metric name (the project's metrics start with {@code flink_} or {@code sbn_}), and every regular expression
 * matched against {@code __name__}.
 */
final class DashboardQueries {
    static final Path FILE = DockerFiles.DIR.resolve("grafana/dashboards/streaming-batchnorm.json");

    private static final Pattern NAME_REGEX = Pattern.compile("__name__\\s*=~\\s*\"([^\"]*)\"");
    private static final Pattern STRING = Pattern.compile("\"[^\"]*\"");
    private static final Pattern METRIC = Pattern.compile("(?<![A-Za-z0-9_:])((?:flink|sbn)_[A-Za-z0-9_:]+)");

    private DashboardQueries() {}

    static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(FILE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every query of every panel. */
    static List<String> queries(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(target.path("expr").asText());
            }
        }
        return out;
    }

    /** The metric names a query names outright (outside string literals). */
    static Collection<String> names(String query) {
        Collection<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(STRING.matcher(query).replaceAll("\"\""));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The regular expressions a query matches metric names with ({@code __name__=~"..."}). */
    static Collection<Pattern> namePatterns(String query) {
        Collection<Pattern> out = new ArrayList<>();
        Matcher m = NAME_REGEX.matcher(query);
        while (m.find()) {
            out.add(Pattern.compile(m.group(1)));
        }
        return out;
    }

    /** The problems of {@code query} against the names that exist: names unknown, patterns matching none. */
    static List<String> unknown(String query, Collection<String> known) {
        List<String> problems = new ArrayList<>();
        for (String name : names(query)) {
            if (!known.contains(name)) {
                problems.add(name);
            }
        }
        for (Pattern p : namePatterns(query)) {
            if (known.stream().noneMatch(n -> p.matcher(n).matches())) {
                problems.add("__name__=~\"" + p + "\"");
            }
        }
        return problems;
    }
}
