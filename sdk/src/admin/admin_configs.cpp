// Admin: describe and incrementally alter topic, broker and group configs.
#include <algorithm>
#include <exception>

#include "admin/admin_impl.hpp"
#include "core/error_map.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {
namespace {

using ConfigResourcePtr =
    std::unique_ptr<rd_kafka_ConfigResource_t, Deleter<rd_kafka_ConfigResource_destroy>>;

constexpr const char* redacted = "[sensitive]";

ConfigSynonym synonym_of(const rd_kafka_ConfigEntry_t* e) {
    ConfigSynonym s;
    s.name = rd_kafka_ConfigEntry_name(e);
    s.source = config_source_of(rd_kafka_ConfigEntry_source(e));
    const char* v = rd_kafka_ConfigEntry_value(e);
    if (v && !rd_kafka_ConfigEntry_is_sensitive(e)) s.value = v;
    return s;
}

ConfigEntry entry_of(const rd_kafka_ConfigEntry_t* e) {
    ConfigEntry c;
    c.name = rd_kafka_ConfigEntry_name(e);
    c.source = config_source_of(rd_kafka_ConfigEntry_source(e));
    c.is_default = rd_kafka_ConfigEntry_is_default(e) != 0;
    c.is_read_only = rd_kafka_ConfigEntry_is_read_only(e) != 0;
    c.is_sensitive = rd_kafka_ConfigEntry_is_sensitive(e) != 0;
    // The broker already withholds sensitive values; never keep one even if it did not.
    const char* v = rd_kafka_ConfigEntry_value(e);
    if (v && !c.is_sensitive) c.value = v;
    size_t n = 0;
    const auto** syn = rd_kafka_ConfigEntry_synonyms(e, &n);
    for (size_t i = 0; i < n; ++i) {
        auto s = synonym_of(syn[i]);
        if (c.is_sensitive) s.value.reset();
        c.synonyms.push_back(std::move(s));
    }
    return c;
}

// librdkafka sends a BROKER resource to that broker, so each goes in a request of its own;
// topics and groups share one request.
std::vector<std::vector<size_t>> batches_of(const std::vector<ConfigResource>& resources) {
    std::vector<std::vector<size_t>> batches;
    std::vector<size_t> shared;
    for (size_t i = 0; i < resources.size(); ++i) {
        if (resources[i].type == ConfigResourceType::broker) {
            batches.push_back({i});
        } else {
            shared.push_back(i);
        }
    }
    if (!shared.empty()) batches.push_back(std::move(shared));
    return batches;
}

ConfigResourcePtr make_resource(const ConfigResource& r) {
    return ConfigResourcePtr{rd_kafka_ConfigResource_new(to_rd(r.type), r.name.c_str())};
}

// The result resource matching `wanted`, or null.
const rd_kafka_ConfigResource_t* find_resource(const rd_kafka_ConfigResource_t** results, size_t n,
                                               const ConfigResource& wanted) {
    for (size_t i = 0; i < n; ++i) {
        const auto type = resource_type_of(rd_kafka_ConfigResource_type(results[i]));
        if (type == wanted.type && wanted.name == rd_kafka_ConfigResource_name(results[i])) {
            return results[i];
        }
    }
    return nullptr;
}

Error resource_error(const rd_kafka_ConfigResource_t* r) {
    const char* msg = rd_kafka_ConfigResource_error_string(r);
    return make_error(rd_kafka_ConfigResource_error(r), msg ? msg : "");
}

// One request per batch of resources (see batches_of), all in flight at once.
struct PendingBatch {
    std::vector<size_t> items;
    QueuePtr queue;
};

// Waits for every batch and hands each result event to `take(batch, event)`. A batch whose
// request failed as a whole (a broker resource whose broker is down or unknown, a timeout)
// gives its error to its items, `fail(item, error)`, and the others keep their results, as
// the Java AdminClient's per-resource futures do. Only when every batch failed does the
// call fail, with the first batch's exception.
template <class Take, class Fail>
void collect_batches(AdminImpl& impl, std::vector<PendingBatch>& pending, AdminDuration timeout,
                     const std::string& what, Take&& take, Fail&& fail) {
    const Deadline deadline{timeout};
    std::exception_ptr first_failure;
    size_t failed = 0;
    for (auto& p : pending) {
        try {
            auto ev = impl.wait(p.queue.get(), deadline.remaining(), what);
            take(p, ev.get());
        } catch (const Exception& e) {
            if (!first_failure) first_failure = std::current_exception();
            ++failed;
            for (size_t i : p.items) fail(i, e.error());
        }
    }
    if (failed == pending.size() && first_failure) std::rethrow_exception(first_failure);
}

}  // namespace
}  // namespace detail

std::string ConfigEntry::display_value() const {
    if (is_sensitive) return detail::redacted;
    return value ? *value : std::string{"null"};
}

