package dev.stepwise.cli;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known name a misspelled one most likely meant, for "did you mean" hints. */
final class Spelling {

    /** Suggest only names this close: two typos. */
    static final int MAX_DISTANCE = 2;

    private Spelling() {
    }

    /** The known name at most {@link #MAX_DISTANCE} edits from {@code name}, ignoring case; the first on a tie. */
    static Optional<String> closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String candidate : known) {
            int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Insertions, deletions and replacements from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
            }
        }
        return d[a.length()][b.length()];
    }
}
