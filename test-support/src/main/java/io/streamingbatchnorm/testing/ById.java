package io.streamingbatchnorm.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Indexes outputs by their record id for comparisons, failing on a repeated id: a record emitted twice must
 * fail the test, not be hidden by the map keeping one of the two.
 */
public final class ById {
    private ById() {}

    /** {@code items} by {@code id}, in their order; fails if two items have the same id. */
    public static <T> Map<String, T> index(Iterable<T> items, Function<T, String> id) {
        return index(items, id, Function.identity());
    }

    /** {@code value} of each of {@code items} by {@code id}, in their order; fails if two items have the same id. */
    public static <T, V> Map<String, V> index(Iterable<T> items, Function<T, String> id, Function<T, V> value) {
        Map<String, V> out = new LinkedHashMap<>();
        for (T item : items) {
            String key = id.apply(item);
            if (out.containsKey(key)) {
                throw new AssertionError("id '" + key + "' appears more than once: " + out.get(key) + " and " + item);
            }
            out.put(key, value.apply(item));
        }
        return out;
    }
}
