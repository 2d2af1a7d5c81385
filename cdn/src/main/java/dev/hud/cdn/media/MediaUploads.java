package dev.hud.cdn.media;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hud.cdn.CdnConfig;
import dev.hud.common.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * An upload, start to end: the caller and the kind are checked before a byte is read, then the body is streamed to a
 * file under {@code tmp/} with back-pressure, hashed and counted on the way ({@link DigestingSink}, which refuses the
 * first byte past the kind's limit), checked by its content ({@link ContentCheck}) and committed by its sha-256 ({@link
 * MediaStore#commit}). Whatever does not complete — too large, refused, the client gone — leaves nothing.
 */
@ApplicationScoped
class MediaUploads {

    private static final Logger LOG = Logger.getLogger(MediaUploads.class);

    private final MediaStore store;
    private final MediaAccess access;
    private final MediaAnswers answers;
    private final Map<String, MemorySize> limits;

    MediaUploads(MediaStore store, MediaAccess access, MediaAnswers answers, CdnConfig config) {
        this.store = store;
        this.access = access;
        this.answers = answers;
        this.limits = config.media().maxSize();
        for (MediaKind kind : MediaKind.values()) {
            if (!limits.containsKey(kind.label())) {
                throw new IllegalStateException("hud.cdn.media.max-size." + kind.label() + " is not set");
            }
        }
    }

    /** {@code POST /media?kind=&name=}: a raw body or the first file part of a multipart form. */
    void upload(RoutingContext context) {
        HttpServerRequest request = context.request();
        request.pause();
        Optional<Caller> caller = access.authenticate(context);
        if (caller.isEmpty()) {
            return;
        }
        if (!caller.get().mayUpload()) {
            answers.problem(context, Problem.of(403, "Forbidden", "uploading needs the user, admin or service role"));
            return;
        }
        Optional<MediaKind> kind = MediaKind.parse(request.getParam("kind"));
        if (kind.isEmpty()) {
            answers.invalid(context, "kind",
                    "must be one of model, oob, dataset, avatar; got " + request.getParam("kind"));
            return;
        }
        long limit = limits.get(kind.get().label()).asLongValue();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && MediaRoutes.parseLong(declared) > limit) {
            tooLarge(context, kind.get(), limit);
            return;
        }
        boolean multipart = Optional.ofNullable(request.getHeader(HttpHeaders.CONTENT_TYPE)).orElse("")
                .startsWith("multipart/form-data");
        if (multipart) {
            request.setExpectMultipart(true);
        }
        Path upload = store.newUpload();
        context.vertx().fileSystem().open(upload.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                .onFailure(failure -> fail(context, upload, failure))
                .onSuccess(file -> {
                    var sink = new DigestingSink(file, limit);
                    if (multipart) {
                        var seen = new AtomicBoolean();
                        request.uploadHandler(part -> {
                            if (seen.getAndSet(true)) {
                                part.handler(ignored -> {
                                });
                                return;
                            }
                            part.pipeTo(sink)
                                    .onComplete(done -> finish(context, upload, sink, kind.get(), part.filename(),
                                            caller.get(), done.cause()));
                        });
                        request.endHandler(end -> {
                            if (!seen.get()) {
                                file.close();
                                discard(context, upload);
                                answers.invalid(context, "file", "the multipart body has no file part");
                            }
                        });
                        request.resume();
                    } else {
                        request.pipeTo(sink).onComplete(done -> finish(context, upload, sink, kind.get(),
                                Optional.ofNullable(request.getParam("name")).orElse(kind.get().label()), caller.get(),
                                done.cause()));
                    }
                });
    }

    private void finish(RoutingContext context, Path upload, DigestingSink sink, MediaKind kind, String name,
            Caller caller,
            Throwable failure) {
        if (failure instanceof DigestingSink.TooLarge) {
            discard(context, upload);
            tooLarge(context, kind, limits.get(kind.label()).asLongValue());
            return;
        }
        if (failure != null) {
            // The client went away (or the disk failed) mid-upload: nothing of it becomes visible.
            fail(context, upload, failure);
            return;
        }
        if (sink.size() == 0) {
            discard(context, upload);
            answers.invalid(context, "body", "the upload is empty");
            return;
        }
        String id = sink.sha256();
        context.vertx().<MediaStore.Stored>executeBlocking(() -> {
            String type = ContentCheck.check(kind, upload);
            return store.commit(upload, id, sink.size(), kind, type, fileName(name), caller.name());
        }, false).onComplete(done -> {
            if (done.failed()) {
                discard(context, upload);
                if (done.cause() instanceof ContentCheck.Refused refused) {
                    answers.problem(context, Problem.of(415, "Unsupported content", refused.getMessage()));
                } else {
                    LOG.errorf(done.cause(), "storing an upload failed");
                    answers.problem(context, Problem.of(500, "Internal error", "the upload could not be stored"));
                }
                return;
            }
            var stored = done.result();
            context.response().setStatusCode(stored.created() ? 201 : 200)
                    .putHeader(HttpHeaders.LOCATION, stored.record().url());
            answers.json(context, stored.record());
        });
    }

    private void tooLarge(RoutingContext context, MediaKind kind, long limit) {
        // Stop reading the rest of an oversized body: the connection closes after the answer.
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        answers.problem(context,
                Problem.of(413, "Too large", "a " + kind.label() + " upload is at most " + limit + " bytes"));
    }

    private void fail(RoutingContext context, Path upload, Throwable failure) {
        LOG.debugf("upload abandoned: %s", failure.toString());
        discard(context, upload);
        if (!context.response().closed() && !context.response().ended()) {
            answers.problem(context, Problem.of(400, "Upload failed", "the upload did not complete"));
        }
    }

    private static void discard(RoutingContext context, Path upload) {
        context.vertx().fileSystem().delete(upload.toString()).otherwise((Void) null);
    }

    /** The last segment of a client's file name, without control characters; never a path. */
    static String fileName(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        return base.isEmpty() ? "download" : base.length() > 200 ? base.substring(0, 200) : base;
    }
}
