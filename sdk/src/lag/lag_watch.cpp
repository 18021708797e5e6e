// Burrow-style lag evaluation. The rules and their order follow linkedin/Burrow,
// core/internal/evaluator/caching.go (calculatePartitionStatus and its rules 1-5), adapted from
// Burrow's stream of offset commits to periodic samples of the committed offset (see
// kfk/lag_watch.hpp for the adaptation).
#include "kfk/lag_watch.hpp"

#include <algorithm>
#include <set>
#include <thread>

#include "kfk/admin.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace {

std::string seconds(std::chrono::milliseconds d) {
    const auto ms = d.count();
    return std::to_string(ms / 1000) + "." + std::to_string((ms % 1000) / 100) + "s";
}

}  // namespace

std::string_view to_string(LagStatus status) noexcept {
    switch (status) {
        case LagStatus::not_found:
            return "NOTFOUND";
        case LagStatus::ok:
            return "OK";
        case LagStatus::warning:
            return "WARN";
        case LagStatus::error:
            return "ERR";
        case LagStatus::stop:
            return "STOP";
        case LagStatus::stall:
            return "STALL";
        case LagStatus::rewind:
            return "REWIND";
    }
    return "OK";
}

PartitionVerdict classify_partition(const std::vector<LagSample>& window) {
    PartitionVerdict v;
    if (window.empty()) {
        v.reason = "no samples yet";
        return v;
    }
    // Like Burrow's nil offsets: samples without a commit make the window incomplete.
    std::vector<const LagSample*> s;
    for (const auto& sample : window) {
        if (sample.committed && sample.lag) s.push_back(&sample);
    }
    v.complete = static_cast<double>(s.size()) / static_cast<double>(window.size());
    const auto& now = window.back();
    if (!now.committed || !now.lag) {
        v.reason = "no committed offset";
        return v;
    }
    if (*now.lag == 0) {
        v.reason = "no lag";
        return v;
    }
    if (s.size() < 2) {
        v.reason = "lag " + std::to_string(*now.lag) + ", too few samples to judge";
        return v;
    }
    // Rule 1: zero lag at any point of the window means the consumer caught up.
    for (const auto* x : s) {
        if (*x->lag == 0) {
            v.reason = "lag was zero within the window";
            return v;
        }
    }
    // Rule 2: the committed offset went backwards.
    for (size_t i = 1; i < s.size(); ++i) {
        if (*s[i]->committed < *s[i - 1]->committed) {
            v.status = LagStatus::rewind;
            v.reason = "committed offset went back from " + std::to_string(*s[i - 1]->committed) +
                       " to " + std::to_string(*s[i]->committed);
            return v;
        }
    }
    // Rule 3: nobody owns the partition and commits have stood still longer than they had
    // been moving (Burrow: now - last commit > last commit - first commit).
    size_t since = s.size() - 1;  // first sample of the final run of equal commits
    while (since > 0 && *s[since - 1]->committed == *s[since]->committed) --since;
    const auto idle = s.back()->time - s[since]->time;
    const auto moving = s[since]->time - s.front()->time;
    if (!now.owned && idle > moving) {
        v.status = LagStatus::stop;
        v.reason = "no member owns the partition; committed offset " +
                   std::to_string(*now.committed) + " unchanged for " + seconds(idle) +
                   " with lag " + std::to_string(*now.lag);
        return v;
    }
    // Rule 4: the committed offset did not move across the window although there is lag.
    if (since == 0) {
        v.status = LagStatus::stall;
        v.reason = "committed offset stuck at " + std::to_string(*now.committed) + " for " +
                   std::to_string(s.size()) + " samples (" + seconds(idle) + ") with lag " +
                   std::to_string(*now.lag);
        return v;
    }
    // Rule 5: commits move but the lag never shrinks: the consumer falls behind.
    bool decreased = false;
    for (size_t i = 1; i < s.size(); ++i) {
        if (*s[i]->lag < *s[i - 1]->lag) decreased = true;
    }
    if (!decreased) {
        v.status = LagStatus::warning;
        v.reason = "lag grew from " + std::to_string(*s.front()->lag) + " to " +
                   std::to_string(*now.lag) + " while commits advanced from " +
                   std::to_string(*s.front()->committed) + " to " + std::to_string(*now.committed);
        return v;
    }
    v.reason = "consumer is making progress (lag " + std::to_string(*now.lag) + ")";
    return v;
}

LagEvaluator::LagEvaluator(std::size_t window) : window_(std::max<std::size_t>(window, 2)) {}

