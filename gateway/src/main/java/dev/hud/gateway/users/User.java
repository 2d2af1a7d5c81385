package dev.hud.gateway.users;

import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person or service using HUD: a name, a bcrypt-hashed password, a role (user or admin). */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {

    public static final String USER = "user";
    public static final String ADMIN = "admin";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 64)
    public String username;

    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    @Column(nullable = false, length = 16)
    public String role;

    @Column(name = "avatar_media", length = 64)
    public String avatarMedia;

    /** A disabled user cannot log in, and their tokens are refused. */
    @Column(nullable = false)
    public boolean disabled;

    /**
     * Named by every token of this user ({@code ver}); moved on when the password, role or status changes, and at
     * logout.
     */
    @Column(name = "token_version", nullable = false)
    public int tokenVersion;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    public static Optional<User> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    public static boolean anyAdmin() {
        return count("role", ADMIN) > 0;
    }

    /** Admins who can still log in. */
    public static long activeAdmins() {
        return count("role = ?1 and disabled = false", ADMIN);
    }

    /** Ends every token issued so far. */
    public void endSessions() {
        tokenVersion++;
    }
}
