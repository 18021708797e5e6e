// Admin forwards to its AdminImpl (admin_impl.hpp); a moved-from Admin throws UsageError.
#include "admin/admin_impl.hpp"
#include "kfk/admin.hpp"
#include "kfk/exceptions.hpp"

namespace kfk {

Admin::Admin(AdminConfig config) : impl_(std::make_unique<detail::AdminImpl>(config)) {}
Admin::~Admin() = default;
Admin::Admin(Admin&&) noexcept = default;
Admin& Admin::operator=(Admin&&) noexcept = default;

detail::AdminImpl& Admin::impl() const {
    // As the clients: a moved-from Admin is a usage error, not a null dereference.
    if (!impl_) throw UsageError(Error{ErrorCode::state, "use of a moved-from Admin"});
    return *impl_;
}

std::vector<ItemResult> Admin::create_topics(const std::vector<NewTopic>& topics, Duration timeout,
                                             bool validate_only) {
    return impl().create_topics(topics, timeout, validate_only);
}
std::vector<ItemResult> Admin::delete_topics(const std::vector<std::string>& topics,
                                             Duration timeout) {
    return impl().delete_topics(topics, timeout);
}
std::vector<std::string> Admin::list_topics(Duration timeout, bool include_internal) {
    return impl().list_topics(timeout, include_internal);
}
std::vector<TopicDescription> Admin::describe_topics(const std::vector<std::string>& topics,
                                                     Duration timeout,
                                                     const DescribeTopicsOptions& options) {
    return impl().describe_topics(topics, timeout, options);
}
TopicPartitions Admin::topic_partitions(const std::vector<std::string>& topics, Duration timeout) {
    return impl().topic_partitions(topics, timeout);
}
std::vector<ItemResult> Admin::create_partitions(const std::vector<NewPartitions>& partitions,
                                                 Duration timeout, bool validate_only) {
    return impl().create_partitions(partitions, timeout, validate_only);
}
std::vector<ConfigDescription> Admin::describe_configs(const std::vector<ConfigResource>& resources,
                                                       Duration timeout) {
    return impl().describe_configs(resources, timeout);
}
std::vector<ConfigResourceResult> Admin::incremental_alter_configs(
    const std::vector<AlterConfigsRequest>& requests, Duration timeout, bool validate_only) {
    return impl().incremental_alter_configs(requests, timeout, validate_only);
}
ClusterDescription Admin::describe_cluster(Duration timeout) {
    return impl().describe_cluster(timeout);
}
GroupListResult Admin::list_groups(Duration timeout, const ListGroupsOptions& options) {
    return impl().list_groups(timeout, options);
}
std::vector<GroupDescription> Admin::describe_groups(const std::vector<std::string>& groups,
                                                     Duration timeout) {
    return impl().describe_groups(groups, timeout);
}
std::vector<ItemResult> Admin::delete_groups(const std::vector<std::string>& groups,
                                             Duration timeout) {
    return impl().delete_groups(groups, timeout);
}
TopicPartitionOffsets Admin::list_group_offsets(const std::string& group, Duration timeout,
                                                const TopicPartitions& partitions,
                                                bool require_stable) {
    return impl().list_group_offsets(group, timeout, partitions, require_stable);
}
TopicPartitionOffsets Admin::alter_group_offsets(const std::string& group,
                                                 const TopicPartitionOffsets& offsets,
                                                 Duration timeout) {
    return impl().alter_group_offsets(group, offsets, timeout);
}
TopicPartitionOffsets Admin::delete_group_offsets(const std::string& group,
                                                  const TopicPartitions& partitions,
                                                  Duration timeout) {
    return impl().delete_group_offsets(group, partitions, timeout);
}
OffsetResetPlan Admin::plan_offset_reset(const std::string& group,
                                         const TopicPartitions& partitions,
                                         const ResetStrategy& strategy, Duration timeout) {
    return impl().plan_offset_reset(group, partitions, strategy, timeout);
}
TopicPartitionOffsets Admin::execute_offset_reset(const OffsetResetPlan& plan, Duration timeout) {
    return impl().execute_offset_reset(plan, timeout);
}
TopicPartitionOffsets Admin::delete_records(const TopicPartitionOffsets& before, Duration timeout) {
    return impl().delete_records(before, timeout);
}
std::vector<ListedOffset> Admin::list_offsets(const std::vector<OffsetQuery>& queries,
                                              Duration timeout, IsolationLevel isolation) {
    return impl().list_offsets(queries, timeout, isolation);
}
GroupLag Admin::group_lag(const std::string& group, Duration timeout, IsolationLevel isolation) {
    return impl().group_lag(group, timeout, isolation);
}

void Admin::set_sasl_credentials(std::string_view username, std::string_view password) {
    impl().set_sasl_credentials(username, password);
}

std::vector<AclCreateResult> Admin::create_acls(const std::vector<AclBinding>& bindings,
                                                Duration timeout) {
    return impl().create_acls(bindings, timeout);
}
std::vector<AclBinding> Admin::describe_acls(const AclBindingFilter& filter, Duration timeout) {
    return impl().describe_acls(filter, timeout);
}
std::vector<AclDeleteResult> Admin::delete_acls(const std::vector<AclBindingFilter>& filters,
                                                Duration timeout) {
    return impl().delete_acls(filters, timeout);
}
std::vector<UserScramCredentials> Admin::describe_scram_credentials(
    const std::vector<std::string>& users, Duration timeout) {
    return impl().describe_scram_credentials(users, timeout);
}
std::vector<ItemResult> Admin::upsert_scram_credentials(
    const std::vector<ScramUpsertion>& upsertions, Duration timeout) {
    return impl().upsert_scram_credentials(upsertions, timeout);
}
std::vector<ItemResult> Admin::delete_scram_credentials(const std::vector<ScramDeletion>& deletions,
                                                        Duration timeout) {
    return impl().delete_scram_credentials(deletions, timeout);
}

std::string Admin::name() const {
    return impl().name();
}

}  // namespace kfk
