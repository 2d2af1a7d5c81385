package dev.hud.gateway.auth;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;

/**
 * Client addresses decide login throttling, so a forwarded address is believed only from a proxy named in
 * {@code quarkus.http.proxy.trusted-proxies}: Quarkus would take {@code X-Forwarded-For} from anyone when forwarding is
 * on and that list is empty, and then every guess could claim a new address. The gateway refuses to start so.
 */
@ApplicationScoped
class TrustedProxies {

    void check(@Observes StartupEvent event, Config config) {
        check(config.getOptionalValue("quarkus.http.proxy.proxy-address-forwarding", Boolean.class).orElse(false),
                config.getOptionalValue("quarkus.http.proxy.trusted-proxies", String.class));
    }

    static void check(boolean forwarding, Optional<String> trustedProxies) {
        if (forwarding && trustedProxies.filter(list -> !list.isBlank()).isEmpty()) {
            throw new IllegalStateException("quarkus.http.proxy.proxy-address-forwarding is on but quarkus.http.proxy.trusted-proxies"
                    + " names no proxy: any client could forge its address. Name the Ingress controller's addresses (chart value"
                    + " gateway.trustedProxies).");
        }
    }
}
