// Admin: list, describe and delete consumer groups.
#include <algorithm>
#include <map>

#include "admin/admin_impl.hpp"
#include "core/error_map.hpp"
#include "core/partition_list.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {
namespace detail {
namespace {

using DeleteGroupPtr =
    std::unique_ptr<rd_kafka_DeleteGroup_t, Deleter<rd_kafka_DeleteGroup_destroy>>;

TopicPartitions sorted_partitions(const rd_kafka_MemberAssignment_t* assignment) {
    if (!assignment) return {};
    auto out = partitions_of(rd_kafka_MemberAssignment_partitions(assignment));
    std::sort(out.begin(), out.end());
    return out;
}

GroupMember member_of(const rd_kafka_MemberDescription_t* m) {
    GroupMember out;
    if (const char* id = rd_kafka_MemberDescription_consumer_id(m)) out.member_id = id;
    if (const char* inst = rd_kafka_MemberDescription_group_instance_id(m)) {
        out.group_instance_id = inst;
    }
    if (const char* cid = rd_kafka_MemberDescription_client_id(m)) out.client_id = cid;
    if (const char* host = rd_kafka_MemberDescription_host(m)) out.host = host;
    out.assignment = sorted_partitions(rd_kafka_MemberDescription_assignment(m));
    if (const auto* target = rd_kafka_MemberDescription_target_assignment(m)) {
        out.target_assignment = sorted_partitions(target);
    }
    return out;
}

// Messages that say what to do, for the group errors people hit.
Error explain_group_error(const std::string& group, Error error) {
    switch (error.code()) {
        case ErrorCode::non_empty_group:
            return Error{error.code(),
                         "group '" + group +
                             "' still has active members: stop its consumers first (or wait "
                             "until their session times out), then delete it"};
        case ErrorCode::group_id_not_found:
            return Error{error.code(), "group '" + group + "' does not exist"};
        default:
            return error;
    }
}

}  // namespace

QueuePtr AdminImpl::start_describe_groups(const std::vector<std::string>& groups,
                                          Duration timeout) {
    std::vector<const char*> names;
    names.reserve(groups.size());
    for (const auto& g : groups) names.push_back(g.c_str());
    auto opts = options(RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, timeout);
    return start([&](rd_kafka_queue_t* q) {
        rd_kafka_DescribeConsumerGroups(rk(), names.data(), names.size(), opts.get(), q);
    });
}

std::vector<GroupDescription> describe_groups_result(rd_kafka_event_t* ev) {
    size_t n = 0;
    const auto** groups = rd_kafka_DescribeConsumerGroups_result_groups(
        rd_kafka_event_DescribeConsumerGroups_result(ev), &n);
    std::vector<GroupDescription> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const auto* g = groups[i];
        GroupDescription d;
        d.group_id = rd_kafka_ConsumerGroupDescription_group_id(g);
        d.error = copy_error(rd_kafka_ConsumerGroupDescription_error(g));
        d.state = group_state_of(rd_kafka_ConsumerGroupDescription_state(g));
        d.type = group_type_of(rd_kafka_ConsumerGroupDescription_type(g));
        d.is_simple = rd_kafka_ConsumerGroupDescription_is_simple_consumer_group(g) != 0;
        if (const char* a = rd_kafka_ConsumerGroupDescription_partition_assignor(g)) {
            d.partition_assignor = a;
        }
        if (const auto* c = rd_kafka_ConsumerGroupDescription_coordinator(g)) {
            d.coordinator = broker_of(c);
        }
        size_t ops_n = 0;
        const auto* ops = rd_kafka_ConsumerGroupDescription_authorized_operations(g, &ops_n);
        d.authorized_operations = acl_operations_of(ops, ops_n);
        const size_t members = rd_kafka_ConsumerGroupDescription_member_count(g);
        for (size_t m = 0; m < members; ++m) {
            d.members.push_back(member_of(rd_kafka_ConsumerGroupDescription_member(g, m)));
        }
        std::sort(
            d.members.begin(), d.members.end(),
            [](const GroupMember& a, const GroupMember& b) { return a.member_id < b.member_id; });
        // The classic DescribeGroups answers an unknown group with state Dead and no error.
        if (!d.error && d.state == GroupState::dead && d.members.empty()) {
            d.error = Error{ErrorCode::group_id_not_found};
        }
        d.error = explain_group_error(d.group_id, d.error);
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace detail

const GroupMember* GroupDescription::owner_of(const TopicPartition& tp) const noexcept {
    for (const auto& m : members) {
        if (std::binary_search(m.assignment.begin(), m.assignment.end(), tp)) return &m;
    }
    return nullptr;
}

GroupListResult detail::AdminImpl::list_groups(Duration timeout, const ListGroupsOptions& filter) {
    auto opts = options(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, timeout);
    if (!filter.states.empty()) {
        std::vector<rd_kafka_consumer_group_state_t> states;
        for (auto s : filter.states) states.push_back(detail::to_rd(s));
        if (Error err = detail::take_error(rd_kafka_AdminOptions_set_match_consumer_group_states(
                opts.get(), states.data(), states.size()))) {
            throw UsageError(err, "list groups");
        }
    }
    if (!filter.types.empty()) {
        std::vector<rd_kafka_consumer_group_type_t> types;
        for (auto t : filter.types) types.push_back(detail::to_rd(t));
        if (Error err = detail::take_error(rd_kafka_AdminOptions_set_match_consumer_group_types(
                opts.get(), types.data(), types.size()))) {
            throw UsageError(err, "list groups");
        }
    }
    auto ev = run([&](rd_kafka_queue_t* q) { rd_kafka_ListConsumerGroups(rk(), opts.get(), q); },
                  timeout, "list groups");
    const auto* res = rd_kafka_event_ListConsumerGroups_result(ev.get());
    GroupListResult out;
    size_t n = 0;
    const auto** valid = rd_kafka_ListConsumerGroups_result_valid(res, &n);
    for (size_t i = 0; i < n; ++i) {
        GroupListing g;
        g.group_id = rd_kafka_ConsumerGroupListing_group_id(valid[i]);
        g.state = detail::group_state_of(rd_kafka_ConsumerGroupListing_state(valid[i]));
        g.type = detail::group_type_of(rd_kafka_ConsumerGroupListing_type(valid[i]));
        g.is_simple = rd_kafka_ConsumerGroupListing_is_simple_consumer_group(valid[i]) != 0;
        out.groups.push_back(std::move(g));
    }
    std::sort(out.groups.begin(), out.groups.end(),
              [](const GroupListing& a, const GroupListing& b) { return a.group_id < b.group_id; });
    size_t en = 0;
    const auto** errors = rd_kafka_ListConsumerGroups_result_errors(res, &en);
    for (size_t i = 0; i < en; ++i) out.errors.push_back(detail::copy_error(errors[i]));
    // No broker answered at all: that is the whole call failing, not a partial listing.
    if (out.groups.empty() && !out.errors.empty()) throw_error(out.errors.front(), "list groups");
    return out;
}

std::vector<GroupDescription> detail::AdminImpl::describe_groups(
    const std::vector<std::string>& groups, Duration timeout) {
    if (groups.empty()) return {};
    const detail::Deadline deadline{timeout};
    auto described = collect_describe_groups(start_describe_groups(groups, timeout), deadline,
                                             "describe groups");
    // Every group failing on the client side (timeout, transport) is the call failing.
    const bool all_local = std::all_of(described.begin(), described.end(), [](const auto& d) {
        return d.error && d.error.raw_code() < 0;
    });
    if (!described.empty() && all_local) {
        throw_error(described.front().error, "describe groups");
    }
    // In the caller's order.
    std::vector<GroupDescription> out;
    for (const auto& name : groups) {
        auto it = std::find_if(described.begin(), described.end(),
                               [&](const GroupDescription& d) { return d.group_id == name; });
        if (it != described.end()) {
            out.push_back(*it);
        } else {
            GroupDescription d;
            d.group_id = name;
            d.error = Error{ErrorCode::unknown, "no result from the broker"};
            out.push_back(std::move(d));
        }
    }
    return out;
}

std::vector<ItemResult> detail::AdminImpl::delete_groups(const std::vector<std::string>& groups,
                                                         Duration timeout) {
    if (groups.empty()) return {};
    std::vector<detail::DeleteGroupPtr> owned;
    std::vector<rd_kafka_DeleteGroup_t*> raw;
    for (const auto& g : groups) {
        owned.emplace_back(rd_kafka_DeleteGroup_new(g.c_str()));
        raw.push_back(owned.back().get());
    }
    auto opts = options(RD_KAFKA_ADMIN_OP_DELETEGROUPS, timeout);
    auto ev = run(
        [&](rd_kafka_queue_t* q) {
            rd_kafka_DeleteGroups(rk(), raw.data(), raw.size(), opts.get(), q);
        },
        timeout, "delete groups");
    size_t n = 0;
    const auto** results =
        rd_kafka_DeleteGroups_result_groups(rd_kafka_event_DeleteGroups_result(ev.get()), &n);
    std::map<std::string, Error> by_name;
    for (size_t i = 0; i < n; ++i) {
        std::string name = rd_kafka_group_result_name(results[i]);
        by_name[name] = detail::explain_group_error(
            name, detail::copy_error(rd_kafka_group_result_error(results[i])));
    }
    const bool all_local = std::all_of(by_name.begin(), by_name.end(), [](const auto& kv) {
        return kv.second && kv.second.raw_code() < 0;
    });
    if (!by_name.empty() && all_local) throw_error(by_name.begin()->second, "delete groups");
    std::vector<ItemResult> out;
    for (const auto& g : groups) {
        auto it = by_name.find(g);
        out.push_back({g, it != by_name.end()
                              ? it->second
                              : Error{ErrorCode::unknown, "no result from the broker"}});
    }
    return out;
}

}  // namespace kfk
