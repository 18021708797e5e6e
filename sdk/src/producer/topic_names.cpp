#include "producer/topic_names.hpp"

#include <functional>
#include <mutex>
#include <set>

namespace kfk::detail {

namespace {

struct InternedTopics {
    std::mutex mu;
    std::set<std::string, std::less<>> names;  // nodes never move: references stay valid
};

InternedTopics& interned_topics() {
    static auto* const table = new InternedTopics;  // deliberately leaked: usable until the end
    return *table;
}

}  // namespace

const std::string* try_intern_topic(std::string_view name) {
    auto& table = interned_topics();
    std::lock_guard lock{table.mu};
    auto it = table.names.find(name);
    if (it != table.names.end()) return &*it;
    if (table.names.size() >= interned_topics_max) return nullptr;
    return &*table.names.emplace(name).first;
}

std::size_t interned_topic_count() {
    auto& table = interned_topics();
    std::lock_guard lock{table.mu};
    return table.names.size();
}

TopicName topic_name_for(std::string_view name) {
    if (const std::string* interned = try_intern_topic(name)) return {*interned, nullptr};
    auto owned = std::make_shared<const std::string>(name);
    return {*owned, std::move(owned)};
}

}  // namespace kfk::detail
