package dev.hud.gateway.jobs.api;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseHeader;

import dev.hud.common.json.StrictJson;
import dev.hud.common.messages.Cell;
import dev.hud.common.messages.TrainingEvents;
import dev.hud.common.problem.Problem;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.datasets.DatasetCatalog;
import dev.hud.gateway.jobs.JobPlan;
import dev.hud.gateway.jobs.JobStatus;
import dev.hud.gateway.jobs.JobsConfig;
import dev.hud.gateway.jobs.TrainingJob;
import dev.hud.gateway.jobs.Trial;
import dev.hud.gateway.jobs.TrialStatus;
import dev.hud.gateway.jobs.live.LiveJobs;
import dev.hud.gateway.jobs.orchestration.JobService;
import dev.hud.gateway.users.User;
import io.quarkus.panache.common.Sort;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/**
 * Training jobs: submit a grid search, follow it, cancel it, retry its failed trials, compare
 * finished ones. People see their own jobs; admins see everyone's.
 */
@Path("/api/training-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TrainingJobsResource {

    /** One fold's curves: {@code points} are [epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy]. */
    public record FoldCurve(int fold, Integer bestEpoch, Integer stoppedEpoch, List<double[]> points) {
    }

    /** A trial's curves, per fold: complete once the trial is done, as far as it got while it runs. */
    public record TrialCurves(int idx, String trialId, Cell cell, TrialStatus status, List<FoldCurve> folds) {
    }

    private final JobRequestValidator validator;
    private final DatasetCatalog datasets;
    private final JobService jobs;
    private final JobViews views;
    private final JobComparisons comparisons;
    private final LiveJobs live;
    private final JobsConfig config;
    private final JsonWebToken caller;
    private final StreamSlots streams;

    TrainingJobsResource(JobRequestValidator validator, DatasetCatalog datasets, JobService jobs, JobViews views,
            JobComparisons comparisons, LiveJobs live, JobsConfig config, JsonWebToken caller, StreamSlots streams) {
        this.comparisons = comparisons;
        this.streams = streams;
        this.datasets = datasets;
        this.validator = validator;
        this.jobs = jobs;
        this.views = views;
        this.live = live;
        this.config = config;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a grid search: 202 with the job's Location; trials go to the device's queue")
    // A misspelt field is refused, never ignored (the mapper for events keeps ignoring new optional fields).
    @CustomDeserialization(StrictJson.class)
    public Response submit(JobRequest request) {
        boolean admin = caller.getGroups().contains(User.ADMIN);
        JobPlan plan = validator.check(request,
                datasets.trainable(request == null ? null : request.dataset(), caller.getName(), admin));
        String id = jobs.submit(plan, JobService.userId(caller.getName()), TrainingJob.USER);
        return Response.accepted(live.summary(id)).location(URI.create("/api/training-jobs/" + id)).build();
    }

    @GET
    @Operation(summary = "Jobs, newest first, paged; filtered by status and owner (admins: anyone's)")
    public JobViews.JobPage list(@QueryParam("status") String status, @QueryParam("owner") String owner,
            // Read as text: a value that is no number is a 400 naming it (JAX-RS would answer 404).
            @QueryParam("page") @DefaultValue("0") String pageParam, @QueryParam("size") String size) {
        var errors = new ArrayList<Problem.FieldError>();
        JobStatus wanted = status == null ? null : JobStatus.of(status).orElse(null);
        if (status != null && wanted == null) {
            errors.add(new Problem.FieldError("status", "one of " + new TreeSet<>(JobStatus.labels())));
        }
        int pageSize = size == null ? config.pageSize() : whole(size, -1);
        if (pageSize < 1 || pageSize > config.maxPageSize()) {
            errors.add(new Problem.FieldError("size", "from 1 to " + config.maxPageSize()));
        }
        int page = whole(pageParam, -1);
        if (page < 0) {
            errors.add(new Problem.FieldError("page", "0 or more"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Long ownerId;
        if (isAdmin()) {
            ownerId = owner == null ? null : User.findByUsername(owner).map(user -> user.id).orElse(-1L);
        } else if (owner != null && !owner.equals(caller.getName())) {
            throw new ProblemException(Problem.of(403, "Forbidden", "only admins see other people's jobs"));
        } else {
            ownerId = JobService.userId(caller.getName());
        }
        var result = views.page(ownerId, wanted, page, pageSize);
        return new JobViews.JobPage(result.items().stream().map(live::withLive).toList(), result.page(), result.size(),
                result.total());
    }

    @GET
    @Path("/{id}")
    @Operation(
            summary = "A job: status, progress, every trial's scores, the best cell, holdout metrics, wall"
                    + " time, devices")
    public JobViews.JobDetail get(@PathParam("id") String id) {
        var detail = visible(id);
        return new JobViews.JobDetail(live.withLive(detail.job()), detail.request(), detail.trialResults());
    }

    @GET
    @Path("/{id}/curves")
    @Operation(
            summary = "Per-epoch train and validation loss and accuracy of every fold of every trial (or ?trial=idx)")
    public List<TrialCurves> curves(@PathParam("id") String id, @QueryParam("trial") Integer only) {
        var detail = visible(id);
        var running = live.curves(id);
        var trials = new ArrayList<TrialCurves>();
        List<Trial> stored = only == null ? Trial.list("jobId", Sort.by("idx"), id)
                : Trial.list("jobId = ?1 and idx = ?2", id, only);
        for (Trial trial : stored) {
            var folds = new ArrayList<FoldCurve>();
            if (trial.folds != null) {
                for (TrainingEvents.Fold fold : trial.folds) {
                    var points = new ArrayList<double[]>();
                    for (int e = 0; e < fold.history().size(); e++) {
                        double[] h = fold.history().get(e);
                        points.add(new double[] { e + 1, h[0], h[1], h[2], h[3] });
                    }
                    folds.add(new FoldCurve(fold.fold(), fold.bestEpoch(), fold.stoppedEpoch(), points));
                }
            } else {
                running.getOrDefault(trial.trialId(), Map.of())
                        .forEach((fold, points) -> folds.add(new FoldCurve(fold, null, null,
                                points.stream()
                                        .map(p -> new double[] { p.epoch(), p.trainLoss(), p.trainAccuracy(),
                                                p.validationLoss(),
                                                p.validationAccuracy() })
                                        .toList())));
            }
            trials.add(new TrialCurves(trial.idx, trial.trialId(), trial.cell(),
                    detail.trialResults().get(trial.idx).status(), folds));
        }
        return trials;
    }

    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    // A proxy in front (ingress-nginx and its kind) passes each event on at once instead of buffering the stream.
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @Blocking
    @Operation(
            summary = "Server-Sent Events: 'job' (the summary, at once and on every change), 'progress' (an epoch),"
                    + " 'trial' (a trial ended)")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        var first = Multi.createFrom().item(event(sse, "job", live.withLive(visible(id).job())));
        String user = caller.getName();
        if (!streams.take(user)) {
            throw new ProblemException(Problem.of(429, "Too many streams", "you have " + streams.limit()
                    + " event streams open: close one (a browser tab watching a job) first"));
        }
        var changes = live.stream(id).map(event -> event(sse, event.type(), event.data()));
        var keepAlive = Multi.createFrom().ticks().every(Duration.ofSeconds(15))
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().concatenating().streams(first, Multi.createBy().merging().streams(changes, keepAlive))
                .onTermination().invoke(() -> streams.release(user));
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(
            summary = "Cancel a job that has not finished: waiting trials are dropped, running ones stop at their"
                    + " next epoch")
    public JobViews.JobSummary cancel(@PathParam("id") String id) {
        visible(id);
        jobs.cancel(id, caller.getName());
        return live.summary(id);
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Re-run a failed job's failed trials only (or its failed refit)")
    public Response retry(@PathParam("id") String id) {
        visible(id);
        jobs.retry(id);
        return Response.accepted(live.summary(id)).location(URI.create("/api/training-jobs/" + id)).build();
    }

    @GET
    @Path("/comparison")
    @Produces({ MediaType.APPLICATION_JSON, ComparisonCsv.MEDIA_TYPE })
    @Operation(
            summary = "Finished jobs side by side (data set, grid, network, features, device, wall time, CV and holdout"
                    + " accuracy, best cell), or ?ids=a,b; as CSV with Accept: text/csv")
    public Response comparison(@QueryParam("ids") String ids, @QueryParam("size") @DefaultValue("50") int size,
            @Context HttpHeaders headers) {
        // JSON unless CSV is asked for by name, before JSON (a client accepting anything gets JSON, as it always did).
        var wanted = headers.getAcceptableMediaTypes().stream().filter(type -> !type.isWildcardType()).findFirst();
        if (wanted.isPresent() && wanted.get().isCompatible(MediaType.valueOf(ComparisonCsv.MEDIA_TYPE))) {
            return comparisonCsv(ids, size);
        }
        return Response.ok(comparisons.rows(ids, size, caller.getName(), isAdmin()), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @GET
    @Path("/comparison.csv")
    @Produces(ComparisonCsv.MEDIA_TYPE)
    @Operation(summary = "The comparison table as a CSV file (the same rows and ?ids= as /comparison)")
    public Response comparisonCsv(@QueryParam("ids") String ids, @QueryParam("size") @DefaultValue("50") int size) {
        return Response.ok(ComparisonCsv.write(comparisons.rows(ids, size, caller.getName(), isAdmin())))
                .header("Content-Disposition", "attachment; filename=\"hud-comparison.csv\"").build();
    }

    private static int whole(String text, int otherwise) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** The job if the caller may see it; 404 otherwise (whether it exists is nobody else's business). */
    private JobViews.JobDetail visible(String id) {
        var detail = views.detail(id);
        if (!isAdmin() && !caller.getName().equals(detail.job().owner())) {
            throw ProblemException.notFound("no job " + id);
        }
        return detail;
    }

    private boolean isAdmin() {
        return caller.getGroups().contains(User.ADMIN);
    }

    private static OutboundSseEvent event(Sse sse, String name, Object data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }
}
