package io.streamingbatchnorm.testkit;

/** Entry point of the testkit's AssertJ assertions: {@code ReplayAssertions.assertThat(result).key("k1")...}. */
public final class ReplayAssertions {
    private ReplayAssertions() {}

    public static ReplayResultAssert assertThat(ReplayResult actual) {
        return new ReplayResultAssert(actual);
    }
}
