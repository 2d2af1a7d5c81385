package dev.hud.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Volumes that bind on a stock cluster (ReadWriteOnce by default), and never a ReadWriteOnce volume that pods on
 * several nodes would need at once: the most pods each claim can have is derived from the rendered workloads and their
 * scalers (HPA, KEDA).
 */
class VolumesTest {

    static List<Path> variants() throws Exception {
        return Chart.variants();
    }

    @Test
    void theDefaultsAskOnlyForReadWriteOnce() throws Exception {
        var manifests = Chart.render(null);
        var modes = accessModes(manifests);
        assertTrue(modes.containsKey("hud-cdn-media") && modes.containsKey("hud-trainer-state"), modes.toString());
        modes.forEach((claim, mode) -> assertEquals("[\"ReadWriteOnce\"]", mode, claim));
    }

    /** Every claim that is not ReadWriteMany: at most one pod, whose Deployment lets go of it before the next. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void noReadWriteOnceVolumeIsSharedByPodsThatMayRunOnSeveralNodes(Path values) throws Exception {
        var manifests = Chart.render(values);
        var problems = new ArrayList<String>();
        accessModes(manifests).forEach((claim, modes) -> {
            if (modes.contains("ReadWriteMany")) {
                return;
            }
            int most = 0;
            for (var workload : manifests) {
                if (workload.kind().equals("Deployment") && mounts(workload, claim)) {
                    most += mostPods(workload, manifests);
                    if (!workload.at("/spec/strategy/type").asText().equals("Recreate")) {
                        problems.add(workload + " rolls out with a second pod on " + modes + " " + claim);
                    }
                }
            }
            if (most > 1) {
                problems.add(claim + " (" + modes + ") is mounted by up to " + most + " pods");
            }
        });
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "cdn.autoscaling.enabled=true | cdn: up to 10 replicas would share the media volume, which is"
                    + " ReadWriteOnce: set cdn.media.accessMode=ReadWriteMany",
            "cdn.replicas=2 | cdn: up to 2 replicas would share the media volume",
            "trainer.cpu.autoscaling.enabled=true | trainer: up to 8 trainer pods would share the state volume",
            "trainer.cpu.keda.enabled=true | trainer: up to 8 trainer pods",
            "trainer.gpu.enabled=true | trainer: up to 2 trainer pods would share the state volume (registered models"
                    + " every pod serves predictions from), which is ReadWriteOnce:"
                    + " set trainer.state.accessMode=ReadWriteMany",
            "cdn.media.store=s3 | cdn.media.store=s3 needs cdn.media.s3.bucket" })
    void severalPodsOnAReadWriteOnceVolumeAreRefused(String set, String message) throws Exception {
        var result = Helm4.run("template", "hud", Chart.CHART.toString(), "--set", "auth.lookupExisting=false", "--set",
                set);
        assertTrue(result.exitCode() != 0, set + " rendered");
        assertTrue(result.output().contains(message), result.output());
    }

    @Test
    void readWriteManyVolumesScaleOut() throws Exception {
        var manifests = Chart.parse(Chart.template(null,
                Map.of("cdn.autoscaling.enabled", true, "cdn.media.accessMode", "ReadWriteMany",
                        "trainer.cpu.autoscaling.enabled", true, "trainer.state.accessMode", "ReadWriteMany")));
        assertEquals(Map.of("hud-cdn-media", "[\"ReadWriteMany\"]", "hud-trainer-state", "[\"ReadWriteMany\"]"),
                Map.of("hud-cdn-media", accessModes(manifests).get("hud-cdn-media"), "hud-trainer-state",
                        accessModes(manifests).get("hud-trainer-state")));
        assertEquals(10, mostPods(deployment(manifests, "hud-cdn"), manifests));
        assertEquals(8, mostPods(deployment(manifests, "hud-trainer-cpu"), manifests));
        assertTrue(deployment(manifests, "hud-cdn").at("/spec/strategy/type").isMissingNode(), "rolling updates");
    }

    @Test
    void mediaInABucketNeedNoVolumeAndScaleOut() throws Exception {
        var manifests = Chart.parse(Chart.template(null,
                Map.of("cdn.autoscaling.enabled", true, "cdn.media.store", "s3", "cdn.media.s3.bucket", "hud-media",
                        "cdn.media.s3.endpoint", "http://minio.storage:9000", "cdn.media.s3.pathStyle", true,
                        "cdn.media.s3.credentialsSecret", "hud-media-s3")));
        assertTrue(!accessModes(manifests).containsKey("hud-cdn-media"), "no media volume");
        var cdn = deployment(manifests, "hud-cdn");
        assertEquals(10, mostPods(cdn, manifests));
        assertTrue(cdn.at("/spec/strategy/type").isMissingNode(), "rolling updates");
        var env = new TreeMap<String, String>();
        for (JsonNode variable : cdn.at("/spec/template/spec/containers/0/env")) {
            env.put(variable.at("/name").asText(), variable.has("value") ? variable.at("/value").asText()
                    : variable.at("/valueFrom/secretKeyRef/name").asText() + "/"
                            + variable.at("/valueFrom/secretKeyRef/key").asText());
        }
        assertEquals("s3", env.get("HUD_CDN_MEDIA_STORE"));
        assertEquals("hud-media", env.get("HUD_CDN_MEDIA_S3_BUCKET"));
        assertEquals("http://minio.storage:9000", env.get("HUD_CDN_MEDIA_S3_ENDPOINT"));
        assertEquals("true", env.get("HUD_CDN_MEDIA_S3_PATH_STYLE_ACCESS"));
        assertEquals("hud-media-s3/access-key-id", env.get("HUD_CDN_MEDIA_S3_ACCESS_KEY_ID"));
        assertEquals("hud-media-s3/secret-access-key", env.get("HUD_CDN_MEDIA_S3_SECRET_ACCESS_KEY"));
        for (JsonNode volume : cdn.at("/spec/template/spec/volumes")) {
            if (volume.at("/name").asText().equals("media")) {
                assertTrue(volume.has("emptyDir"), "uploads in progress only: " + volume);
            }
        }
    }

    /** Claim name to its access modes (as JSON), for PersistentVolumeClaims and StatefulSets' claim templates. */
    static Map<String, String> accessModes(List<Chart.Manifest> manifests) {
        var modes = new TreeMap<String, String>();
        for (var manifest : manifests) {
            if (manifest.kind().equals("PersistentVolumeClaim")) {
                modes.put(manifest.name(), manifest.at("/spec/accessModes").toString());
            } else if (manifest.kind().equals("StatefulSet")) {
                for (JsonNode template : manifest.at("/spec/volumeClaimTemplates")) {
                    modes.put(manifest.name() + "/" + template.at("/metadata/name").asText(),
                            template.at("/spec/accessModes").toString());
                }
            }
        }
        return modes;
    }

    private static boolean mounts(Chart.Manifest workload, String claim) {
        for (JsonNode volume : workload.at("/spec/template/spec/volumes")) {
            if (volume.at("/persistentVolumeClaim/claimName").asText().equals(claim)) {
                return true;
            }
        }
        return false;
    }

    /** The most pods a Deployment may have: its scaler's maximum, else its replicas. */
    static int mostPods(Chart.Manifest deployment, List<Chart.Manifest> manifests) {
        for (var scaler : manifests) {
            boolean targets = scaler.at("/spec/scaleTargetRef/name").asText().equals(deployment.name());
            if (targets && scaler.kind().equals("HorizontalPodAutoscaler")) {
                return scaler.at("/spec/maxReplicas").asInt();
            }
            if (targets && scaler.kind().equals("ScaledObject")) {
                return scaler.at("/spec/maxReplicaCount").asInt();
            }
        }
        JsonNode replicas = deployment.at("/spec/replicas");
        return replicas.isMissingNode() ? 1 : replicas.asInt();
    }

    static Chart.Manifest deployment(List<Chart.Manifest> manifests, String name) {
        return manifests.stream().filter(m -> m.kind().equals("Deployment") && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name));
    }
}
