#include "commands/consume_start.hpp"

#include <algorithm>
#include <cstdio>

#include "core/exit_codes.hpp"
#include "core/time_parse.hpp"

namespace kfk::cli {

kfk::TopicPartitions resolve_partitions(kfk::Admin& admin, const ConsumeOptions& o,
                                        std::chrono::milliseconds timeout) {
    const auto described = admin.describe_topics(o.topics, timeout);
    kfk::TopicPartitions out;
    for (const auto& t : described) {
        if (t.error) {
            if (exit_code_for(t.error) == ExitCode::not_found) {
                throw CliError(ExitCode::not_found, "topic '" + t.name + "' does not exist",
                               "kfk topic list shows the topics");
            }
            throw explain(t.error, "topic '" + t.name + "'");
        }
        for (const auto& p : t.partitions) {
            if (!o.partitions.empty() &&
                std::find(o.partitions.begin(), o.partitions.end(), p.id) == o.partitions.end()) {
                continue;
            }
            out.push_back({t.name, p.id});
        }
    }
    for (int p : o.partitions) {
        const bool found = std::any_of(out.begin(), out.end(), [&](const kfk::TopicPartition& tp) {
            return tp.partition == p;
        });
        if (!found) {
            throw CliError(ExitCode::not_found, "partition " + std::to_string(p) +
                                                    " does not exist in " + o.topics.front());
        }
    }
    return out;
}

StartResolver::StartResolver(const ConsumeOptions& o, const Session& session)
    : o_(o), session_(session) {
    if (o.from) {
        spec_ = *o.from;
    } else {
        spec_.kind = o.group.empty() ? StartSpec::Kind::end : StartSpec::Kind::stored;
    }
}

kfk::OffsetReset StartResolver::offset_reset() const {
    return spec_.kind == StartSpec::Kind::beginning ? kfk::OffsetReset::earliest
                                                    : kfk::OffsetReset::latest;
}

bool StartResolver::needs_snapshot() const {
    return o_.exit_at_end || spec_.kind != StartSpec::Kind::stored;
}

void StartResolver::snapshot(kfk::Admin& admin, const kfk::TopicPartitions& tps,
                             Partitions& parts) {
    std::vector<kfk::OffsetQuery> queries;
    for (const auto& tp : tps) {
        queries.push_back({tp, kfk::OffsetSpec::earliest()});
        queries.push_back({tp, kfk::OffsetSpec::latest()});
        if (spec_.kind == StartSpec::Kind::time) {
            queries.push_back(
                {tp, kfk::OffsetSpec::at(kfk::TimePoint{std::chrono::milliseconds{spec_.value}})});
        }
    }
    if (queries.empty()) return;
    const auto listed = admin.list_offsets(queries, session_.timeout(), o_.isolation);
    const std::size_t stride = spec_.kind == StartSpec::Kind::time ? 3 : 2;
    for (std::size_t i = 0; i + stride <= listed.size(); i += stride) {
        for (std::size_t k = 0; k < stride; ++k) {
            if (listed[i + k].error) throw explain(listed[i + k].error, "list offsets");
        }
        auto& st = parts.get(listed[i].topic, listed[i].partition);
        st.end = o_.exit_at_end ? listed[i + 1].offset : -1;
        bounds_[{listed[i].topic, listed[i].partition}] = {
            listed[i].offset, listed[i + 1].offset,
            stride == 3 ? listed[i + 2].offset : kfk::offset::end};
    }
}

std::int64_t StartResolver::start_offset(const kfk::TopicPartition& tp) const {
    const auto it = bounds_.find(tp);
    if (it == bounds_.end()) return kfk::offset::end;
    const auto& [low, high, at_time] = it->second;
    return resolve_start_offset(spec_, low, high, at_time);
}

kfk::TopicPartitionOffsets StartResolver::assignment(kfk::BytesConsumer& consumer,
                                                     const kfk::TopicPartitions& tps,
                                                     Partitions& parts) {
    // With a group and explicit partitions: the committed offset wins where there is one.
    std::map<kfk::TopicPartition, std::int64_t> committed;
    if (!o_.group.empty()) {
        for (const auto& c : consumer.committed(tps, session_.timeout())) {
            if (c.offset >= 0) committed[c.topic_partition()] = c.offset;
        }
    }
    kfk::TopicPartitionOffsets out;
    for (const auto& tp : tps) {
        auto& st = parts.get(tp.topic, tp.partition);
        std::int64_t start;
        std::string why;
        if (auto c = committed.find(tp); c != committed.end()) {
            start = c->second;
            why = "committed offset of group " + o_.group;
        } else {
            start = start_offset(tp);
            why = describe();
        }
        if (start < 0) start = kfk::offset::end;
        st.assigned = true;
        st.position = start >= 0 ? start : -1;
        out.push_back({tp.topic, tp.partition, start});
        log_start(tp, start, why);
    }
    return out;
}

void StartResolver::on_assigned(kfk::BytesConsumer& consumer, const kfk::TopicPartitions& added,
                                Partitions& parts) {
    const auto committed = consumer.committed(added, session_.timeout());
    for (const auto& c : committed) {
        auto& st = parts.get(c.topic, c.partition);
        st.assigned = true;
        if (c.offset >= 0) {
            st.position = c.offset;
            st.printed = st.stored = c.offset;
            log_start(c.topic_partition(), c.offset, "committed offset of group " + o_.group);
            continue;
        }
        // No commit: --from decides. beginning/end are auto.offset.reset already.
        if (spec_.kind == StartSpec::Kind::beginning || spec_.kind == StartSpec::Kind::end ||
            spec_.kind == StartSpec::Kind::stored) {
            log_start(c.topic_partition(), -1,
                      std::string{"no commit: "} +
                          (spec_.kind == StartSpec::Kind::beginning ? "beginning" : "end"));
            continue;
        }
        const std::int64_t start = start_offset(c.topic_partition());
        if (start >= 0) {
            consumer.seek({c.topic, c.partition, start}, session_.timeout());
            st.position = start;
        }
        log_start(c.topic_partition(), start, "no commit: " + describe());
    }
}

std::string StartResolver::describe() const {
    switch (spec_.kind) {
        case StartSpec::Kind::beginning:
            return "beginning";
        case StartSpec::Kind::end:
            return "end";
        case StartSpec::Kind::stored:
            return "committed offset";
        case StartSpec::Kind::absolute:
            return "offset " + std::to_string(spec_.value);
        case StartSpec::Kind::from_end:
            return "last " + std::to_string(spec_.value);
        case StartSpec::Kind::time:
            return "time " + format_iso8601(spec_.value);
    }
    return "";
}

void StartResolver::log_start(const kfk::TopicPartition& tp, std::int64_t offset,
                              const std::string& why) const {
    if (!session_.verbose()) return;
    std::fprintf(stderr, "kfk: %s [%d] starts at %s (%s)\n", tp.topic.c_str(), tp.partition,
                 offset >= 0 ? ("offset " + std::to_string(offset)).c_str() : "the reset position",
                 why.c_str());
}

}  // namespace kfk::cli
