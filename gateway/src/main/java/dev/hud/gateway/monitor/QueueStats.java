package dev.hud.gateway.monitor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.hud.gateway.jobs.JobsConfig;
import dev.hud.gateway.jobs.messaging.TrainingTopology;

/**
 * The training queues as the monitor shows them: depth and consumers from the broker, and the rates
 * in and out over the last minute from the jobs' own records (trials sent, trials finished), which
 * every replica reads alike; the broker's management plugin is not needed.
 */
@ApplicationScoped
public class QueueStats {

    /** {@code depth}/{@code consumers} null when the broker could not be asked; rates per minute. */
    public record QueueView(String queue, String device, Long depth, Integer consumers, long inPerMinute,
            long outPerMinute,
            String error) {
    }

    private final TrainingTopology topology;
    private final JobsConfig jobs;
    private final EntityManager entities;

    QueueStats(TrainingTopology topology, JobsConfig jobs, EntityManager entities) {
        this.topology = topology;
        this.jobs = jobs;
        this.entities = entities;
    }

    public List<QueueView> queues() {
        var views = new ArrayList<QueueView>();
        for (String device : new TreeSet<>(jobs.queueKinds().keySet())) {
            String queue = TrainingTopology.queue(jobs.queueKinds().get(device));
            long in = count("SELECT count(*) FROM trial t JOIN training_job j ON j.id = t.job_id"
                    + " WHERE j.device_kind = ?1 AND t.sent_at > now() - interval '1 minute'", device);
            long out = count("SELECT count(*) FROM trial t JOIN training_job j ON j.id = t.job_id"
                    + " WHERE j.device_kind = ?1 AND t.finished_at > now() - interval '1 minute' AND"
                    + " t.status IN ('succeeded', 'failed')",
                    device);
            views.add(broker(queue, device, in, out));
        }
        views.add(broker(TrainingTopology.DEAD_QUEUE, null, 0, 0));
        return views;
    }

    private QueueView broker(String queue, String device, long in, long out) {
        try {
            var depth = topology.depth(queue);
            return new QueueView(queue, device, depth.map(TrainingTopology.QueueDepth::messages).orElse(0L),
                    depth.map(TrainingTopology.QueueDepth::consumers).orElse(0), in, out,
                    depth.isEmpty() ? "not declared yet" : null);
        } catch (IOException e) {
            return new QueueView(queue, device, null, null, in, out, "broker: " + e.getMessage());
        }
    }

    private long count(String sql, String device) {
        return ((Number) entities.createNativeQuery(sql).setParameter(1, device).getSingleResult()).longValue();
    }
}
