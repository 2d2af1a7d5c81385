package dev.hud.cdn.media;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hud.cdn.CdnConfig;
import dev.hud.cdn.http.FileResponder;
import dev.hud.common.problem.Problem;
import dev.hud.common.problem.RawProblems;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /media}: upload (streamed to disk, hashed on the way, checked by content, stored by
 * sha-256), download (immutable, ranges, the original file name), delete (owner or admin) and the
 * admin's listing. Uploads and changes need a bearer token signed by the gateway.
 */
@ApplicationScoped
class MediaRoutes {

    private static final Logger LOG = Logger.getLogger(MediaRoutes.class);
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** Private media: the browser may keep it, shared caches may not (the URL's access link expires anyway). */
    private static final String PRIVATE = "private, max-age=300";
    /** The group and claim of the gateway's access links (its {@code TokenIssuer.signMediaAccess}). */
    static final String MEDIA_ACCESS = "media";
    private static final int MAX_PAGE = 200;

    private final MediaStore store;
    private final JWTParser tokens;
    private final ObjectMapper json;
    private final Map<String, MemorySize> limits;

    MediaRoutes(MediaStore store, JWTParser tokens, ObjectMapper json, CdnConfig config) {
        this.store = store;
        this.tokens = tokens;
        this.json = json;
        this.limits = config.media().maxSize();
        for (MediaKind kind : MediaKind.values()) {
            if (!limits.containsKey(kind.label())) {
                throw new IllegalStateException("hud.cdn.media.max-size." + kind.label() + " is not set");
            }
        }
    }

    void register(@Observes Router router) {
        router.post("/media").order(-10).handler(this::upload);
        router.get("/media").order(-10).handler(this::list);
        router.route("/media/:id").order(-10).handler(context -> {
            switch (context.request().method().name()) {
                case "GET", "HEAD" -> download(context);
                case "DELETE" -> delete(context);
                default -> context.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD, DELETE").end();
            }
        });
    }

    private void upload(RoutingContext context) {
        HttpServerRequest request = context.request();
        request.pause();
        Optional<Caller> caller = authenticate(context);
        if (caller.isEmpty()) {
            return;
        }
        if (!caller.get().mayUpload()) {
            problem(context, Problem.of(403, "Forbidden", "uploading needs the user, admin or service role"));
            return;
        }
        Optional<MediaKind> kind = MediaKind.parse(request.getParam("kind"));
        if (kind.isEmpty()) {
            invalid(context, "kind", "must be one of model, oob, dataset, avatar; got " + request.getParam("kind"));
            return;
        }
        long limit = limits.get(kind.get().label()).asLongValue();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parseLong(declared) > limit) {
            tooLarge(context, kind.get(), limit);
            return;
        }
        boolean multipart = Optional.ofNullable(request.getHeader(HttpHeaders.CONTENT_TYPE)).orElse("").startsWith("multipart/form-data");
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
                            part.pipeTo(sink).onComplete(done -> finish(context, upload, sink, kind.get(), part.filename(),
                                    caller.get(), done.cause()));
                        });
                        request.endHandler(end -> {
                            if (!seen.get()) {
                                file.close();
                                delete(context, upload);
                                invalid(context, "file", "the multipart body has no file part");
                            }
                        });
                        request.resume();
                    } else {
                        request.pipeTo(sink).onComplete(done -> finish(context, upload, sink, kind.get(),
                                Optional.ofNullable(request.getParam("name")).orElse(kind.get().label()), caller.get(), done.cause()));
                    }
                });
    }

    private void finish(RoutingContext context, Path upload, DigestingSink sink, MediaKind kind, String name, Caller caller,
            Throwable failure) {
        if (failure instanceof DigestingSink.TooLarge) {
            delete(context, upload);
            tooLarge(context, kind, limits.get(kind.label()).asLongValue());
            return;
        }
        if (failure != null) {
            // The client went away (or the disk failed) mid-upload: nothing of it becomes visible.
            fail(context, upload, failure);
            return;
        }
        if (sink.size() == 0) {
            delete(context, upload);
            invalid(context, "body", "the upload is empty");
            return;
        }
        String id = sink.sha256();
        context.vertx().<MediaStore.Stored>executeBlocking(() -> {
            String type = ContentCheck.check(kind, upload);
            return store.commit(upload, id, sink.size(), kind, type, fileName(name), caller.name());
        }, false).onComplete(done -> {
            if (done.failed()) {
                delete(context, upload);
                if (done.cause() instanceof ContentCheck.Refused refused) {
                    problem(context, Problem.of(415, "Unsupported content", refused.getMessage()));
                } else {
                    LOG.errorf(done.cause(), "storing an upload failed");
                    problem(context, Problem.of(500, "Internal error", "the upload could not be stored"));
                }
                return;
            }
            var stored = done.result();
            context.response().setStatusCode(stored.created() ? 201 : 200)
                    .putHeader(HttpHeaders.LOCATION, stored.record().url());
            respondJson(context, stored.record());
        });
    }

    private void download(RoutingContext context) {
        String id = context.pathParam("id");
        if (!MediaStore.ID.matcher(id).matches()) {
            notFound(context, id);
            return;
        }
        context.vertx().executeBlocking(() -> {
            List<MediaRecord> records = store.records(id);
            return records.isEmpty() ? null : Map.entry(records, store.file(id, records.get(0)));
        }, false).onComplete(done -> {
            if (done.failed() || done.result() == null || done.result().getValue().isEmpty()) {
                notFound(context, id);
                return;
            }
            List<MediaRecord> records = done.result().getKey();
            boolean open = records.stream().allMatch(record -> MediaKind.AVATAR.label().equals(record.kind()));
            if (!open && !mayRead(context, id)) {
                return;
            }
            FileResponder.send(context.request(), done.result().getValue().get(), Map.of(
                    "Cache-Control", open ? IMMUTABLE : PRIVATE,
                    "Content-Disposition", ContentDisposition.attachment(records.get(0).originalName())));
        });
    }

    /**
     * Models, out-of-bag data and data sets are not served for their id alone: the request carries the gateway's access
     * link for this very file ({@code ?access=}, a token of a few minutes that the gateway signs for someone who may read
     * it), or an admin's or service's token. Answers 401 or 403 otherwise.
     */
    private boolean mayRead(RoutingContext context, String id) {
        String access = context.request().getParam("access");
        if (access != null) {
            try {
                var token = tokens.parse(access);
                Object claim = token.getClaim(MEDIA_ACCESS);
                String granted = claim instanceof jakarta.json.JsonString text ? text.getString() : String.valueOf(claim);
                if (token.getGroups().contains(MEDIA_ACCESS) && id.equals(granted)) {
                    return true;
                }
                problem(context, Problem.of(403, "Forbidden", "this access link is for other media"));
            } catch (ParseException e) {
                problem(context, Problem.of(403, "Forbidden", "the access link is not valid or has expired: ask the API for a new one"));
            }
            return false;
        }
        if (context.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
            unauthorized(context, "private media: use the download link the API gives");
            return false;
        }
        Optional<Caller> caller = authenticate(context);
        if (caller.isEmpty()) {
            return false;
        }
        if (!caller.get().admin() && !caller.get().groups().contains(Caller.SERVICE)) {
            problem(context, Problem.of(403, "Forbidden", "private media: use the download link the API gives"));
            return false;
        }
        return true;
    }

    private void delete(RoutingContext context) {
        Optional<Caller> caller = authenticate(context);
        if (caller.isEmpty()) {
            return;
        }
        String id = context.pathParam("id");
        context.vertx().executeBlocking(() -> {
            List<MediaRecord> records = store.records(id);
            if (records.isEmpty()) {
                return 404;
            }
            if (caller.get().admin()) {
                store.deleteAll(id);
                return 204;
            }
            return store.delete(id, caller.get().name()) ? 204 : 403;
        }, false).onComplete(done -> {
            int status = done.succeeded() ? done.result() : 500;
            switch (status) {
                case 204 -> context.response().setStatusCode(204).end();
                case 404 -> notFound(context, id);
                case 403 -> problem(context, Problem.of(403, "Forbidden", "only its owner or an admin may delete " + id));
                default -> problem(context, Problem.of(500, "Internal error", "the delete failed"));
            }
        });
    }

    private void list(RoutingContext context) {
        Optional<Caller> caller = authenticate(context);
        if (caller.isEmpty()) {
            return;
        }
        if (!caller.get().admin()) {
            problem(context, Problem.of(403, "Forbidden", "listing media needs the admin role"));
            return;
        }
        long page = parseLong(Optional.ofNullable(context.request().getParam("page")).orElse("0"));
        long size = parseLong(Optional.ofNullable(context.request().getParam("size")).orElse("50"));
        if (page < 0) {
            invalid(context, "page", "must be a whole number >= 0");
            return;
        }
        if (size < 1 || size > MAX_PAGE) {
            invalid(context, "size", "must be a whole number from 1 to " + MAX_PAGE);
            return;
        }
        context.vertx().executeBlocking(() -> {
            long[] total = new long[1];
            List<MediaRecord> items = store.list((int) page, (int) size, total);
            return Map.of("items", items, "page", page, "size", size, "total", total[0]);
        }, false).onComplete(done -> respondJson(context, done.result()));
    }

    /** The caller, or empty after answering 401. */
    private Optional<Caller> authenticate(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            unauthorized(context, "a bearer token is required");
            return Optional.empty();
        }
        try {
            var token = tokens.parse(header.substring(7).strip());
            return Optional.of(new Caller(token.getName(), token.getGroups()));
        } catch (ParseException e) {
            unauthorized(context, "the bearer token is not valid");
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.errorf("cannot verify tokens (is mp.jwt.verify.publickey.location readable?): %s", e.getMessage());
            problem(context, Problem.of(503, "Unavailable", "token verification is not configured"));
            return Optional.empty();
        }
    }

    private void unauthorized(RoutingContext context, String detail) {
        context.response().putHeader("WWW-Authenticate", "Bearer");
        problem(context, Problem.of(401, "Unauthorized", detail));
    }

    private void tooLarge(RoutingContext context, MediaKind kind, long limit) {
        // Stop reading the rest of an oversized body: the connection closes after the answer.
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        problem(context, Problem.of(413, "Too large", "a " + kind.label() + " upload is at most " + limit + " bytes"));
    }

    private void notFound(RoutingContext context, String id) {
        problem(context, Problem.of(404, "Not found", "no media " + id));
    }

    private void invalid(RoutingContext context, String field, String message) {
        problem(context, Problem.invalid(field + ": " + message, List.of(new Problem.FieldError(field, message))));
    }

    private void fail(RoutingContext context, Path upload, Throwable failure) {
        LOG.debugf("upload abandoned: %s", failure.toString());
        delete(context, upload);
        if (!context.response().closed() && !context.response().ended()) {
            problem(context, Problem.of(400, "Upload failed", "the upload did not complete"));
        }
    }

    private static void delete(RoutingContext context, Path upload) {
        context.vertx().fileSystem().delete(upload.toString()).otherwise((Void) null);
    }

    private void problem(RoutingContext context, Problem problem) {
        RawProblems.send(context, problem, json);
    }

    private void respondJson(RoutingContext context, Object body) {
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        write(context, body);
    }

    private void write(RoutingContext context, Object body) {
        try {
            context.response().end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(500).end();
        }
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The last segment of a client's file name, without control characters; never a path. */
    static String fileName(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
        return base.isEmpty() ? "download" : base.length() > 200 ? base.substring(0, 200) : base;
    }
}
