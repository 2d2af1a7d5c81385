package dev.hud.common.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.TrustEverythingTrustManager;

/**
 * A plain AMQP connection factory for the broker the messaging connector uses (its {@code rabbitmq-*}
 * keys), for what the connector does not do: readiness probes, declaring queues, reading depths.
 */
public final class BrokerSettings {

    /** The connector's own keys, shared by every channel. */
    static final String CONNECTOR = "mp.messaging.connector.smallrye-rabbitmq.";

    private BrokerSettings() {
    }

    /**
     * How to reach the broker over TLS (amqps): whom to trust and whether the certificate must name the host.
     *
     * @param trustManager whom to trust; null: the JVM's default trust store
     * @param verifyHostname whether the broker's certificate must name the host connected to
     */
    public record Tls(X509TrustManager trustManager, boolean verifyHostname) {
    }

    /** Without automatic recovery: callers open a new connection when theirs is closed. */
    public static ConnectionFactory factory(String host, int port, String username, String password, String virtualHost,
            Duration timeout) {
        return factory(host, port, username, password, virtualHost, timeout, Optional.empty());
    }

    /** As {@link #factory(String, int, String, String, String, Duration)}, over TLS when {@code tls} is given. */
    public static ConnectionFactory factory(String host, int port, String username, String password, String virtualHost,
            Duration timeout, Optional<Tls> tls) {
        var factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout((int) timeout.toMillis());
        factory.setHandshakeTimeout((int) timeout.toMillis());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        tls.ifPresent(settings -> {
            try {
                var context = SSLContext.getInstance("TLS");
                var trust = settings.trustManager() == null ? defaultTrustManager() : settings.trustManager();
                context.init(null, new TrustManager[] { trust }, null);
                factory.useSslProtocol(context);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot set up TLS to the broker", e);
            }
            if (settings.verifyHostname()) {
                factory.enableHostnameVerification();
            }
        });
        return factory;
    }

    /**
     * The connector's broker, from its own keys ({@code rabbitmq-host}, {@code -port}, {@code -username},
     * {@code -password}, {@code -virtual-host}, {@code -ssl}; defaults as the connector's, port 5672 even over TLS),
     * with {@code hud.health.broker-timeout} (default 2 s) for connecting: one reading of the settings for every
     * plain connection a service opens. Over TLS see {@link #tls(Config)}.
     */
    public static ConnectionFactory fromConfig() {
        return fromConfig(ConfigProvider.getConfig());
    }

    /** As {@link #fromConfig()}, from the given configuration. */
    public static ConnectionFactory fromConfig(Config config) {
        return factory(config.getOptionalValue("rabbitmq-host", String.class).orElse("localhost"),
                config.getOptionalValue("rabbitmq-port", Integer.class).orElse(5672),
                config.getOptionalValue("rabbitmq-username", String.class).orElse("guest"),
                config.getOptionalValue("rabbitmq-password", String.class).orElse("guest"),
                config.getOptionalValue("rabbitmq-virtual-host", String.class).orElse("/"),
                config.getOptionalValue("hud.health.broker-timeout", Duration.class).orElse(Duration.ofSeconds(2)),
                tls(config));
    }

    /**
     * TLS as the connector does it, when {@code rabbitmq-ssl} is true or the connector names a TLS configuration
     * ({@code mp.messaging.connector.smallrye-rabbitmq.tls-configuration-name}): trusting the PEM certificates of
     * that configuration's {@code quarkus.tls.<name>.trust-store.pem.certs}, else the JKS
     * {@code rabbitmq-trust-store-path} (and {@code -password}), else the JVM's trust store; everything with
     * {@code rabbitmq-trust-all}. The host name is verified unless trusting all or the algorithm in use (the TLS
     * configuration's {@code hostname-verification-algorithm}, else the connector's
     * {@code ssl.hostname-verification-algorithm}) is {@code NONE}.
     */
    static Optional<Tls> tls(Config config) {
        Optional<String> named = config.getOptionalValue(CONNECTOR + "tls-configuration-name", String.class);
        boolean ssl = config.getOptionalValue("rabbitmq-ssl", Boolean.class).orElse(false);
        if (!ssl && named.isEmpty()) {
            return Optional.empty();
        }
        if (config.getOptionalValue("rabbitmq-trust-all", Boolean.class).orElse(false)) {
            return Optional.of(new Tls(new TrustEverythingTrustManager(), false));
        }
        String prefix = named.map(name -> "quarkus.tls." + name + ".").orElse(null);
        Optional<String> algorithm = prefix == null ? Optional.empty()
                : config.getOptionalValue(prefix + "hostname-verification-algorithm", String.class);
        if (algorithm.isEmpty()) {
            algorithm = config.getOptionalValue(CONNECTOR + "ssl.hostname-verification-algorithm", String.class);
        }
        boolean verify = !algorithm.orElse("HTTPS").equalsIgnoreCase("NONE");
        Optional<List<String>> pems = prefix == null ? Optional.empty()
                : config.getOptionalValues(prefix + "trust-store.pem.certs", String.class);
        if (pems.isPresent()) {
            return Optional.of(new Tls(trustManager(pemTrustStore(pems.get())), verify));
        }
        Optional<String> jks = config.getOptionalValue("rabbitmq-trust-store-path", String.class);
        if (jks.isPresent()) {
            char[] password = config.getOptionalValue("rabbitmq-trust-store-password", String.class)
                    .map(String::toCharArray).orElse(null);
            return Optional.of(new Tls(trustManager(jksTrustStore(jks.get(), password)), verify));
        }
        return Optional.of(new Tls(null, verify));
    }

    /** A trust store of the certificates in these PEM files (a CA bundle may hold several). */
    static KeyStore pemTrustStore(List<String> files) {
        try {
            var store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            var certificates = CertificateFactory.getInstance("X.509");
            int index = 0;
            for (String file : files) {
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    for (Certificate certificate : certificates.generateCertificates(in)) {
                        store.setCertificateEntry("ca-" + index++, certificate);
                    }
                }
            }
            if (index == 0) {
                throw new IllegalStateException("No certificate in " + files);
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the broker's CA certificates " + files, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the broker's CA certificates " + files, e);
        }
    }

    private static KeyStore jksTrustStore(String file, char[] password) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            var store = KeyStore.getInstance("JKS");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the broker's trust store " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the broker's trust store " + file, e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) {
        try {
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("No X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up the broker's trust", e);
        }
    }

    private static X509TrustManager defaultTrustManager() {
        return trustManager(null);
    }
}
