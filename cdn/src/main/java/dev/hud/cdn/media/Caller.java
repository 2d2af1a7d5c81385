package dev.hud.cdn.media;

import java.util.Set;

/** Who sent a request, from the gateway-signed bearer token. */
record Caller(String name, Set<String> groups) {

    static final String USER = "user";
    static final String ADMIN = "admin";
    static final String SERVICE = "service";

    boolean admin() {
        return groups.contains(ADMIN);
    }

    boolean mayUpload() {
        return groups.contains(USER) || groups.contains(ADMIN) || groups.contains(SERVICE);
    }
}
