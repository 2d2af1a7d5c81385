package dev.hud.cdn.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.hud.cdn.http.FileResponder;
import dev.hud.cdn.http.StaticFile;

/**
 * Where media live, content-addressed: a blob per sha-256, stored once however many upload it, and one {@link
 * MediaRecord} per owner. A file is visible while it has a record; the blob is always written before the record. What
 * {@link MediaUploads}, {@link MediaRoutes} and {@link MediaGarbage} need of a store; {@code hud.cdn.media.store}
 * chooses one ({@link MediaStores}): a folder all replicas share ({@link VolumeMediaStore}) or an S3-compatible bucket
 * ({@link S3MediaStore}).
 */
public interface MediaStore {

    Pattern ID = Pattern.compile("[0-9a-f]{64}");

    /** A new local file for an upload in progress: it is hashed and checked there before {@link #commit}. */
    Path newUpload();

    /** The result of storing: the owner's record, and whether it is new. */
    record Stored(MediaRecord record, boolean created) {
    }

    /**
     * Makes a complete, checked upload visible: the blob first, then the owner's record. An owner uploading the same
     * content again gets their existing record back. The upload file is the store's afterwards.
     */
    Stored commit(Path upload, String sha256, long size, MediaKind kind, String contentType, String originalName,
            String owner) throws IOException;

    /** Every owner's record of a file, oldest first; empty if the file is not (or no longer) visible. */
    List<MediaRecord> records(String id);

    /**
     * What to send for a file: its validators and size, with the first record's type, and how its bytes go out (null:
     * from {@link StaticFile#path()} by sendfile). Empty when the blob is gone.
     */
    Optional<Content> content(String id, MediaRecord record);

    /** A file ready to answer with. */
    record Content(StaticFile file, FileResponder.Body body) {
    }

    /** Removes one owner's record; the blob goes with the next garbage collection once nobody has a record. */
    boolean delete(String id, String owner) throws IOException;

    /** Removes every record of the file (an admin's delete). */
    default int deleteAll(String id) throws IOException {
        int deleted = 0;
        for (MediaRecord record : records(id)) {
            if (delete(id, record.owner())) {
                deleted++;
            }
        }
        return deleted;
    }

    /** A page of all records, newest first; {@code total[0]} is set to their number. */
    List<MediaRecord> list(int page, int size, long[] total);

    /**
     * Removes what a crash or a cut upload left once older than {@code hud.cdn.media.garbage-age} (younger ones may
     * belong to an upload in progress): temp files, blobs nobody has a record of, unfinished multipart uploads.
     *
     * @return how many things were removed
     */
    default int collectGarbage() {
        return collectGarbage(Instant.now().minus(garbageAge()));
    }

    /** How old a leftover must be to be taken for abandoned ({@code hud.cdn.media.garbage-age}). */
    Duration garbageAge();

    /** The same, with everything last written before {@code olderThan} taken for abandoned. */
    int collectGarbage(Instant olderThan);

    /** One page of these records, newest first; {@code total[0]} is set to their number. */
    static List<MediaRecord> newestFirst(List<MediaRecord> all, int page, int size, long[] total) {
        var sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingLong(MediaRecord::created).reversed());
        total[0] = sorted.size();
        int from = Math.min(sorted.size(), page * size);
        return sorted.subList(from, Math.min(sorted.size(), from + size));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Owner names may hold any character: a record's name is a digest of the name, the record holds it. */
    static String ownerKey(String owner) {
        return hex(sha256().digest(owner.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }
}
