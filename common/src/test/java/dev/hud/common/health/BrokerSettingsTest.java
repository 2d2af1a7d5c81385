package dev.hud.common.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The plain AMQP factory from the connector's keys: vhost and TLS as the chart sets them, no broker needed. */
class BrokerSettingsTest {

    private static final String NAMED = BrokerSettings.CONNECTOR + "tls-configuration-name";

    @Test
    void plainAmqpOnTheDefaultVirtualHostByDefault() {
        var factory = BrokerSettings.fromConfig(config(Map.of("rabbitmq-host", "mq", "rabbitmq-port", "5672")));
        assertFalse(factory.isSSL());
        assertEquals("/", factory.getVirtualHost());
        assertEquals(5672, factory.getPort());
        assertTrue(BrokerSettings.tls(config(Map.of())).isEmpty());
    }

    @Test
    void takesTheVirtualHost() {
        var factory = BrokerSettings.fromConfig(config(Map.of("rabbitmq-virtual-host", "hud-prod")));
        assertEquals("hud-prod", factory.getVirtualHost());
    }

    @Test
    void tlsTrustingTheCaOfTheConnectorsTlsConfiguration() throws Exception {
        var config = config(Map.of("rabbitmq-host", "mq.example.com", "rabbitmq-port", "5671", "rabbitmq-ssl", "true",
                NAMED, "rabbitmq", "quarkus.tls.rabbitmq.trust-store.pem.certs", ca().toString()));
        var factory = BrokerSettings.fromConfig(config);
        assertTrue(factory.isSSL());
        assertEquals(5671, factory.getPort());

        var tls = BrokerSettings.tls(config).orElseThrow();
        assertTrue(tls.verifyHostname(), "the broker's certificate must name its host");
        X509Certificate ca = certificate(ca());
        assertEquals(1, tls.trustManager().getAcceptedIssuers().length);
        assertEquals(ca, tls.trustManager().getAcceptedIssuers()[0]);
        tls.trustManager().checkServerTrusted(new X509Certificate[] { ca }, "ECDHE_ECDSA");
    }

    @Test
    void tlsWithTheJvmTrustStoreWithoutACa() {
        var config = config(Map.of("rabbitmq-ssl", "true"));
        assertTrue(BrokerSettings.fromConfig(config).isSSL());
        var tls = BrokerSettings.tls(config).orElseThrow();
        assertNull(tls.trustManager(), "the JVM's default trust store");
        assertTrue(tls.verifyHostname());
    }

    @Test
    void hostnameVerificationOffOnlyWhenSaidSo() {
        var config = config(Map.of("rabbitmq-ssl", "true", NAMED, "rabbitmq",
                "quarkus.tls.rabbitmq.trust-store.pem.certs", ca().toString(),
                "quarkus.tls.rabbitmq.hostname-verification-algorithm", "NONE"));
        assertFalse(BrokerSettings.tls(config).orElseThrow().verifyHostname());
    }

    @Test
    void aMissingCaFileFailsLoudly() {
        var config = config(Map.of("rabbitmq-ssl", "true", NAMED, "rabbitmq",
                "quarkus.tls.rabbitmq.trust-store.pem.certs", "/nowhere/ca.crt"));
        var error = assertThrows(RuntimeException.class, () -> BrokerSettings.fromConfig(config));
        assertTrue(error.getMessage().contains("/nowhere/ca.crt"), error.getMessage());
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(new HashMap<>(properties), "test", 100))
                .build();
    }

    private static Path ca() {
        try {
            return Path.of(BrokerSettingsTest.class.getResource("/tls/broker-ca.crt").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
