package trapcheck.kvm.spec;

import java.util.Collection;
import java.util.Locale;

/**
 * Suggestions for misspelt words: the closest candidate within optimal-string-alignment distance 2
 * (an adjacent swap counts as one edit, the usual typo), a candidate that differs only in case, or
 * one the word is a prefix of (or that is a prefix of the word) when the shorter is at least 3 long.
 */
final class DidYouMean {
    private static final int MAX_DISTANCE = 2;
    private static final int MIN_PREFIX = 3;

    private DidYouMean() {
    }

    /** The best suggestion, or null when nothing is close. */
    static String suggest(String word, Collection<String> candidates) {
        String given = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int d = distance(given, c);
            // A 2-letter word is 2 edits from every other 2-letter word: require that some of it survives.
            boolean close = d == 0 || (d <= MAX_DISTANCE && d < given.length() && d < c.length());
            boolean prefix = given.length() >= MIN_PREFIX && c.startsWith(given)
                    || c.length() >= MIN_PREFIX && given.startsWith(c);
            if (!close && !prefix) {
                continue;
            }
            int rank = close ? d : MAX_DISTANCE + 1;
            if (rank < bestDistance) {
                best = candidate;
                bestDistance = rank;
            }
        }
        return best;
    }

    /**
     * " (did you mean 'x'?)" or, without a close candidate, "; expected one of: a, b, c"
     * (left out when the list is too long to help).
     */
    static String hint(String word, Collection<String> candidates) {
        String s = suggest(word, candidates);
        if (s != null) {
            return " (did you mean '" + s + "'?)";
        }
        if (candidates.isEmpty() || candidates.size() > 16) {
            return "";
        }
        return "; expected one of: " + String.join(", ", candidates);
    }

    /** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring). */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > MAX_DISTANCE) {
            return Math.abs(a.length() - b.length());
        }
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
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
