package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;

/**
 * The chart, offline: real Helm (lint, template) for every ci/ variant, every object read by the fabric8 model, the
 * policy.
 */
class ChartTest {

    static List<Path> variants() throws Exception {
        return Chart.variants();
    }

    @Test
    void lintsStrictly() {
        var result = new Helm(Chart.CHART).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    /**
     * helm-java's lint takes no values file: each variant is linted as a copy of the chart whose defaults it overrides.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void lintsStrictlyWithEveryVariant(Path values) throws Exception {
        Path copy = Chart.copyTo(Files.createTempDirectory("hud-chart-"));
        JsonNode defaults = Chart.YAML.readTree(Chart.CHART.resolve("values.yaml").toFile());
        merge((ObjectNode) defaults, Chart.YAML.readTree(values.toFile()));
        Chart.YAML.writeValue(copy.resolve("values.yaml").toFile(), defaults);
        var result = new Helm(copy).lint().strict().call();
        assertFalse(result.isFailed(), values + ": " + String.join("\n", result.getMessages()));
    }

    private static void merge(ObjectNode into, JsonNode overrides) {
        if (overrides == null || !overrides.isObject()) {
            return;
        }
        overrides.fields().forEachRemaining(field -> {
            JsonNode current = into.get(field.getKey());
            if (current != null && current.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) current, field.getValue());
            } else {
                into.set(field.getKey(), field.getValue());
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyObjectIsAValidKubernetesObject(Path values) throws Exception {
        var manifests = Chart.render(values);
        assertFalse(manifests.isEmpty());
        for (var manifest : manifests) {
            String key = manifest.tree().path("apiVersion").asText() + "/" + manifest.kind();
            if (Models.CUSTOM.contains(key)) {
                continue;
            }
            var model = Models.read(manifest);
            assertEquals(List.of(), Models.unknownFields(model), manifest + " has fields Kubernetes does not know");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyVariantKeepsThePolicy(Path values) throws Exception {
        assertEquals(List.of(), Policy.violations(Chart.render(values)));
    }

    @Test
    void gpuTrainersLandOnGpuNodes() throws Exception {
        var manifests = Chart.render(Chart.CHART.resolve("ci/gpu-values.yaml"));
        var gpu = manifests.stream().filter(m -> m.kind().equals("Deployment") && m.name().equals("hud-trainer-gpu"))
                .findFirst().orElseThrow();
        assertEquals("true", gpu.at("/spec/template/spec/nodeSelector/nvidia.com~1gpu.present").asText());
        assertEquals("nvidia.com/gpu", gpu.at("/spec/template/spec/tolerations/0/key").asText());
        assertEquals(1, gpu.at("/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu").asInt());
        assertEquals("nvidia", gpu.at("/spec/template/spec/runtimeClassName").asText());
        assertTrue(gpu.at("/spec/template/spec/containers/0/image").asText().contains("hud-trainer-gpu:"));
        assertTrue(manifests.stream().anyMatch(m -> m.kind().equals("ScaledObject")), "KEDA scales the CPU trainers");
        assertTrue(
                manifests.stream().noneMatch(
                        m -> m.kind().equals("HorizontalPodAutoscaler") && m.name().equals("hud-trainer-cpu")),
                "no HPA competes with KEDA");
        assertTrue(Chart.render(null).stream().noneMatch(m -> m.name().equals("hud-trainer-gpu")),
                "no GPU trainer by default");
    }

    @Test
    void externalServicesReplaceTheInChartOnes() throws Exception {
        var manifests = Chart.render(Chart.CHART.resolve("ci/external-values.yaml"));
        assertTrue(manifests.stream().noneMatch(m -> m.kind().equals("StatefulSet")),
                "no in-chart PostgreSQL or RabbitMQ");
        assertTrue(manifests.stream().noneMatch(m -> m.kind().equals("Secret")), "the existing Secrets are used");
        var gateway = manifests.stream().filter(m -> m.name().equals("hud-gateway") && m.kind().equals("Deployment"))
                .findFirst().orElseThrow();
        String env = gateway.at("/spec/template/spec/containers/0/env").toString();
        assertTrue(env.contains("jdbc:postgresql://db.example.internal:5432/hud_gateway"), env);
        assertTrue(env.contains("\"name\":\"hud-db\""), env);
        assertTrue(env.contains("mq.example.internal"), env);
    }

    @Test
    void theSchemaRejectsAWrongType() {
        var failure = assertThrows(IllegalStateException.class,
                () -> Chart.template(null, Map.of("gateway.replicas", "two")));
        assertTrue(failure.getMessage().contains("gateway") && failure.getMessage().contains("replicas"),
                failure.getMessage());
        var unknown = assertThrows(IllegalStateException.class,
                () -> Chart.template(null, Map.of("gateway.replica", 2)));
        assertTrue(unknown.getMessage().contains("replica"), unknown.getMessage());
    }

    @Test
    void forwardedClientAddressesAreBelievedOnlyFromTheNamedProxies() throws Exception {
        assertEquals(Map.of(), forwardingEnv(Chart.render(null)), "by default the connecting address counts");
        var values = Files.createTempFile("trusted-proxies", ".yaml");
        Files.writeString(values, "gateway:\n  trustedProxies: [10.42.0.0/16, 10.43.0.10]\n");
        var behindIngress = Chart.render(values);
        Files.delete(values);
        assertEquals(Map.of("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true", "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES",
                "10.42.0.0/16,10.43.0.10"), forwardingEnv(behindIngress));
    }

    /**
     * Served over TLS, the session cookie takes the __Host- prefix; over plain HTTP it cannot (browsers would drop it).
     */
    @Test
    void theSessionCookieIsAHostCookieWhenTheIngressServesTls() throws Exception {
        assertEquals(Map.of(), gatewayEnv(Chart.render(null), "HUD_AUTH_SESSION_COOKIE"));
        var values = Files.createTempFile("tls", ".yaml");
        Files.writeString(values, "ingress:\n  tls:\n    enabled: true\n");
        var overTls = Chart.render(values);
        Files.delete(values);
        assertEquals(Map.of("HUD_AUTH_SESSION_COOKIE", "__Host-hud_token"),
                gatewayEnv(overTls, "HUD_AUTH_SESSION_COOKIE"));
    }

    private static Map<String, String> forwardingEnv(List<Chart.Manifest> manifests) {
        return gatewayEnv(manifests, "QUARKUS_HTTP_PROXY_");
    }

    private static Map<String, String> gatewayEnv(List<Chart.Manifest> manifests, String prefix) {
        var gateway = manifests.stream().filter(m -> m.name().equals("hud-gateway") && m.kind().equals("Deployment"))
                .findFirst().orElseThrow();
        var env = new TreeMap<String, String>();
        gateway.tree().at("/spec/template/spec/containers/0/env").forEach(variable -> {
            if (variable.path("name").asText().startsWith(prefix)) {
                env.put(variable.path("name").asText(), variable.path("value").asText());
            }
        });
        return env;
    }

    @Test
    void aSeededMistakeIsCaught() throws Exception {
        var manifests = Chart.render(null);
        var gateway = manifests.stream().filter(m -> m.name().equals("hud-gateway") && m.kind().equals("Deployment"))
                .findFirst().orElseThrow();
        ((ObjectNode) gateway.at("/spec/template/spec/containers/0")).remove("readinessProbe");
        ((ObjectNode) gateway.at("/spec/template/spec/containers/0/securityContext")).put("readOnlyRootFilesystem",
                false);
        var service = manifests.stream().filter(m -> m.name().equals("hud-cdn") && m.kind().equals("Service"))
                .findFirst().orElseThrow();
        ((ObjectNode) service.at("/spec/selector")).put("app.kubernetes.io/component", "cnd");
        var sensors = manifests.stream().filter(m -> m.name().equals("hud-sensors") && m.kind().equals("Service"))
                .findFirst().orElseThrow();
        ((ObjectNode) sensors.at("/spec/ports/0")).put("targetPort", "management");
        assertEquals(List.of("Deployment/hud-gateway container gateway: no readinessProbe",
                "Deployment/hud-gateway container gateway: readiness is not /q/health/ready",
                "Deployment/hud-gateway container gateway: readinessProbe is not on the management port",
                "Deployment/hud-gateway container gateway: writable root filesystem",
                "Service/hud-cdn: selects no pods of this release",
                "Service/hud-sensors: exposes the management port (health, metrics, OpenAPI are for probes"
                        + " and scrapers only)"),
                Policy.violations(manifests));

        var typo = Chart.parse(Chart.template(null, Map.of()).replace("containerPort: 8080", "containerPrt: 8080"));
        var deployment = typo.stream().filter(m -> m.name().equals("hud-gateway") && m.kind().equals("Deployment"))
                .findFirst().orElseThrow();
        assertEquals(List.of(".spec.template.spec.containers[0].ports[0].containerPrt"),
                Models.unknownFields(Models.read(deployment)));
    }

    @Test
    void theGeneratedTokenKeysSignAndVerify() throws Exception {
        var secret = Chart.render(null).stream().filter(m -> m.kind().equals("Secret") && m.name().equals("hud-auth"))
                .findFirst().orElseThrow();
        String privatePem = decode(secret.at("/data/jwt-private.pem").asText());
        String publicPem = decode(secret.at("/data/jwt-public.pem").asText());
        assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----"),
                "PKCS#8, which the services read: " + privatePem.lines().findFirst());
        var key = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(
                        privatePem.replaceAll("-----[A-Z ]+-----", ""))));
        var certificate = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(publicPem.getBytes(StandardCharsets.US_ASCII)));
        var signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update("header.payload".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();
        var verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update("header.payload".getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(signature), "the certificate holds the private key's public half");
        assertTrue(decode(secret.at("/data/admin-password").asText()).length() >= 24);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
