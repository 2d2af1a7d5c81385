package dev.hud.gateway.monitor;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.hud.gateway.jobs.WorkFailure;
import dev.hud.gateway.jobs.orchestration.JobService;
import dev.hud.gateway.schedule.OncePerSlot;
import dev.hud.gateway.schedule.ScheduleRun;
import dev.hud.gateway.schedule.ScheduledJobs;
import dev.hud.gateway.users.User;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.security.Authenticated;

/** What Flower showed of Celery: workers, queues, recent failures, and the scheduled jobs. */
@Path("/api/monitor")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MonitorResource {

    /** A failure with its reason. */
    public record FailureView(long id, OffsetDateTime at, String source, String jobId, String trialId, String workerId,
            String reason) {
    }

    /** A scheduled job: its next run (on this replica's clock) and its latest runs, newest first. */
    public record ScheduleView(String name, OffsetDateTime nextRun, ScheduleRun lastRun, List<ScheduleRun> recentRuns) {
    }

    private final WorkerRegistry workers;
    private final QueueStats queues;
    private final OncePerSlot runs;
    private final Scheduler scheduler;
    private final JsonWebToken caller;

    MonitorResource(WorkerRegistry workers, QueueStats queues, OncePerSlot runs, Scheduler scheduler,
            JsonWebToken caller) {
        this.caller = caller;
        this.workers = workers;
        this.queues = queues;
        this.runs = runs;
        this.scheduler = scheduler;
    }

    @GET
    @Path("/workers")
    @Operation(summary = "The trainers, from their heartbeats")
    public List<WorkerRegistry.Worker> workers() {
        return workers.workers();
    }

    @GET
    @Path("/queues")
    @Operation(summary = "The training queues: depth and consumers (broker), trials in and out per minute")
    public List<QueueStats.QueueView> queues() {
        return queues.queues();
    }

    @GET
    @Path("/failures")
    @Operation(
            summary = "Recent failed work with its reason, newest first: the caller's jobs' (admins: all,"
                    + " also failures of no job)")
    public List<FailureView> failures(@QueryParam("size") @DefaultValue("50") int size) {
        var query = caller.getGroups().contains(User.ADMIN) ? WorkFailure.<WorkFailure>findAll(Sort.descending("id"))
                : WorkFailure.<WorkFailure>find("jobId in (select j.id from TrainingJob j where j.ownerId = ?1)",
                        Sort.descending("id"),
                        JobService.userId(caller.getName()));
        return query.page(0, Math.max(1, Math.min(size, 500))).list().stream()
                .map(f -> new FailureView(f.id, f.at, f.source, f.jobId, f.trialId, f.workerId, f.reason)).toList();
    }

    @GET
    @Path("/schedules")
    @Operation(summary = "The scheduled jobs: next run, last run and its outcome, recent runs")
    public List<ScheduleView> schedules() {
        return ScheduledJobs.ALL.stream().map(name -> {
            // The runs first: a run that starts while this reads is then either among them or the next run, never
            // both (the next run is always after the last run shown).
            List<ScheduleRun> recent = runs.recent(name, 10);
            var job = scheduler.getScheduledJob(name);
            OffsetDateTime next = job == null || job.getNextFireTime() == null ? null
                    : job.getNextFireTime().atOffset(ZoneOffset.UTC);
            return new ScheduleView(name, next, recent.isEmpty() ? null : recent.get(0), recent);
        }).toList();
    }
}
