package dev.hud.gateway.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.hud.gateway.users.UserService;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the first admin from configuration when the database has none (after DatabaseStartup (common),
 * which observes start-up first). With the database away the gateway still starts (readiness says
 * DOWN), and the admin is created at a later start.
 */
@ApplicationScoped
class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);

    void create(@Observes StartupEvent event, AuthConfig config, UserService users) {
        if (config.admin().password().isEmpty()) {
            LOG.info("hud.auth.admin.password (HUD_AUTH_ADMIN_PASSWORD) is not set: no first admin is created");
            return;
        }
        try {
            if (users.createAdminIfNone(config.admin().username(), config.admin().password().get())) {
                LOG.infof("Created the first admin, %s", config.admin().username());
            } else if (config.admin().resetPassword()
                    && users.resetPassword(config.admin().username(), config.admin().password().get())) {
                LOG.infof("Set the password of %s to the configured one", config.admin().username());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Cannot create the first admin now (%s); the next start will", e.getMessage());
        }
    }
}
