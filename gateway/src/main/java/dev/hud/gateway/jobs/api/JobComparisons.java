package dev.hud.gateway.jobs.api;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hud.common.messages.Cell;
import dev.hud.common.problem.ProblemException;
import dev.hud.gateway.jobs.JobStatus;
import dev.hud.gateway.jobs.TrainingJob;
import io.quarkus.panache.common.Sort;

/** The comparison page's rows: finished jobs side by side, as the seed experiment's result table. */
@ApplicationScoped
public class JobComparisons {

    /**
     * A finished job as a row of the seed experiment's table; the CV accuracy with its std and 95% interval over
     * folds x repeats; the network (units and dropout per hidden layer) and the features (top K, dropped) it was
     * trained with.
     */
    public record Comparison(String id, String name, String owner, String dataset, String grid, int cells, int folds,
            int repeats, Integer earlyStoppingPatience, List<Integer> hidden, List<Double> dropout, Integer topK,
            List<String> drop, String device, List<String> devices, Double wallSeconds, double cvAccuracy,
            double cvStd, Double cvLow, Double cvHigh, Double holdoutAccuracy, Cell best, OffsetDateTime finishedAt) {
    }

    private static final int MAX_COMPARED = 200;

    private final JobViews views;

    JobComparisons(JobViews views) {
        this.views = views;
    }

    /** The finished jobs the caller may see, newest first: someone else's are left out even when named. */
    List<Comparison> rows(String ids, int size, String caller, boolean admin) {
        if (size < 1 || size > MAX_COMPARED) {
            throw ProblemException.invalid("size", "from 1 to " + MAX_COMPARED);
        }
        List<TrainingJob> chosen;
        if (ids != null && !ids.isBlank()) {
            chosen = TrainingJob.list("id in ?1", List.of(ids.split(",")));
        } else {
            chosen = TrainingJob.find("status", Sort.descending("finishedAt"), JobStatus.SUCCEEDED).page(0, size)
                    .list();
        }
        var rows = new ArrayList<Comparison>();
        for (TrainingJob job : chosen) {
            JobViews.JobDetail detail = views.detail(job.id);
            if (!admin && !caller.equals(detail.job().owner())) {
                continue;
            }
            var summary = detail.job();
            if (summary.best() == null) {
                continue;
            }
            var grid = detail.request().grid();
            var search = job.search;
            // The data set as people name it (wdbc, an uploaded one's id), not the trainers' reference (sha256:...).
            String dataset = detail.request().dataset() == null ? search.dataset() : detail.request().dataset();
            rows.add(new Comparison(job.id, job.name, summary.owner(), dataset,
                    grid.learningRate().size() + "x" + grid.momentum().size(),
                    job.trialsTotal, search.folds(), search.repeats() == null ? 1 : search.repeats(),
                    search.earlyStoppingPatience(),
                    search.hidden() == null ? List.of() : IntStream.of(search.hidden()).boxed().toList(),
                    search.dropout() == null ? List.of() : DoubleStream.of(search.dropout()).boxed().toList(),
                    search.topK(), search.drop() == null ? List.of() : search.drop(),
                    job.deviceKind, summary.devices(), summary.wallSeconds(),
                    summary.best().cvAccuracy(), summary.best().cvStd(), summary.best().cvLow(),
                    summary.best().cvHigh(), summary.holdout() == null ? null : summary.holdout().accuracy(),
                    summary.best().cell(), job.finishedAt));
        }
        rows.sort(Comparator.comparing(Comparison::finishedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return rows;
    }
}
