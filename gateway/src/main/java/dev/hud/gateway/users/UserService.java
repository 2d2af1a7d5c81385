package dev.hud.gateway.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * Users: creation with validated names and passwords, stored as bcrypt hashes; password checks; what an admin or the
 * user changes. Every change of password, role or status ends the user's sessions ({@link User#endSessions}) and is
 * announced ({@link AccountChanged}) once committed.
 */
@ApplicationScoped
public class UserService {

    /** An account changed: sessions it had may have ended. */
    public record AccountChanged(String username) {
    }

    /** Service tokens are named {@code hud-<service>}: no user may take such a name. */
    static final String SERVICE_PREFIX = "hud-";

    private final Event<AccountChanged> changed;

    UserService(Event<AccountChanged> changed) {
        this.changed = changed;
    }

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    public static final String USERNAME_RULE = "2 to 64 of a-z 0-9 . _ -, starting with a letter or digit";
    static final int BCRYPT_COST = 10;

    /** Whether some user could have this name (checked before a login is counted or remembered). */
    public static boolean isPossibleUsername(String username) {
        return username != null && username.length() <= 64 && USERNAME.matcher(username).matches();
    }

    @Transactional
    public User create(String username, String password, String role) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!isPossibleUsername(username)) {
            errors.add(new Problem.FieldError("username", USERNAME_RULE));
        } else if (username.startsWith(SERVICE_PREFIX)) {
            errors.add(new Problem.FieldError("username",
                    "names starting with " + SERVICE_PREFIX + " are HUD's services'"));
        } else if (User.findByUsername(username).isPresent()) {
            errors.add(new Problem.FieldError("username", "is taken"));
        }
        passwordRule(errors, "password", password, username);
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

    /**
     * Sets an existing user's password when it is not that already; false when there is no such user or nothing
     * changed.
     */
    @Transactional
    public boolean resetPassword(String username, String password) {
        var user = User.findByUsername(username);
        if (user.isEmpty() || BcryptUtil.matches(password, user.get().passwordHash)) {
            return false;
        }
        user.get().passwordHash = BcryptUtil.bcryptHash(password, BCRYPT_COST);
        user.get().endSessions();
        changed.fire(new AccountChanged(username));
        return true;
    }

    /** Every session of the user ends (logout). */
    @Transactional
    public void endSessions(String username) {
        User.findByUsername(username).ifPresent(user -> {
            user.endSessions();
            changed.fire(new AccountChanged(username));
        });
    }

    /** The caller changes their own password, proving they know the current one; their other sessions end. */
    @Transactional
    public User changeOwnPassword(String username, String current, String next) {
        User user = User.findByUsername(username).orElseThrow(() -> ProblemException.notFound("no user " + username));
        List<Problem.FieldError> errors = new ArrayList<>();
        if (current == null || !PasswordPolicy.isPossible(current) || !BcryptUtil.matches(current, user.passwordHash)) {
            errors.add(new Problem.FieldError("currentPassword", "is not your password"));
        }
        passwordRule(errors, "newPassword", next, username);
        checked(errors);
        setPassword(user, next);
        return user;
    }

    /** An admin sets a user's password (the user's sessions end). */
    @Transactional
    public User resetPassword(long id, String password) {
        User user = byId(id);
        List<Problem.FieldError> errors = new ArrayList<>();
        passwordRule(errors, "password", password, user.username);
        checked(errors);
        setPassword(user, password);
        return user;
    }

    /** An admin changes a user's role or status; the last admin who can log in stays one. */
    @Transactional
    public User update(long id, String role, Boolean disabled) {
        User user = byId(id);
        if (role != null && !User.USER.equals(role) && !User.ADMIN.equals(role)) {
            throw ProblemException.invalid("role", "user or admin");
        }
        boolean demoted = role != null && !role.equals(user.role) && User.ADMIN.equals(user.role);
        boolean locked = Boolean.TRUE.equals(disabled) && !user.disabled && User.ADMIN.equals(user.role);
        if (demoted || locked) {
            keepAnAdmin(user);
        }
        boolean change = role != null && !role.equals(user.role) || disabled != null && disabled != user.disabled;
        if (change) {
            if (role != null) {
                user.role = role;
            }
            if (disabled != null) {
                user.disabled = disabled;
            }
            user.endSessions();
            changed.fire(new AccountChanged(user.username));
        }
        return user;
    }

    /**
     * An admin deletes a user who owns nothing (jobs and models stay with their owner: disable the account instead).
     */
    @Transactional
    public void delete(long id) {
        User user = byId(id);
        if (User.ADMIN.equals(user.role)) {
            keepAnAdmin(user);
        }
        long owned = User.getEntityManager()
                .createQuery("select count(j) from TrainingJob j where j.ownerId = :id", Long.class)
                .setParameter("id", id).getSingleResult();
        if (owned > 0) {
            throw new ProblemException(Problem.of(409, "Conflict", user.username + " owns " + owned
                    + " job(s) and their models: disable the account instead, or delete the jobs first"));
        }
        user.delete();
        changed.fire(new AccountChanged(user.username));
    }

    /** Refuses (409) to take away the last admin who can log in. */
    private static void keepAnAdmin(User admin) {
        if (!admin.disabled && User.activeAdmins() <= 1) {
            throw new ProblemException(
                    Problem.of(409, "Conflict", admin.username + " is the last admin who can log in"));
        }
    }

    private void setPassword(User user, String password) {
        user.passwordHash = BcryptUtil.bcryptHash(password, BCRYPT_COST);
        user.endSessions();
        changed.fire(new AccountChanged(user.username));
    }

    private static User byId(long id) {
        User user = User.findById(id);
        if (user == null) {
            throw ProblemException.notFound("no user " + id);
        }
        return user;
    }

    private static void checked(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private static void passwordRule(List<Problem.FieldError> errors, String field, String password, String username) {
        PasswordPolicy.problem(password, username)
                .ifPresent(problem -> errors.add(new Problem.FieldError(field, problem)));
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
    private static final String NO_USER = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), BCRYPT_COST);
}
