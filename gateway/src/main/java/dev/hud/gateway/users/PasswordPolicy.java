package dev.hud.gateway.users;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.nulabinc.zxcvbn.Zxcvbn;

/**
 * What a new password must be: at least {@link #MIN_LENGTH} characters, at most {@link #MAX_BYTES} bytes (bcrypt reads
 * no more, so a longer one is refused rather than cut), and not guessable: zxcvbn's estimate, from its bundled lists of
 * passwords seen in breaches, common words, names, keyboard patterns, sequences, dates and the user's own name, must
 * reach {@link #MIN_GUESSES} guesses (its score 3, "safely unguessable" with a slow hash such as bcrypt). Length is
 * checked before the estimate, whose cost grows with length.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_BYTES = 72;
    static final double MIN_GUESSES = 1e8;
    /** What any password, old or new, must be: what a login checks before anything else. */
    public static final String POSSIBLE_RULE = "at most " + MAX_BYTES + " bytes (UTF-8)";
    public static final String RULE = "at least " + MIN_LENGTH + " characters, " + POSSIBLE_RULE
            + ", not a common or easily guessed password";

    private PasswordPolicy() {
    }

    /** Whether some user could have this password: bcrypt's 72 bytes at most. */
    public static boolean isPossible(String password) {
        return password != null && password.length() <= MAX_BYTES
                && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /** Why {@code password} may not be {@code username}'s new password, if it may not. */
    public static Optional<String> problem(String password, String username) {
        if (password == null || password.length() < MIN_LENGTH || !isPossible(password)) {
            return Optional.of(RULE);
        }
        var strength = Estimator.ZXCVBN.measure(password, username == null ? List.of() : List.of(username));
        if (strength.getGuesses() < MIN_GUESSES) {
            String warning = strength.getFeedback().getWarning();
            return Optional.of("is easy to guess" + (warning == null || warning.isBlank() ? "" : " (" + warning + ")")
                    + ": use a longer phrase of uncommon words");
        }
        return Optional.empty();
    }

    /** Loaded on first use: its dictionaries are a few megabytes. */
    private static final class Estimator {
        static final Zxcvbn ZXCVBN = new Zxcvbn();
    }
}
