package dev.hud.gateway.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The rules {@link PasswordPolicy} states, without the application: length, bytes, guessability. */
class PasswordPolicyTest {

    /** Four uncommon words: far above 10^8 guesses. */
    private static final String STRONG = "quartz otter nimbus";

    @Test
    void tenCharactersAreTheFewestAndNineAreRefusedWithTheRule() {
        String ten = "Xq7#vLp2@k";
        assertEquals(10, ten.length());
        assertEquals(Optional.empty(), PasswordPolicy.problem(ten, "someone"));
        assertEquals(Optional.of(PasswordPolicy.RULE), PasswordPolicy.problem(ten.substring(0, 9), "someone"));
        assertEquals(Optional.of(PasswordPolicy.RULE), PasswordPolicy.problem(null, "someone"));
        assertEquals(Optional.of(PasswordPolicy.RULE), PasswordPolicy.problem("", "someone"));
    }

    @Test
    void seventyTwoBytesAreTheMostBecauseBcryptReadsNoMore() {
        String base = STRONG + " ";
        String at72 = base + "z".repeat(72 - base.length());
        assertEquals(72, at72.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(PasswordPolicy.isPossible(at72));
        assertEquals(Optional.empty(), PasswordPolicy.problem(at72, "someone"));
        assertFalse(PasswordPolicy.isPossible(at72 + "z"));
        assertEquals(Optional.of(PasswordPolicy.RULE), PasswordPolicy.problem(at72 + "z", "someone"));
    }

    @Test
    void bytesNotCharactersCount() {
        // 36 two-byte letters: 36 characters, 72 bytes, possible; one more ASCII character is 73 bytes.
        String umlauts = "ü".repeat(36);
        assertTrue(PasswordPolicy.isPossible(umlauts));
        assertFalse(PasswordPolicy.isPossible(umlauts + "x"));
        // Three-byte characters: 25 of them are 75 bytes, though only 25 characters.
        assertFalse(PasswordPolicy.isPossible("€".repeat(25)));
        assertTrue(PasswordPolicy.isPossible("€".repeat(24)));
        assertFalse(PasswordPolicy.isPossible(null));
    }

    @Test
    void commonPatternedAndSequentialPasswordsAreEasyToGuess() {
        for (String weak : new String[] { "password123", "1234567890", "qwertyuiop", "aaaaaaaaaaaa", "abcdefghijkl",
                "iloveyou2024", "1q2w3e4r5t6y", "0123456789" }) {
            var problem = PasswordPolicy.problem(weak, "someone");
            assertTrue(problem.isPresent(), weak);
            assertTrue(problem.get().startsWith("is easy to guess"), problem.get());
        }
    }

    @Test
    void theUsersOwnNameMakesAPasswordGuessable() {
        // Strong for anyone else; weak for the user whose name it is built on.
        String password = "brontosaurix2024";
        assertEquals(Optional.empty(), PasswordPolicy.problem(password, "someone"));
        assertTrue(PasswordPolicy.problem(password, "brontosaurix").isPresent());
        assertEquals(Optional.empty(), PasswordPolicy.problem(password, null), "no name: judged alone");
    }

    @Test
    void aPhraseOfUncommonWordsPasses() {
        assertEquals(Optional.empty(), PasswordPolicy.problem(STRONG, "someone"));
        assertEquals(Optional.empty(), PasswordPolicy.problem("correct horse battery", "someone"));
    }
}
