package dev.hud.e2e.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signs tokens as the gateway does (RS256, issuer hud), with the system's key or a stranger's, to try them on the
 * services.
 */
public final class JwtSigner {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;

    private JwtSigner(PrivateKey key) {
        this.key = key;
    }

    /** With the key in a PKCS#8 PEM file ({@code ./hud up} makes the system's in its state folder). */
    public JwtSigner(Path pem) throws Exception {
        this(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getDecoder()
                        .decode(Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "")))));
    }

    /** A key no HUD service knows. */
    static JwtSigner foreign() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return new JwtSigner(generator.generateKeyPair().getPrivate());
    }

    /**
     * A person's token (for every service) for {@code upn} in {@code group}, expiring {@code seconds} from now (in the
     * past when negative).
     */
    public String sign(String upn, String group, long seconds) throws Exception {
        return sign(upn, group, seconds, "hud");
    }

    /** A token for one {@code audience}: {@code hud} (people's sessions), {@code hud-cdn} or {@code hud-trainer}. */
    public String sign(String upn, String group, long seconds, String audience) throws Exception {
        String unsigned = part("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + claims(upn, group, seconds, audience);
        var signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(unsigned.getBytes(StandardCharsets.US_ASCII));
        return unsigned + "." + URL.encodeToString(signature.sign());
    }

    /** {@code alg: none}: claims anyone could write. */
    static String unsigned(String upn, String group) {
        return part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + claims(upn, group, 3600, "hud") + ".";
    }

    private static String claims(String upn, String group, long seconds, String audience) {
        long now = System.currentTimeMillis() / 1000;
        return part("{\"iss\":\"hud\",\"aud\":\"" + audience + "\",\"upn\":\"" + upn + "\",\"sub\":\"" + upn
                + "\",\"groups\":[\"" + group + "\"],\"iat\":"
                + (now - 7200) + ",\"exp\":" + (now + seconds) + "}");
    }

    private static String part(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
