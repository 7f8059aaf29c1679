package dev.actionstream.runtime.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which job folders go: of the finished jobs, all but the newest {@code keep}, less those that must stay (a folder
 * holding a candidate, or the files of the model serving). Jobs still queued or running are never counted or deleted.
 */
final class JobRetention {

    private JobRetention() {
    }

    /** @param jobs every job, oldest first */
    static List<JobRecord> expired(List<JobRecord> jobs, int keep, Predicate<JobRecord> mustStay) {
        List<JobRecord> finished = jobs.stream().filter(j -> j.state().finished()).toList();
        List<JobRecord> out = new ArrayList<>();
        for (int i = 0; i < finished.size() - keep; i++) {
            JobRecord j = finished.get(i);
            if (!mustStay.test(j)) {
                out.add(j);
            }
        }
        return out;
    }
}
