package io.streamingbatchnorm.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the control commands that no longer decide anything: every setting they make, for every key they apply
 * to, is made again by a later command whose effective time the watermark has passed. Engines drop them so that
 * the commands they keep stay bounded however many are sent.
 *
 * <p>A command's settings are the mode (TRAIN, EVAL), gamma, beta, momentum, epsilon and the prior; a RESET makes
 * them all again but the prior, which a key keeps through a RESET. A later command decides a setting for a
 * command's keys when it is for the same key or for {@code *}; a vector setting (gamma, beta, prior) only when the
 * vectors have the same length, since a key of another dimension refuses it. RESETs are never dropped: they number
 * the key's statistics generations. Records
 * on time (at or after the watermark) get the same control state with or without the dropped commands; a late
 * record that falls before a dropped command's superseder gets the commands still kept.
 */
public final class CommandPruning {
    private CommandPruning() {}

    /** What a later command decides: a setting, and for vector settings the vector length (else 0, any: -1). */
    private record Setting(String name, int dimension) {}

    private static final List<Setting> RESET = List.of(
            new Setting("mode", 0),
            new Setting("gamma", -1),
            new Setting("beta", -1),
            new Setting("momentum", 0),
            new Setting("epsilon", 0));

    /** The ids of the commands among {@code commands} that can be dropped once the watermark is {@code watermark}. */
    public static Set<String> superseded(Collection<Command> commands, long watermark) {
        List<Command> ordered = new ArrayList<>(commands);
        ordered.sort(Comparator.comparingLong(Command::orderTime).thenComparingLong(Command::sequence));
        // Swept from the latest: what the settled commands after the current one decide, per key ("*" included).
        Map<String, Set<Setting>> decided = new HashMap<>();
        Set<String> out = new HashSet<>();
        for (int i = ordered.size() - 1; i >= 0; i--) {
            Command c = ordered.get(i);
            if (c.orderTime() > watermark) {
                continue;
            }
            if (c.type() != CommandType.RESET && decidedLater(c, decided)) {
                out.add(c.id());
            }
            decided.computeIfAbsent(c.key(), k -> new HashSet<>()).addAll(settings(c));
        }
        return out;
    }

    private static boolean decidedLater(Command c, Map<String, Set<Setting>> decided) {
        Set<Setting> forKey = decided.getOrDefault(c.key(), Set.of());
        Set<Setting> forAll = decided.getOrDefault(Command.ALL_KEYS, Set.of());
        for (Setting s : settings(c)) {
            if (!decides(forAll, s) && (Command.ALL_KEYS.equals(c.key()) || !decides(forKey, s))) {
                return false;
            }
        }
        return true;
    }

    private static boolean decides(Set<Setting> later, Setting s) {
        return later.contains(s) || (s.dimension() > 0 && later.contains(new Setting(s.name(), -1)));
    }

    private static List<Setting> settings(Command c) {
        List<Setting> out = new ArrayList<>(2);
        switch (c.type()) {
            case TRAIN, EVAL -> out.add(new Setting("mode", 0));
            case SET_AFFINE -> {
                if (c.gamma() != null) {
                    out.add(new Setting("gamma", c.gamma().length));
                }
                if (c.beta() != null) {
                    out.add(new Setting("beta", c.beta().length));
                }
            }
            case SET_PARAMS -> {
                if (c.momentum() != null) {
                    out.add(new Setting("momentum", 0));
                }
                if (c.epsilon() != null) {
                    out.add(new Setting("epsilon", 0));
                }
            }
            case SET_PRIOR -> out.add(new Setting("prior", c.priorMean() == null ? 0 : c.priorMean().length));
            case RESET -> out.addAll(RESET);
        }
        return out;
    }
}
