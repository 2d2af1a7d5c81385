package dev.hud.cdn.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import io.smallrye.jwt.build.Jwt;

/** Real files of every kind, and tokens signed with the test key as the gateway signs them. */
final class MediaFixtures {

    private MediaFixtures() {
    }

    /** What the gateway makes for the cdn: for a service, or acting for a person it has checked. */
    static String token(String user, String... groups) {
        return Jwt.issuer("hud").upn(user).groups(Set.of(groups)).audience("hud-cdn").expiresIn(300).sign();
    }

    /** A person's session: the gateway's alone. */
    static String session(String user, String... groups) {
        return Jwt.issuer("hud").upn(user).groups(Set.of(groups)).audience("hud").expiresIn(300).sign();
    }

    /** The gateway's access link for one private file: {@code ?access=...}. */
    static String access(String mediaId) {
        return "?access=" + Jwt.issuer("hud").upn("media").groups("media").claim("media", mediaId).audience("hud-cdn")
                .expiresIn(300).sign();
    }

    static String expiredToken(String user) {
        long past = System.currentTimeMillis() / 1000 - 3600;
        return Jwt.issuer("hud").upn(user).groups("user").audience("hud-cdn").issuedAt(past - 60).expiresAt(past)
                .sign();
    }

    /** A zip with a random entry: unique content on every call. */
    static byte[] model() throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("configuration.json"));
            zip.write(("{\"id\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    static byte[] csv() {
        return ("mean_radius,diagnosis\n17.99,M\n" + UUID.randomUUID().hashCode() + ",B\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] image(String format) throws IOException {
        var image = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, (int) (Math.random() * 0xffffff));
        var bytes = new ByteArrayOutputStream();
        ImageIO.write(image, format, bytes);
        return bytes.toByteArray();
    }
}
