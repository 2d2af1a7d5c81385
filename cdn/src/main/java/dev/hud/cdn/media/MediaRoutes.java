package dev.hud.cdn.media;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.hud.cdn.http.FileResponder;
import dev.hud.common.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /media}: upload ({@link MediaUploads}), download (immutable, ranges, the original file name), delete (owner or
 * admin) and the admin's listing. Who may do what: {@link MediaAccess}.
 */
@ApplicationScoped
class MediaRoutes {

    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** Private media: the browser may keep it, shared caches may not (the URL's access link expires anyway). */
    private static final String PRIVATE = "private, max-age=300";
    private static final int MAX_PAGE = 200;

    private final MediaStore store;
    private final MediaUploads uploads;
    private final MediaAccess access;
    private final MediaAnswers answers;

    MediaRoutes(MediaStore store, MediaUploads uploads, MediaAccess access, MediaAnswers answers) {
        this.store = store;
        this.uploads = uploads;
        this.access = access;
        this.answers = answers;
    }

    void register(@Observes Router router) {
        router.post("/media").order(-10).handler(uploads::upload);
        router.get("/media").order(-10).handler(this::list);
        router.route("/media/:id").order(-10).handler(context -> {
            switch (context.request().method().name()) {
                case "GET", "HEAD" -> download(context);
                case "DELETE" -> delete(context);
                default ->
                    context.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD, DELETE").end();
            }
        });
    }

    private void download(RoutingContext context) {
        String id = context.pathParam("id");
        if (!MediaStore.ID.matcher(id).matches()) {
            answers.notFound(context, id);
            return;
        }
        context.vertx().executeBlocking(() -> {
            List<MediaRecord> records = store.records(id);
            return records.isEmpty() ? null : Map.entry(records, store.content(id, records.get(0)));
        }, false).onComplete(done -> {
            if (done.failed() || done.result() == null || done.result().getValue().isEmpty()) {
                answers.notFound(context, id);
                return;
            }
            List<MediaRecord> records = done.result().getKey();
            boolean open = records.stream().allMatch(record -> MediaKind.AVATAR.label().equals(record.kind()));
            if (!open && !access.mayRead(context, id)) {
                return;
            }
            MediaStore.Content content = done.result().getValue().get();
            FileResponder.send(context.request(), content.file(), Map.of(
                    "Cache-Control", open ? IMMUTABLE : PRIVATE,
                    "Content-Disposition", ContentDisposition.attachment(records.get(0).originalName())),
                    content.body());
        });
    }

    private void delete(RoutingContext context) {
        Optional<Caller> caller = access.authenticate(context);
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
                case 404 -> answers.notFound(context, id);
                case 403 -> answers.problem(context,
                        Problem.of(403, "Forbidden", "only its owner or an admin may delete " + id));
                default -> answers.problem(context, Problem.of(500, "Internal error", "the delete failed"));
            }
        });
    }

    private void list(RoutingContext context) {
        Optional<Caller> caller = access.authenticate(context);
        if (caller.isEmpty()) {
            return;
        }
        if (!caller.get().admin()) {
            answers.problem(context, Problem.of(403, "Forbidden", "listing media needs the admin role"));
            return;
        }
        long page = parseLong(Optional.ofNullable(context.request().getParam("page")).orElse("0"));
        long size = parseLong(Optional.ofNullable(context.request().getParam("size")).orElse("50"));
        if (page < 0) {
            answers.invalid(context, "page", "must be a whole number >= 0");
            return;
        }
        if (size < 1 || size > MAX_PAGE) {
            answers.invalid(context, "size", "must be a whole number from 1 to " + MAX_PAGE);
            return;
        }
        context.vertx().executeBlocking(() -> {
            long[] total = new long[1];
            List<MediaRecord> items = store.list((int) page, (int) size, total);
            return Map.of("items", items, "page", page, "size", size, "total", total[0]);
        }, false).onComplete(done -> answers.json(context, done.result()));
    }

    /** A whole number from a request's text; -1 for anything else. */
    static long parseLong(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