std::string ConfigEntry::to_string() const {
    std::string s = name + "=" + display_value() + " (" + std::string{kfk::to_string(source)};
    if (is_read_only) s += ", read-only";
    if (is_default) s += ", default";
    if (is_sensitive) s += ", sensitive";
    return s + ")";
}

const ConfigEntry* ConfigDescription::find(std::string_view name) const noexcept {
    for (const auto& e : entries) {
        if (e.name == name) return &e;
    }
    return nullptr;
}

std::vector<ConfigDescription> detail::AdminImpl::describe_configs(
    const std::vector<ConfigResource>& resources, Duration timeout) {
    std::vector<ConfigDescription> out(resources.size());
    for (size_t i = 0; i < resources.size(); ++i) out[i].resource = resources[i];
    if (resources.empty()) return out;

    std::vector<detail::PendingBatch> pending;
    for (auto& batch : detail::batches_of(resources)) {
        std::vector<detail::ConfigResourcePtr> owned;
        std::vector<rd_kafka_ConfigResource_t*> raw;
        for (size_t i : batch) {
            owned.push_back(detail::make_resource(resources[i]));
            raw.push_back(owned.back().get());
        }
        auto opts = options(RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout);
        auto queue = start([&](rd_kafka_queue_t* q) {
            rd_kafka_DescribeConfigs(rk(), raw.data(), raw.size(), opts.get(), q);
        });
        pending.push_back({std::move(batch), std::move(queue)});
    }
    const auto take = [&](const detail::PendingBatch& p, rd_kafka_event_t* ev) {
        size_t n = 0;
        const auto** results = rd_kafka_DescribeConfigs_result_resources(
            rd_kafka_event_DescribeConfigs_result(ev), &n);
        for (size_t i : p.items) {
            const auto* r = detail::find_resource(results, n, resources[i]);
            if (!r) {
                out[i].error = Error{ErrorCode::unknown, "no result from the broker"};
                continue;
            }
            out[i].error = detail::resource_error(r);
            size_t cn = 0;
            const auto** entries = rd_kafka_ConfigResource_configs(r, &cn);
            for (size_t e = 0; e < cn; ++e) out[i].entries.push_back(detail::entry_of(entries[e]));
            std::sort(out[i].entries.begin(), out[i].entries.end(),
                      [](const ConfigEntry& a, const ConfigEntry& b) { return a.name < b.name; });
        }
    };
    detail::collect_batches(*this, pending, timeout, "describe configs", take,
                            [&](size_t i, const Error& e) { out[i].error = e; });
    return out;
}

std::vector<ConfigResourceResult> detail::AdminImpl::incremental_alter_configs(
    const std::vector<AlterConfigsRequest>& requests, Duration timeout, bool validate_only) {
    std::vector<ConfigResourceResult> out(requests.size());
    std::vector<ConfigResource> resources;
    for (size_t i = 0; i < requests.size(); ++i) {
        out[i].resource = requests[i].resource;
        resources.push_back(requests[i].resource);
    }
    if (requests.empty()) return out;

    std::vector<detail::PendingBatch> pending;
    for (auto& batch : detail::batches_of(resources)) {
        std::vector<detail::ConfigResourcePtr> owned;
        std::vector<rd_kafka_ConfigResource_t*> raw;
        for (size_t i : batch) {
            owned.push_back(detail::make_resource(requests[i].resource));
            for (const auto& a : requests[i].alterations) {
                const char* value = a.op == AlterConfigOp::remove ? nullptr : a.value.c_str();
                if (Error err = detail::take_error(rd_kafka_ConfigResource_add_incremental_config(
                        owned.back().get(), a.name.c_str(), detail::to_rd(a.op), value))) {
                    throw UsageError(err, std::string{to_string(requests[i].resource.type)} + " '" +
                                              requests[i].resource.name + "' config " + a.name);
                }
            }
            raw.push_back(owned.back().get());
        }
        auto opts = options(RD_KAFKA_ADMIN_OP_INCREMENTALALTERCONFIGS, timeout, validate_only);
        auto queue = start([&](rd_kafka_queue_t* q) {
            rd_kafka_IncrementalAlterConfigs(rk(), raw.data(), raw.size(), opts.get(), q);
        });
        pending.push_back({std::move(batch), std::move(queue)});
    }
    const auto take = [&](const detail::PendingBatch& p, rd_kafka_event_t* ev) {
        size_t n = 0;
        const auto** results = rd_kafka_IncrementalAlterConfigs_result_resources(
            rd_kafka_event_IncrementalAlterConfigs_result(ev), &n);
        for (size_t i : p.items) {
            const auto* r = detail::find_resource(results, n, resources[i]);
            out[i].error = r ? detail::resource_error(r)
                             : Error{ErrorCode::unknown, "no result from the broker"};
        }
    };
    detail::collect_batches(*this, pending, timeout, "alter configs", take,
                            [&](size_t i, const Error& e) { out[i].error = e; });
    return out;
}

}  // namespace kfk
