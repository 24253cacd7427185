package dev.stepwise.validation;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known name a misspelled one most likely meant, for "did you mean" hints in error messages. */
public final class Suggestion {

    /** Suggest a name only this close: two typos, e.g. a swapped pair and a wrong letter. */
    public static final int MAX_DISTANCE = 2;

    private Suggestion() {
    }

    /**
     * The known name closest to {@code name} (ignoring case), if at most {@link #MAX_DISTANCE}
     * edits away; the first in {@code known}'s order on a tie.
     */
    public static Optional<String> closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        String lower = name.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Edits (insert, delete, replace, swap two neighbours) from {@code a} to {@code b}. */
    public static int distance(String a, String b) {
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
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
