package dev.hud.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The keys the packaged services run with in these tests (the gateway module's test key pair), and
 * a service token signed with them, as an operator would make one for the trainers (RS256, issuer hud).
 */
final class Tokens {

    static final Path PRIVATE_KEY = Path.of("../gateway/src/test/resources/jwt/private.pem").toAbsolutePath().normalize();
    static final Path PUBLIC_KEY = Path.of("../gateway/src/test/resources/jwt/public.pem").toAbsolutePath().normalize();
    static final String ADMIN_PASSWORD = "admin-e2e-password";

    private Tokens() {
    }

    static String service(String name) throws Exception {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = encoder.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(("{\"iss\":\"hud\",\"upn\":\"" + name + "\",\"groups\":[\"service\"],\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        String pem = Files.readString(PRIVATE_KEY).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        var signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update((header + "." + payload).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + encoder.encodeToString(signature.sign());
    }
}
