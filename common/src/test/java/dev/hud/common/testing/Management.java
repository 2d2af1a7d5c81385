package dev.hud.common.testing;

import java.net.URI;
import java.net.URL;

/**
 * Addresses on a service's management interface, from the URL {@code @TestHTTPResource(management = true)} gives (it
 * ends in the management root path, {@code /q/}).
 */
public final class Management {

    private Management() {
    }

    /** {@code path} from the root of the management interface's host and port, e.g. {@code /q/health/ready}. */
    public static String url(URL management, String path) {
        return URI.create(management.toString()).resolve(path).toString();
    }
}
