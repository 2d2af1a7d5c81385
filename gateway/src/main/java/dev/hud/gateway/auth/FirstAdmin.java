package dev.hud.gateway.auth;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.hud.gateway.users.User;
import dev.hud.gateway.users.UserService;
import io.quarkus.runtime.StartupEvent;

/** Creates the first admin from configuration when the database has none; after the migrations. */
@ApplicationScoped
class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class);

    @Transactional
    void create(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 100) StartupEvent event, AuthConfig config,
            UserService users) {
        if (User.anyAdmin()) {
            return;
        }
        if (config.admin().password().isEmpty()) {
            LOG.warn("No admin exists and hud.auth.admin.password (HUD_AUTH_ADMIN_PASSWORD) is not set: nobody can administer HUD");
            return;
        }
        users.create(config.admin().username(), config.admin().password().get(), User.ADMIN);
        LOG.infof("Created the first admin, %s", config.admin().username());
    }
}
