package io.streamingbatchnorm.kafka;

import io.streamingbatchnorm.testing.Poll;

/** Waits on a running instance's statistics store through its query API, as a client would see it. */
final class StatsApi {
    private StatsApi() {}

    /** Waits until the instance serves {@code version} of {@code key} and reports itself healthy. */
    static void awaitVersion(ServingInstance app, String key, long version) {
        Poll.until(
                () -> HttpGet.get(app.httpPort(), "/stats/" + key),
                r -> r.statusCode() == 200 && r.body().contains("\"version\":" + version + ","),
                ServingAppITCase.DEADLINE,
                "version " + version + " of " + key + " on port " + app.httpPort());
        Poll.until(
                () -> HttpGet.get(app.httpPort(), "/health").statusCode(),
                s -> s == 200,
                ServingAppITCase.DEADLINE,
                "health");
    }
}
