package dev.hud.gateway.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import io.quarkus.elytron.security.common.BcryptUtil;

/** Users: creation with validated names and passwords, stored as bcrypt hashes; password checks. */
@ApplicationScoped
public class UserService {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    public static final String USERNAME_RULE = "2 to 64 of a-z 0-9 . _ -, starting with a letter or digit";
    static final int MIN_PASSWORD = 10;
    /** bcrypt reads 72 bytes: a longer password is refused rather than silently cut. */
    static final int MAX_PASSWORD_BYTES = 72;
    public static final String PASSWORD_RULE = "at most " + MAX_PASSWORD_BYTES + " bytes (UTF-8)";
    static final int BCRYPT_COST = 10;

    /** Whether some user could have this name (checked before a login is counted or remembered). */
    public static boolean isPossibleUsername(String username) {
        return username != null && username.length() <= 64 && USERNAME.matcher(username).matches();
    }

    /** Whether some user could have this password: bcrypt's 72 bytes at most. */
    public static boolean isPossiblePassword(String password) {
        return password != null && password.length() <= MAX_PASSWORD_BYTES
                && password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }

    @Transactional
    public User create(String username, String password, String role) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!isPossibleUsername(username)) {
            errors.add(new Problem.FieldError("username", USERNAME_RULE));
        } else if (User.findByUsername(username).isPresent()) {
            errors.add(new Problem.FieldError("username", "is taken"));
        }
        if (password == null || password.length() < MIN_PASSWORD || !isPossiblePassword(password)) {
            errors.add(new Problem.FieldError("password", "at least " + MIN_PASSWORD + " characters, " + PASSWORD_RULE));
        }
        if (!User.USER.equals(role) && !User.ADMIN.equals(role)) {
            errors.add(new Problem.FieldError("role", "user or admin"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        var user = new User();
        user.username = username;
        user.passwordHash = BcryptUtil.bcryptHash(password, BCRYPT_COST);
        user.role = role;
        user.persist();
        return user;
    }

    /** @return whether an admin was created (none existed) */
    @Transactional
    public boolean createAdminIfNone(String username, String password) {
        if (User.anyAdmin()) {
            return false;
        }
        create(username, password, User.ADMIN);
        return true;
    }

    /** Sets an existing user's password when it is not that already; false when there is no such user or nothing changed. */
    @Transactional
    public boolean resetPassword(String username, String password) {
        var user = User.findByUsername(username);
        if (user.isEmpty() || BcryptUtil.matches(password, user.get().passwordHash)) {
            return false;
        }
        user.get().passwordHash = BcryptUtil.bcryptHash(password, BCRYPT_COST);
        return true;
    }

    /** The user, if the password is theirs. Same work whether or not the user exists (no timing oracle). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<User> authenticate(String username, String password) {
        Optional<User> user = username == null ? Optional.empty() : User.findByUsername(username);
        String hash = user.map(u -> u.passwordHash).orElse(NO_USER);
        boolean matches = password != null && BcryptUtil.matches(password, hash);
        return matches ? user : Optional.empty();
    }

    /** A valid hash of a random password, checked against when the user does not exist. */
    private static final String NO_USER = BcryptUtil.bcryptHash(java.util.UUID.randomUUID().toString(), BCRYPT_COST);
}
