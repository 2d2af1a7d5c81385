package dev.hud.common.http;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;

/**
 * Client addresses decide limits (the gateway's login throttling, the sensors' streams per client), so a forwarded
 * address is believed only from a proxy named in {@code quarkus.http.proxy.trusted-proxies}: Quarkus would take {@code
 * X-Forwarded-For} from anyone when forwarding is on and that list is empty, and then every client could claim a new
 * address. A service refuses to start so.
 */
@ApplicationScoped
public class TrustedProxies {

    void check(@Observes StartupEvent event, Config config) {
        check(config.getOptionalValue("quarkus.http.proxy.proxy-address-forwarding", Boolean.class).orElse(false),
                config.getOptionalValue("quarkus.http.proxy.trusted-proxies", String.class));
    }

    public static void check(boolean forwarding, Optional<String> trustedProxies) {
        if (forwarding && trustedProxies.filter(list -> !list.isBlank()).isEmpty()) {
            throw new IllegalStateException(
                    "quarkus.http.proxy.proxy-address-forwarding is on but quarkus.http.proxy.trusted-proxies"
                            + " names no proxy: any client could forge its address. Name the Ingress"
                            + " controller's addresses (chart values"
                            + " gateway.trustedProxies, sensors.trustedProxies).");
        }
    }
}