void LagEvaluator::add(const GroupLag& lag) {
    group_ = lag.group;
    state_ = lag.state;
    not_found_ = false;
    samples_ = std::min(samples_ + 1, window_);
    std::set<TopicPartition> present;
    for (const auto& p : lag.partitions) present.insert(p.topic_partition());
    for (auto& [tp, h] : partitions_) {
        if (!present.contains(tp)) {
            h.samples.push_back(LagSample{lag.sampled_at, std::nullopt, std::nullopt, false});
            h.owner.reset();
        }
    }
    for (const auto& p : lag.partitions) {
        auto& h = partitions_[p.topic_partition()];
        h.samples.push_back(LagSample{lag.sampled_at, p.committed, p.lag, p.owner.has_value()});
        h.owner = p.owner;
    }
    for (auto it = partitions_.begin(); it != partitions_.end();) {
        auto& samples = it->second.samples;
        if (samples.size() > window_) {
            samples.erase(samples.begin(),
                          samples.begin() + static_cast<std::ptrdiff_t>(samples.size() - window_));
        }
        // Forget partitions that left the group's view entirely (no commit in the window).
        const bool gone = std::none_of(samples.begin(), samples.end(),
                                       [](const LagSample& x) { return x.committed.has_value(); });
        if (gone && !present.contains(it->first)) {
            it = partitions_.erase(it);
        } else {
            ++it;
        }
    }
}

void LagEvaluator::add_not_found(const std::string& group, TimePoint) {
    group_ = group;
    state_ = GroupState::dead;
    not_found_ = true;
    partitions_.clear();
    samples_ = 0;
}

void LagEvaluator::clear() {
    partitions_.clear();
    samples_ = 0;
    not_found_ = false;
    state_ = GroupState::unknown;
}

GroupStatus LagEvaluator::evaluate() const {
    GroupStatus g;
    g.group = group_;
    g.state = state_;
    g.samples = samples_;
    if (not_found_) {
        g.status = g.worst = LagStatus::not_found;
        g.complete = 1.0;
        return g;
    }
    std::size_t complete = 0;
    for (const auto& [tp, h] : partitions_) {
        const auto verdict = classify_partition(h.samples);
        PartitionStatus p;
        p.topic = tp.topic;
        p.partition = tp.partition;
        p.status = verdict.status;
        p.reason = verdict.reason;
        p.complete = verdict.complete;
        if (!h.samples.empty()) {
            p.committed = h.samples.back().committed;
            p.lag = h.samples.back().lag;
        }
        p.owner = h.owner;
        for (const auto& x : h.samples) {
            if (x.committed) {
                p.window_start_committed = x.committed;
                break;
            }
        }
        if (p.complete >= 1.0 && h.samples.size() == window_) ++complete;
        if (p.lag) g.total_lag += *p.lag;
        if (p.status > g.worst) g.worst = p.status;
        if (p.lag && (!g.max_lag || !g.max_lag->lag || *p.lag > *g.max_lag->lag)) g.max_lag = p;
        g.partitions.push_back(std::move(p));
    }
    // Burrow folds every partition error (STOP, STALL, REWIND) into the group's ERR.
    g.status = g.worst > LagStatus::error ? LagStatus::error : g.worst;
    g.complete = g.partitions.empty()
                     ? 1.0
                     : static_cast<double>(complete) / static_cast<double>(g.partitions.size());
    return g;
}

LagWatcher::LagWatcher(Admin& admin, std::string group, LagWatchOptions options)
    : admin_(&admin), group_(std::move(group)), options_(options), evaluator_(options.window) {}

namespace {

GroupLag sample_into(Admin& admin, const std::string& group, IsolationLevel isolation,
                     std::chrono::milliseconds timeout, LagEvaluator& evaluator) {
    try {
        auto lag = admin.group_lag(group, timeout, isolation);
        evaluator.add(lag);
        return lag;
    } catch (const KafkaError& e) {
        if (e.code() != ErrorCode::group_id_not_found) throw;
        GroupLag none;
        none.group = group;
        none.state = GroupState::dead;
        none.sampled_at = std::chrono::time_point_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now());
        evaluator.add_not_found(group, none.sampled_at);
        return none;
    }
}

}  // namespace

GroupStatus LagWatcher::sample(std::chrono::milliseconds timeout) {
    sample_into(*admin_, group_, options_.isolation, timeout, evaluator_);
    return evaluator_.evaluate();
}

GroupStatus LagWatcher::run(
    std::size_t count, std::chrono::milliseconds interval, std::chrono::milliseconds timeout,
    const std::function<void(const GroupStatus&, const GroupLag&)>& on_status) {
    GroupStatus last;
    auto next = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) {
            next += interval;
            std::this_thread::sleep_until(next);
        }
        const auto lag = sample_into(*admin_, group_, options_.isolation, timeout, evaluator_);
        last = evaluator_.evaluate();
        if (on_status) on_status(last, lag);
    }
    return last;
}

}  // namespace kfk
