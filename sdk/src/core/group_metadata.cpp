#include "kfk/group_metadata.hpp"

#include "core/group_metadata_impl.hpp"

namespace kfk {

GroupMetadata::GroupMetadata() = default;
GroupMetadata::~GroupMetadata() = default;
GroupMetadata::GroupMetadata(GroupMetadata&&) noexcept = default;
GroupMetadata& GroupMetadata::operator=(GroupMetadata&&) noexcept = default;
GroupMetadata::GroupMetadata(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::string GroupMetadata::group_id() const {
    if (!impl_) return {};
    // The C API exposes no accessor for the group id; it is the first field of the serialized
    // form only by accident, so report what the consumer was configured with instead.
    return impl_->group_id;
}

}  // namespace kfk
