package dev.hud.cdn.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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
 * {@code hud.cdn.media.store=volume}, the default.
 */
public class VolumeMediaStore implements MediaStore {

    private static final Logger LOG = Logger.getLogger(VolumeMediaStore.class);

    private final Path tmp;
    private final Path blobs;
    private final Path refs;
    private final Duration garbageAge;
    private final ObjectMapper json;

    VolumeMediaStore(CdnConfig config, ObjectMapper json) {
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

    @Override
    public Path newUpload() {
        try {
            return Files.createTempFile(tmp, "upload-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blob is (re)placed by rename, then the owner's record is written, also by rename. */
    @Override
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

    @Override
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

    /** Sent from the blob's file by sendfile. */
    @Override
    public Optional<Content> content(String id, MediaRecord record) {
        Path blob = blob(id);
        try {
            long size = Files.size(blob);
            return Optional.of(new Content(new StaticFile(blob, size, record.contentType(), "\"" + id + "\"",
                    Files.getLastModifiedTime(blob).toMillis(), null, 0, null, 0, null), null));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean delete(String id, String owner) throws IOException {
        return Files.deleteIfExists(recordFile(id, owner));
    }

    @Override
    public List<MediaRecord> list(int page, int size, long[] total) {
        List<MediaRecord> all = new ArrayList<>();
        try (Stream<Path> folders = Files.list(refs)) {
            for (Path folder : folders.toList()) {
                all.addAll(records(folder.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MediaStore.newestFirst(all, page, size, total);
    }

    @Override
    public Duration garbageAge() {
        return garbageAge;
    }

    /** Temp files, and blobs nobody has a record of, older than the cutoff. */
    @Override
    public int collectGarbage(Instant olderThan) {
        long cutoff = olderThan.toEpochMilli();
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

    private Path blob(String id) {
        return blobs.resolve(id.substring(0, 2)).resolve(id);
    }

    private Path recordFile(String id, String owner) {
        return refs.resolve(id).resolve(MediaStore.ownerKey(owner) + ".json");
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
