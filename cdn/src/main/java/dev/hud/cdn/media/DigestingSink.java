package dev.hud.cdn.media;

import java.security.MessageDigest;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;

/**
 * Writes an upload to its file as it arrives, with back-pressure, while hashing and counting it;
 * refuses the first write past the size limit. Nothing of an upload is ever held in memory whole.
 */
final class DigestingSink implements WriteStream<Buffer> {

    /** The upload went past its kind's limit. */
    static final class TooLarge extends RuntimeException {
        TooLarge(long limit) {
            super("larger than the limit of " + limit + " bytes", null, false, false);
        }
    }

    private final AsyncFile file;
    private final long limit;
    private final MessageDigest digest = MediaStore.sha256();
    private long size;

    DigestingSink(AsyncFile file, long limit) {
        this.file = file;
        this.limit = limit;
    }

    long size() {
        return size;
    }

    String sha256() {
        return MediaStore.hex(digest.digest());
    }

    @Override
    public Future<Void> write(Buffer data) {
        size += data.length();
        if (size > limit) {
            return Future.failedFuture(new TooLarge(limit));
        }
        digest.update(data.getBytes());
        return file.write(data);
    }

    @Override
    public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
        write(data).onComplete(handler);
    }

    @Override
    public Future<Void> end() {
        return file.close();
    }

    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        end().onComplete(handler);
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        file.exceptionHandler(handler);
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        file.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return file.writeQueueFull();
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        file.drainHandler(handler);
        return this;
    }
}
