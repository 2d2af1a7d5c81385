package dev.hud.cdn.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.cdn.CdnConfig;
import dev.hud.cdn.http.StaticFile;

/**
 * Content-addressed media on a folder all replicas share:
 * <pre>
 * tmp/                       uploads in progress
 * blobs/ab/&lt;sha256&gt;          content, stored once however many upload it
 * refs/&lt;sha256&gt;/&lt;owner&gt;.json  one {@link MediaRecord} per owner: a file exists for its owners
 * </pre>
 * A file is visible once it has a record. Every step is a rename of a complete, fsynced file, so a
 * crash leaves at worst a temp file or an unreferenced blob, which {@link #collectGarbage} removes.
 */
@ApplicationScoped
public class MediaStore {

    private static final Logger LOG = Logger.getLogger(MediaStore.class);
    public static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private final Path tmp;
    private final Path blobs;
    private final Path refs;
    private final Duration garbageAge;
    private final ObjectMapper json;

    MediaStore(CdnConfig config, ObjectMapper json) {
        Path root = config.media().root();
        this.tmp = root.resolve("tmp");
        this.blobs = root.resolve("blobs");
        this.refs = root.resolve("refs");
        this.garbageAge = config.media().garbageAge();
        this.json = json;
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(blobs);
            Files.createDirectories(refs);
        } catch (IOException e) {
            throw new UncheckedIOException("media root " + root + " is not writable", e);
        }
    }

    /** A new file for an upload in progress. */
    public Path newUpload() {
        try {
            return Files.createTempFile(tmp, "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The result of storing: the owner's record, and whether it is new. */
    public record Stored(MediaRecord record, boolean created) {
    }

    /**
     * Makes a complete upload visible: the blob is (re)placed by rename, then the owner's record is
     * written. An owner uploading the same content again gets their existing record back.
     */
    public Stored commit(Path upload, String sha256, long size, MediaKind kind, String contentType, String originalName,
            String owner)
            throws IOException {
        try (FileChannel channel = FileChannel.open(upload, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Path blob = blob(sha256);
        Files.createDirectories(blob.getParent());
        // Replacing an identical blob is harmless, and refreshes its age for the garbage collector.
        Files.move(upload, blob, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path record = recordFile(sha256, owner);
        if (Files.isRegularFile(record)) {
            return new Stored(json.readValue(record.toFile(), MediaRecord.class), false);
        }
        var created = new MediaRecord(sha256, kind.label(), originalName, contentType, size, owner,
                System.currentTimeMillis());
        Files.createDirectories(record.getParent());
        Path partial = Files.createTempFile(tmp, "record-", ".part");
        Files.write(partial, json.writeValueAsBytes(created));
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(partial, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Stored(created, true);
    }

    /** Every owner's record of a file, oldest first; empty if the file is not (or no longer) visible. */
    public List<MediaRecord> records(String id) {
        if (!ID.matcher(id).matches()) {
            return List.of();
        }
        Path folder = refs.resolve(id);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<MediaRecord> records = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                try {
                    records.add(json.readValue(file.toFile(), MediaRecord.class));
                } catch (NoSuchFileException deletedMeanwhile) {
                    // gone between list and read
                }
            }
            records.sort(Comparator.comparingLong(MediaRecord::created));
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content to send, with the first record's type; empty when not visible. */
    public Optional<StaticFile> file(String id, MediaRecord record) {
        Path blob = blob(id);
        try {
            long size = Files.size(blob);
            return Optional.of(new StaticFile(blob, size, record.contentType(), "\"" + id + "\"",
                    Files.getLastModifiedTime(blob).toMillis(), null, 0, null, 0, null));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes one owner's record; the blob goes with the next garbage collection once nobody has a record. */
    public boolean delete(String id, String owner) throws IOException {
        return Files.deleteIfExists(recordFile(id, owner));
    }

    /** Removes every record of the file (an admin's delete). */
    public int deleteAll(String id) throws IOException {
        int deleted = 0;
        for (MediaRecord record : records(id)) {
            if (delete(id, record.owner())) {
                deleted++;
            }
        }
        return deleted;
    }

    /** A page of all records, newest first. */
    public List<MediaRecord> list(int page, int size, long[] total) {
        List<MediaRecord> all = new ArrayList<>();
        try (Stream<Path> folders = Files.list(refs)) {
            for (Path folder : folders.toList()) {
                all.addAll(records(folder.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        all.sort(Comparator.comparingLong(MediaRecord::created).reversed());
        total[0] = all.size();
        int from = Math.min(all.size(), page * size);
        return all.subList(from, Math.min(all.size(), from + size));
    }

    /**
     * Removes what a crash or a cut upload left: temp files and blobs nobody has a record of, once
     * older than the garbage age (younger ones may belong to an upload in progress).
     *
     * @return how many files were removed
     */
    public int collectGarbage() {
        long cutoff = System.currentTimeMillis() - garbageAge.toMillis();
        int removed = 0;
        try (Stream<Path> files = Files.walk(tmp, 1); Stream<Path> stored = Files.walk(blobs, 2)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                removed += removeIfOlder(file, cutoff);
            }
            for (Path blob : stored.filter(Files::isRegularFile).toList()) {
                String id = blob.getFileName().toString();
                if (records(id).isEmpty()) {
                    removed += removeIfOlder(blob, cutoff);
                    deleteEmptyFolder(refs.resolve(id));
                }
            }
        } catch (IOException e) {
            LOG.warnf("media garbage collection incomplete: %s", e.getMessage());
        }
        return removed;
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private Path blob(String id) {
        return blobs.resolve(id.substring(0, 2)).resolve(id);
    }

    /** Owner names may hold any character: the file name is a digest of the name, the record holds it. */
    private Path recordFile(String id, String owner) {
        MessageDigest digest = sha256();
        return refs.resolve(id)
                .resolve(hex(digest.digest(owner.getBytes(StandardCharsets.UTF_8))).substring(0, 32) + ".json");
    }

    private static int removeIfOlder(Path file, long cutoff) throws IOException {
        if (Files.getLastModifiedTime(file).toMillis() < cutoff) {
            return Files.deleteIfExists(file) ? 1 : 0;
        }
        return 0;
    }

    private static void deleteEmptyFolder(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (IOException notEmptyOrGone) {
            // a record appeared meanwhile, or it is already gone
        }
    }
}
