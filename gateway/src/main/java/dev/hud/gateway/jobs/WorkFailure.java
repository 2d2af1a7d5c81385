package dev.hud.gateway.jobs;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Work that failed, with its reason: what the monitor's "recent failures" lists. */
@Entity
@Table(name = "work_failure")
public class WorkFailure extends PanacheEntityBase {

    /** Reported by a trainer ({@code training.failed}). */
    public static final String TRAINER = "trainer";
    /** An event the gateway could not read (it was dead-lettered). */
    public static final String GATEWAY = "gateway";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, insertable = false, updatable = false)
    public OffsetDateTime at;

    @Column(nullable = false)
    public String source;

    @Column(name = "job_id")
    public String jobId;

    @Column(name = "trial_id")
    public String trialId;

    @Column(name = "worker_id")
    public String workerId;

    @Column(nullable = false)
    public String reason;

    public static void record(String source, String jobId, String trialId, String workerId, String reason) {
        var failure = new WorkFailure();
        failure.source = source;
        failure.jobId = jobId;
        failure.trialId = trialId;
        failure.workerId = workerId;
        failure.reason = reason == null ? "(no reason given)" : reason;
        failure.persist();
    }
}
