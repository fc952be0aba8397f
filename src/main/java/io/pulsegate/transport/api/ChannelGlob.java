package io.pulsegate.transport.api;

/**
 * The {@code pattern} of {@code /api/channels}: {@code *} matches any run of characters, {@code ?} exactly one (a code
 * point), everything else itself. Matched directly, never compiled into a regex: a caller's pattern such as
 * {@code *a*a*a*a*b} must not cost more than {@code O(pattern × name)} steps (no backtracking blow-up).
 */
final class ChannelGlob {

    private final int[] glob;

    ChannelGlob(String pattern) {
        this.glob = pattern.codePoints().toArray();
    }

    /** @return whether the whole of {@code name} matches */
    boolean matches(String name) {
        int[] s = name.codePoints().toArray();
        int g = 0;
        int i = 0;
        int star = -1; // position in glob after the last '*' seen
        int resume = 0; // position in name that '*' is currently taken to have consumed up to
        while (i < s.length) {
            if (g < glob.length && (glob[g] == '?' || glob[g] != '*' && glob[g] == s[i])) {
                g++;
                i++;
            } else if (g < glob.length && glob[g] == '*') {
                star = ++g;
                resume = i;
            } else if (star >= 0) {
                g = star; // let the last '*' absorb one more character and retry
                i = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length && glob[g] == '*') {
            g++;
        }
        return g == glob.length;
    }
}
