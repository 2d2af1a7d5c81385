package dev.hud.cdn.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import dev.hud.cdn.Http;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The media API on {@code hud.cdn.media.store=s3}, against a real S3-compatible server ({@link S3Proxy}): every test of
 * {@link MediaApiTest}, and what only a bucket has (multipart uploads, their garbage).
 */
@QuarkusTest
@TestProfile(S3MediaTest.Bucket.class)
class S3MediaTest extends MediaApiTest {

    public static class Bucket implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3Proxy.class));
        }
    }

    private S3MediaStore s3() {
        return (S3MediaStore) store;
    }

    private S3Client client() {
        return s3().client();
    }

    @Override
    Path uploads() {
        return Path.of("target/media-s3/tmp");
    }

    @Override
    long storedCopies(String id) {
        return objects("hud/blobs/").stream().filter(object -> object.key().equals("hud/blobs/" + id)).count();
    }

    private List<S3Object> objects(String prefix) {
        return client().listObjectsV2Paginator(b -> b.bucket(S3Proxy.BUCKET).prefix(prefix)).contents().stream()
                .toList();
    }

    private List<MultipartUpload> multipartUploads() {
        return client().listMultipartUploadsPaginator(b -> b.bucket(S3Proxy.BUCKET)).uploads().stream().toList();
    }

    /** A zip of random bytes (they do not compress): about {@code size} bytes of unique content. */
    private static byte[] largeModel(int size) throws Exception {
        byte[] noise = new byte[size];
        new Random().nextBytes(noise);
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("weights.bin"));
            zip.write(noise);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void theKeysAreContentAddressedWithOneRecordPerOwner() throws Exception {
        byte[] model = MediaFixtures.model();
        String id = sha256(model);
        assertEquals(201, upload(alice, "kind=model", model).statusCode());
        assertEquals(201, upload(bob, "kind=model", model).statusCode());
        assertEquals(List.of("hud/blobs/" + id), objects("hud/blobs/" + id).stream().map(S3Object::key).toList());
        assertEquals(2, objects("hud/refs/" + id + "/").size());
        var head = Http.send(HttpRequest.newBuilder(base.resolve("/media/" + id + MediaFixtures.access(id)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals(Long.toString(model.length), Http.header(head, "Content-Length"));
        assertEquals("\"" + id + "\"", Http.header(head, "ETag"));
        var past = Http.get(base, "/media/" + id + MediaFixtures.access(id), "Range", "bytes=" + model.length + "-");
        assertEquals(416, past.statusCode());
        assertEquals("bytes */" + model.length, Http.header(past, "Content-Range"));
    }

    @Test
    void aLargeUploadGoesUpInPartsAndComesBackWhole() throws Exception {
        byte[] model = largeModel(11 * 1024 * 1024);
        var created = upload(alice, "kind=model", model);
        assertEquals(201, created.statusCode(), new String(created.body()));
        String id = sha256(model);
        String etag = client().headObject(b -> b.bucket(S3Proxy.BUCKET).key("hud/blobs/" + id)).eTag();
        assertTrue(etag.endsWith("-3\""), "a multipart upload of three 5 MiB parts: " + etag);
        assertEquals(List.of(), multipartUploads(), "completed");

        var whole = Http.get(base, "/media/" + id + MediaFixtures.access(id));
        assertEquals(200, whole.statusCode());
        assertArrayEquals(model, whole.body());
        int from = 5 * 1024 * 1024 - 10;
        var acrossParts = Http.get(base, "/media/" + id + MediaFixtures.access(id), "Range",
                "bytes=" + from + "-" + (from + 19));
        assertEquals(206, acrossParts.statusCode());
        assertEquals("bytes " + from + "-" + (from + 19) + "/" + model.length,
                Http.header(acrossParts, "Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(model, from, from + 20), acrossParts.body());
    }

    @Test
    void anAbandonedMultipartUploadIsInvisibleAndAbortedWhenOld() throws Exception {
        String id = sha256(MediaFixtures.model());
        String key = "hud/blobs/" + id;
        String uploadId = client().createMultipartUpload(b -> b.bucket(S3Proxy.BUCKET).key(key)).uploadId();
        client().uploadPart(b -> b.bucket(S3Proxy.BUCKET).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(new byte[5 * 1024 * 1024]));
        assertEquals(404, Http.get(base, "/media/" + id + MediaFixtures.access(id)).statusCode());
        assertTrue(store.records(id).isEmpty());

        store.collectGarbage(Instant.now().minus(Duration.ofHours(1)));
        assertEquals(List.of(uploadId), multipartUploads().stream().map(MultipartUpload::uploadId).toList(),
                "a young one may be in progress: left alone");

        assertTrue(store.collectGarbage(Instant.now().plusSeconds(1)) >= 1);
        assertEquals(List.of(), multipartUploads(), "aborted once older than the garbage age");
        assertEquals(0, storedCopies(id));
    }

    @Test
    void blobsWithoutRecordsGoWithTheGarbage() throws Exception {
        String orphan = "ee" + "1".repeat(62);
        client().putObject(b -> b.bucket(S3Proxy.BUCKET).key("hud/blobs/" + orphan),
                RequestBody.fromString("nobody refers to me"));
        byte[] deleted = MediaFixtures.model();
        String gone = json(upload(alice, "kind=model", deleted)).get("id").asText();
        assertEquals(204, Http.send(HttpRequest.newBuilder(base.resolve("/media/" + gone))
                .header("Authorization", "Bearer " + alice).DELETE()).statusCode());
        assertEquals(404, Http.get(base, "/media/" + gone + MediaFixtures.access(gone)).statusCode(),
                "invisible once its last record is gone");
        String kept = json(upload(alice, "kind=model", MediaFixtures.model())).get("id").asText();

        store.collectGarbage(Instant.now().minus(Duration.ofHours(1)));
        assertEquals(1, storedCopies(orphan), "younger than the garbage age: may belong to an upload in progress");

        assertTrue(store.collectGarbage(Instant.now().plusSeconds(1)) >= 2);
        assertEquals(0, storedCopies(orphan));
        assertEquals(0, storedCopies(gone));
        assertEquals(1, storedCopies(kept));
        assertEquals(200, Http.get(base, "/media/" + kept + MediaFixtures.access(kept)).statusCode());
    }
}
